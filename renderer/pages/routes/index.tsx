import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, EmptyState, Grid, Group, NavLink, ScrollArea, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDeviceFloppy, IconPlus, IconRoute, IconTrash, IconArrowBackUp } from '@tabler/icons-react';
import { api, ApiError, errorMessage } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CardsSkeleton } from '../../components/PageSkeleton';
import { notifyError, notifySuccess } from '../../lib/notify';
import { JsonEditor, focusLine } from './JsonEditor';
import { checkRouteText, placeServerIssues, pretty, routeNameError, routeTemplate, type RouteIssue, type TemplateKind } from './validate';

const TEMPLATES: Array<{ kind: TemplateKind; label: string }> = [
  { kind: 'fallback', label: 'Fallback' },
  { kind: 'loadbalance', label: 'Load balance' },
  { kind: 'race', label: 'Race' },
  { kind: 'auto', label: 'Auto' },
];

function strategyOf(route: unknown): string {
  return route && typeof route === 'object' && 'strategy' in route ? String((route as { strategy: unknown }).strategy) : '?';
}
function descriptionOf(route: unknown): string | null {
  return route && typeof route === 'object' && 'description' in route && typeof (route as { description: unknown }).description === 'string'
    ? (route as { description: string }).description
    : null;
}

type Selection = { kind: 'new' } | { kind: 'existing'; name: string } | { kind: 'none' };

export default function RoutesPage() {
  const routes = useApiQuery('routes.list', {});
  const providers = useApiQuery('providers.list', {});
  const [selection, setSelection] = useState<Selection>({ kind: 'none' });
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [savedText, setSavedText] = useState('');
  const [serverIssues, setServerIssues] = useState<RouteIssue[]>([]);
  const [serverChecked, setServerChecked] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editorRef = useRef<HTMLTextAreaElement>(null);

  const myModels = useMemo(
    () => (providers.data ?? []).filter((p) => p.key?.available && p.models.length).flatMap((p) => p.models.slice(0, 2).map((m) => `${p.id}/${m}`)),
    [providers.data],
  );

  const list = routes.data ?? [];
  const existingNames = list.map((r) => r.name);
  const isNew = selection.kind === 'new';

  // pick the first route once loaded
  useEffect(() => {
    if (selection.kind === 'none' && routes.data?.length) openRoute(routes.data[0]!.name, routes.data[0]!.route);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [routes.data]);

  function openRoute(routeName: string, route: unknown) {
    setSelection({ kind: 'existing', name: routeName });
    setName(routeName);
    const t = pretty(route);
    setText(t);
    setSavedText(t);
    setServerIssues([]);
    setSaveError(null);
  }

  function startNew(kind: TemplateKind = 'fallback') {
    setSelection({ kind: 'new' });
    setName('');
    const t = pretty(routeTemplate(kind, myModels));
    setText(t);
    setSavedText('');
    setServerIssues([]);
    setSaveError(null);
  }

  const check = useMemo(() => checkRouteText(text), [text]);
  const nameError = routeNameError(name, existingNames, isNew);

  // Locally valid: ask the server too (it knows providers and other routes), debounced.
  useEffect(() => {
    if (!check.ok || selection.kind === 'none') {
      setServerIssues([]);
      setServerChecked(null);
      return;
    }
    const snapshot = text;
    const timer = setTimeout(() => {
      api
        .call('routes.validate', { route: check.value })
        .then((r) => {
          setServerIssues(r.ok ? [] : placeServerIssues(snapshot, r.issues));
          setServerChecked(snapshot);
        })
        .catch(() => setServerChecked(null)); // the save will report it
    }, 350);
    return () => clearTimeout(timer);
  }, [check, text, selection.kind]);

  const issues = check.ok ? serverIssues : check.issues;
  const errorLines = useMemo(() => new Set(issues.map((i) => i.line)), [issues]);
  const dirty = isNew || text !== savedText;
  const canSave = check.ok && serverIssues.length === 0 && !!name && !nameError && dirty;

  const save = async () => {
    if (!canSave || !check.ok) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await api.call('routes.save', { name, route: check.value });
      notifySuccess(`Route “${saved.name}” saved`, `Clients can call it as model “${saved.name}”.`);
      await routes.reload();
      openRoute(saved.name, saved.route);
    } catch (err) {
      if (err instanceof ApiError && err.issues?.length) setServerIssues(placeServerIssues(text, err.issues));
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (selection.kind !== 'existing') return;
    setDeleting(true);
    try {
      await api.call('routes.remove', { name: selection.name });
      notifySuccess(`Route “${selection.name}” deleted`);
      setConfirmDelete(false);
      setSelection({ kind: 'none' });
      setText('');
      const fresh = await api.call('routes.list', {});
      routes.setData(fresh);
      if (fresh[0]) openRoute(fresh[0].name, fresh[0].route);
    } catch (err) {
      notifyError('Could not delete the route', err);
    } finally {
      setDeleting(false);
    }
  };

  const issuesId = 'route-issues';

  return (
    <>
      <PageHeader
        title="Routes"
        description="Named virtual models with a routing policy: fallback, load balancing, racing or automatic choice. Clients call a route by its name, like any model."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => startNew()}>
            New route
          </Button>
        }
      />
      {routes.error && !routes.data ? (
        <ErrorAlert title="Could not load routes" error={routes.error} onRetry={() => void routes.reload()} />
      ) : !routes.data ? (
        <CardsSkeleton rows={2} />
      ) : list.length === 0 && selection.kind !== 'new' ? (
        <Card py="xl">
          <EmptyState icon={<IconRoute size={28} />} variant="light" title="No routes yet" description="Start from a template: each one is a complete, valid route you can adjust.">
            <EmptyState.Actions>
              <Group gap="xs" justify="center">
                {TEMPLATES.map((t) => (
                  <Button key={t.kind} variant="light" onClick={() => startNew(t.kind)}>
                    {t.label}
                  </Button>
                ))}
              </Group>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Card padding="xs" component="nav" aria-label="Routes">
              <ScrollArea.Autosize mah={520}>
                {list.map((r) => (
                  <NavLink
                    key={r.name}
                    component="button"
                    label={<Text ff="monospace" size="sm" fw={500}>{r.name}</Text>}
                    description={descriptionOf(r.route) ?? undefined}
                    rightSection={
                      <Badge size="xs" variant="light" color="gray">
                        {strategyOf(r.route)}
                      </Badge>
                    }
                    active={selection.kind === 'existing' && selection.name === r.name}
                    onClick={() => openRoute(r.name, r.route)}
                    style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                  />
                ))}
                {isNew && <NavLink component="button" label={<Text size="sm" fs="italic">{name || 'new route'}</Text>} active leftSection={<IconPlus size={14} />} />}
              </ScrollArea.Autosize>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            {selection.kind === 'none' ? (
              <CardsSkeleton rows={1} />
            ) : (
              <Card component="section" aria-labelledby="editor-heading">
                <Stack gap="md">
                  <Group justify="space-between" wrap="wrap" gap="sm">
                    <Title order={2} fz="lg" id="editor-heading">
                      {isNew ? 'New route' : <>Edit <Text span ff="monospace" inherit>{name}</Text></>}
                    </Title>
                    <Group gap={6} wrap="wrap">
                      <Text size="xs" c="dimmed">
                        Template:
                      </Text>
                      {TEMPLATES.map((t) => (
                        <Button
                          key={t.kind}
                          size="compact-xs"
                          variant="default"
                          onClick={() => setText(pretty(routeTemplate(t.kind, myModels)))}
                          aria-label={`Replace the editor content with the ${t.label} template`}
                        >
                          {t.label}
                        </Button>
                      ))}
                    </Group>
                  </Group>
                  {isNew && (
                    <TextInput
                      label="Name"
                      description="What clients send as the model, e.g. “fast” or “route/fast”"
                      placeholder="fast"
                      value={name}
                      onChange={(e) => setName(e.currentTarget.value.trim())}
                      error={nameError}
                      required
                      maw={360}
                      spellCheck={false}
                      autoComplete="off"
                    />
                  )}
                  <div>
                    <Text size="sm" fw={500} mb={4}>
                      Route (JSON)
                    </Text>
                    <JsonEditor ref={editorRef} value={text} onChange={setText} errorLines={errorLines} label="Route JSON" describedBy={issuesId} invalid={issues.length > 0} />
                  </div>
                  <div id={issuesId} aria-live="polite">
                    {issues.length > 0 ? (
                      <Alert color="red" variant="light" p="sm" icon={<IconAlertTriangle size={18} />} title={`${issues.length} problem${issues.length === 1 ? '' : 's'}`} data-testid="route-issues">
                        <Stack gap={4}>
                          {issues.map((i, n) => (
                            <UnstyledButton key={n} onClick={() => focusLine(editorRef.current, i.line)} className="brand" aria-label={`Line ${i.line}: ${i.field}: ${i.message}. Go to line`}>
                              <Group gap={8} wrap="nowrap" align="flex-start">
                                <Badge size="sm" variant="filled" color="red" miw={58}>
                                  line {i.line}
                                </Badge>
                                <Text size="sm">
                                  <Text span ff="monospace" fw={600} size="sm">
                                    {i.field}
                                  </Text>
                                  : {i.message}
                                </Text>
                              </Group>
                            </UnstyledButton>
                          ))}
                        </Stack>
                      </Alert>
                    ) : check.ok ? (
                      <Group gap={6}>
                        <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" />
                        <Text size="sm" c="teal" data-testid="route-valid">
                          {serverChecked === text ? 'Valid route' : 'Valid JSON and schema'}
                        </Text>
                      </Group>
                    ) : null}
                  </div>
                  {saveError !== null && !(saveError instanceof ApiError && saveError.issues?.length) && (
                    <Alert color="red" variant="light" p="sm" title="Not saved">
                      {errorMessage(saveError)}
                    </Alert>
                  )}
                  <Group justify="space-between">
                    <Group gap="sm">
                      <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} loading={saving} disabled={!canSave}>
                        {isNew ? 'Create route' : 'Save changes'}
                      </Button>
                      {!isNew && dirty && (
                        <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => setText(savedText)}>
                          Revert
                        </Button>
                      )}
                      {isNew && (
                        <Button
                          variant="default"
                          onClick={() => {
                            setSelection({ kind: 'none' });
                            if (list[0]) openRoute(list[0].name, list[0].route);
                          }}
                        >
                          Cancel
                        </Button>
                      )}
                    </Group>
                    {!isNew && (
                      <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                        Delete
                      </Button>
                    )}
                  </Group>
                </Stack>
              </Card>
            )}
          </Grid.Col>
        </Grid>
      )}
      <ConfirmModal
        opened={confirmDelete}
        title={`Delete the route “${selection.kind === 'existing' ? selection.name : ''}”?`}
        confirmLabel="Delete route"
        onConfirm={remove}
        onClose={() => setConfirmDelete(false)}
        loading={deleting}
      >
        Clients that call this route by name will get a “model not found” error.
      </ConfirmModal>
    </>
  );
}

import { useCallback, useState } from 'react';
import { Anchor, Badge, Button, Card, EmptyState, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink, IconKey, IconPlugConnected, IconPlus } from '@tabler/icons-react';
import type { ProviderInfo } from '../../../shared/contract';
import { api, errorMessage } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CardsSkeleton } from '../../components/PageSkeleton';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useStatus } from '../../status';
import { CustomProviderDialog } from './CustomProviderDialog';
import { KeyDialog } from './KeyDialog';
import { KeyringNotice } from './KeyringNotice';
import { ProviderCard, type TestOutcome } from './ProviderCard';
import { backendLabel } from './protection';

function isConfigured(p: ProviderInfo): boolean {
  return p.key !== null || p.custom;
}

function AvailableProvider({ p, onAdd, onTest, testing, test }: { p: ProviderInfo; onAdd: () => void; onTest: () => void; testing: boolean; test?: TestOutcome }) {
  return (
    <Card padding="md" data-testid={`available-${p.id}`}>
      <Stack gap={6} h="100%" justify="space-between">
        <div>
          <Group gap={6} mb={2}>
            <Text fw={600}>{p.label}</Text>
            {p.local && (
              <Badge size="xs" variant="light" color="cyan">
                local
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" ff="monospace" truncate="end" title={p.baseUrl}>
            {p.baseUrl}
          </Text>
          {test && (
            <Text size="xs" mt={4} c={test.ok ? 'teal' : 'red'} role="status">
              {test.ok ? `Reachable · ${test.models} models` : test.message}
            </Text>
          )}
        </div>
        <Group gap="xs" mt="xs" justify="space-between">
          <Group gap="xs">
            <Button size="xs" variant={p.needsKey ? 'light' : 'default'} leftSection={<IconKey size={14} />} onClick={onAdd} aria-label={`Add a key for ${p.label}`}>
              Add key
            </Button>
            {!p.needsKey && (
              <Button size="xs" variant="light" leftSection={<IconPlugConnected size={14} />} onClick={onTest} loading={testing} aria-label={`Test ${p.label}`}>
                Test
              </Button>
            )}
          </Group>
          {p.keyUrl && (
            <Anchor href={p.keyUrl} target="_blank" rel="noreferrer" size="xs" aria-label={`Get a key from ${p.label} (opens their site)`}>
              <Group gap={2} component="span">
                Get a key <IconExternalLink size={12} />
              </Group>
            </Anchor>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export default function KeysPage() {
  const providers = useApiQuery('providers.list', {});
  const keyring = useApiQuery('keyring.info', {});
  const { reload: reloadStatus } = useStatus();
  const [editing, setEditing] = useState<ProviderInfo | null>(null);
  const [removing, setRemoving] = useState<ProviderInfo | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);
  const [customOpen, setCustomOpen] = useState(false);
  const [tests, setTests] = useState<Record<string, TestOutcome>>({});
  const [testing, setTesting] = useState<Record<string, boolean>>({});

  const replaceProvider = useCallback(
    (p: ProviderInfo) => providers.setData((list) => (list?.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [...(list ?? []), p])),
    [providers],
  );

  const runTest = useCallback(
    async (p: ProviderInfo) => {
      setTesting((t) => ({ ...t, [p.id]: true }));
      try {
        const r = await api.call('keys.test', { provider: p.id });
        setTests((t) => ({ ...t, [p.id]: { ok: r.ok, status: r.status, message: r.message, models: r.models.length } }));
        if (r.ok) {
          // the model list is now cached by main; pick it up (with its fetched time)
          void providers.reload();
        }
      } catch (err) {
        setTests((t) => ({ ...t, [p.id]: { ok: false, status: 0, message: errorMessage(err), models: 0 } }));
      } finally {
        setTesting((t) => ({ ...t, [p.id]: false }));
      }
    },
    [providers],
  );

  const onSaved = (p: ProviderInfo) => {
    setEditing(null);
    setCustomOpen(false);
    replaceProvider(p);
    setTests((t) => {
      const { [p.id]: _gone, ...rest } = t;
      return rest;
    });
    notifySuccess(p.key ? `${p.label} key saved` : `${p.label} added`, p.key ? `Sealed with ${backendLabel(p.key.backend)}. Testing it now…` : 'Testing the endpoint now…');
    void reloadStatus();
    void runTest(p);
  };

  const remove = async () => {
    if (!removing) return;
    setRemoveBusy(true);
    try {
      await api.call('keys.remove', { provider: removing.id });
      notifySuccess(`${removing.label} key removed`, 'It has been deleted from this machine.');
      setTests((t) => {
        const { [removing.id]: _gone, ...rest } = t;
        return rest;
      });
      setRemoving(null);
      await providers.reload();
      void reloadStatus();
    } catch (err) {
      notifyError(`Could not remove the ${removing.label} key`, err);
    } finally {
      setRemoveBusy(false);
    }
  };

  const list = providers.data ?? [];
  const configured = list.filter(isConfigured);
  const available = list.filter((p) => !isConfigured(p));

  return (
    <>
      <PageHeader
        title="Keys"
        description="Your provider API keys, sealed on this machine. A key is sent to Switchboard once, when you save it, and is never shown again."
        actions={
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setCustomOpen(true)}>
            Custom endpoint
          </Button>
        }
      />
      {keyring.data && (
        <KeyringNotice
          info={keyring.data}
          lockedKeys={(providers.data ?? []).filter((p) => p.key && !p.key.available && p.key.backend === 'passphrase').length}
          onChanged={(info) => {
            keyring.setData(info);
            notifySuccess(info.backend === 'passphrase' ? 'Passphrase mode is on' : 'Keyring updated', 'Your stored keys are sealed with the passphrase.');
            void providers.reload();
            void reloadStatus();
          }}
        />
      )}
      {keyring.error && <ErrorAlert title="Could not read the keyring status" error={keyring.error} onRetry={() => void keyring.reload()} />}

      {providers.error && !providers.data ? (
        <ErrorAlert title="Could not load providers" error={providers.error} onRetry={() => void providers.reload()} />
      ) : !providers.data ? (
        <CardsSkeleton />
      ) : (
        <Stack gap="xl">
          <section aria-labelledby="configured-heading">
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="md" id="configured-heading">
                Your providers{' '}
                <Text span c="dimmed" fz="sm">
                  ({configured.length})
                </Text>
              </Title>
            </Group>
            {configured.length === 0 ? (
              <Card py="xl">
                <EmptyState
                  icon={<IconKey size={28} />}
                  variant="light"
                  title="No provider keys yet"
                  description="Add a key for any provider below (or a custom OpenAI-compatible endpoint). Switchboard uses it for every client you connect."
                />
              </Card>
            ) : (
              <Stack gap="md">
                {configured.map((p) => (
                  <ProviderCard
                    key={p.id}
                    provider={p}
                    test={tests[p.id]}
                    testing={!!testing[p.id]}
                    onTest={() => void runTest(p)}
                    onEditKey={() => setEditing(p)}
                    onRemove={() => setRemoving(p)}
                  />
                ))}
              </Stack>
            )}
          </section>

          {available.length > 0 && (
            <section aria-labelledby="available-heading">
              <Title order={2} fz="md" mb="sm" id="available-heading">
                Add a provider
              </Title>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
                {available.map((p) => (
                  <AvailableProvider key={p.id} p={p} onAdd={() => setEditing(p)} onTest={() => void runTest(p)} testing={!!testing[p.id]} test={tests[p.id]} />
                ))}
              </SimpleGrid>
            </section>
          )}
        </Stack>
      )}

      <KeyDialog provider={editing} opened={editing !== null} onClose={() => setEditing(null)} onSaved={onSaved} />
      <CustomProviderDialog opened={customOpen} onClose={() => setCustomOpen(false)} onSaved={onSaved} existing={list.map((p) => p.id)} />
      <ConfirmModal
        opened={removing !== null}
        title={`Remove the key for ${removing?.label ?? ''}?`}
        confirmLabel="Remove key"
        onConfirm={remove}
        onClose={() => setRemoving(null)}
        loading={removeBusy}
      >
        The key is deleted from this machine. Calls that need {removing?.label ?? 'this provider'} will fail until you add a key again.
      </ConfirmModal>
    </>
  );
}

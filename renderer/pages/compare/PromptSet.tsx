import { useMemo, useRef, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  FileButton,
  Group,
  NumberInput,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconClipboardText, IconDatabase, IconFileImport, IconListDetails, IconTrash, IconUpload } from '@tabler/icons-react';
import type { CompareItem } from '../../../shared/compare';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../lib/notify';
import { originLabel, preview } from './lib';

type ImportFormat = 'auto' | 'text' | 'jsonl' | 'csv';
interface LineError {
  line: number;
  message: string;
}

const MAX_ROWS_SHOWN = 200;

function ImportErrors({ errors, source }: { errors: LineError[]; source: string }) {
  if (errors.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={`${errors.length} line${errors.length === 1 ? '' : 's'} of ${source} could not be read`} data-testid="import-errors">
      <Text size="sm" mb={6}>
        The other records were added. Fix these lines and import them again:
      </Text>
      <ScrollArea.Autosize mah={180} type="auto">
        <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Lines that could not be read">
          <Table.Tbody>
            {errors.slice(0, 100).map((e, i) => (
              <Table.Tr key={`${e.line}-${i}`}>
                <Table.Td w={80} ff="monospace">
                  line {e.line}
                </Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {errors.length > 100 && (
        <Text size="xs" c="dimmed" mt={4}>
          …and {errors.length - 100} more.
        </Text>
      )}
    </Alert>
  );
}

function PasteSource({ onAdd }: { onAdd: (items: CompareItem[]) => void }) {
  const [text, setText] = useState('');
  const [format, setFormat] = useState<ImportFormat>('auto');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<LineError[]>([]);
  const [error, setError] = useState<unknown>(null);

  const add = async () => {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('compare.importItems', { text, format });
      setErrors(r.errors);
      const items = r.items.map((i) => ({ ...i, origin: i.origin === 'import' ? 'paste' : (i.origin ?? 'paste') }));
      onAdd(items);
      if (items.length) {
        notifySuccess(`Added ${items.length} prompt${items.length === 1 ? '' : 's'}`, r.format === 'text' ? undefined : `Read as ${r.format.toUpperCase()}.`);
        if (r.errors.length === 0) setText('');
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Textarea
        label="Prompts"
        description="One prompt per line, or multi-line prompts separated by a line holding only ---. JSONL or CSV (with prompt, system and reference columns) are recognised too."
        placeholder={'Summarise this paragraph in one sentence: …\nWrite a haiku about autumn.\n\nor JSONL: {"prompt": "What is 2+2?", "reference": "4"}'}
        autosize
        minRows={5}
        maxRows={14}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-testid="paste-prompts"
      />
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          size="xs"
          value={format}
          onChange={(v) => setFormat(v as ImportFormat)}
          aria-label="Format of the pasted text"
          data={[
            { value: 'auto', label: 'Detect' },
            { value: 'text', label: 'Plain text' },
            { value: 'jsonl', label: 'JSONL' },
            { value: 'csv', label: 'CSV' },
          ]}
        />
        <Button onClick={() => void add()} loading={busy} disabled={!text.trim()} leftSection={<IconClipboardText size={16} />}>
          Add prompts
        </Button>
      </Group>
      {error ? <ErrorAlert title="Could not read the text" error={error} /> : null}
      <ImportErrors errors={errors} source="the pasted text" />
    </Stack>
  );
}

function FileSource({ onAdd }: { onAdd: (items: CompareItem[]) => void }) {
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<string | null>(null);
  const [errors, setErrors] = useState<LineError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<number | null>(null);
  const resetRef = useRef<() => void>(null);

  const load = async (f: File | null) => {
    if (!f) return;
    setBusy(true);
    setError(null);
    setFile(f.name);
    setAdded(null);
    try {
      const text = await f.text();
      const ext = f.name.toLowerCase().split('.').pop() ?? '';
      const format: ImportFormat = ext === 'jsonl' || ext === 'ndjson' || ext === 'json' ? 'jsonl' : ext === 'csv' ? 'csv' : 'auto';
      const r = await api.call('compare.importItems', { text, format });
      setErrors(r.errors);
      onAdd(r.items.map((i) => ({ ...i, origin: 'import' })));
      setAdded(r.items.length);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      resetRef.current?.();
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        JSONL (one object per line with <code>prompt</code>, optional <code>system</code> and <code>reference</code>) or CSV with a header row naming the same
        columns. Lines that can’t be read are listed with their line number.
      </Text>
      <Group gap="sm">
        <FileButton onChange={(f) => void load(f)} accept=".jsonl,.ndjson,.json,.csv,.txt,text/csv,application/json,text/plain" resetRef={resetRef}>
          {(props) => (
            <Button {...props} variant="light" leftSection={<IconUpload size={16} />} loading={busy}>
              Choose a JSONL or CSV file…
            </Button>
          )}
        </FileButton>
        {file && (
          <Text size="sm" role="status">
            <Text span ff="monospace">
              {file}
            </Text>
            {added !== null && ` · ${added} prompt${added === 1 ? '' : 's'} added`}
          </Text>
        )}
      </Group>
      {error ? <ErrorAlert title={`Could not import ${file ?? 'the file'}`} error={error} /> : null}
      <ImportErrors errors={errors} source={file ?? 'the file'} />
    </Stack>
  );
}

function dayStart(date: string): number | null {
  if (!date) return null;
  const t = new Date(`${date}T00:00:00`).getTime();
  return Number.isFinite(t) ? t : null;
}

function LogSource({ onAdd }: { onAdd: (items: CompareItem[]) => void }) {
  const facets = useApiQuery('requests.facets', {});
  const [count, setCount] = useState<number | string>(20);
  const [token, setToken] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [appTraffic, setAppTraffic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ added: number; matched: number; skipped: number } | null>(null);

  const modelOptions = useMemo(() => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const m of facets.data?.models ?? []) {
      const v = m.provider ? `${m.provider}/${m.model}` : m.model;
      if (!seen.has(v)) {
        seen.add(v);
        out.push(v);
      }
    }
    return out;
  }, [facets.data]);

  const rangeError = from && to && (dayStart(to) ?? 0) < (dayStart(from) ?? 0) ? 'The end is before the start.' : null;

  const sample = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const end = dayStart(to);
      const r = await api.call('compare.sampleFromLog', {
        count: Math.max(1, Math.min(5000, Number(count) || 1)),
        tokenName: token,
        model,
        from: dayStart(from),
        // inclusive of the whole end day
        to: end === null ? null : end + 24 * 60 * 60 * 1000,
        includeAppTraffic: appTraffic,
      });
      onAdd(r.items);
      setResult({ added: r.items.length, matched: r.matched, skipped: r.skipped });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        A random sample of your real traffic: each logged request becomes a prompt (its last user message, with its system prompt). Only requests whose bodies
        were logged can be used; duplicates are left out.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
        <NumberInput label="How many" min={1} max={5000} value={count} onChange={setCount} allowDecimal={false} />
        <Select
          label="Client token"
          placeholder="Any token"
          data={facets.data?.tokens ?? []}
          value={token}
          onChange={setToken}
          clearable
          searchable
          nothingFoundMessage="No token in the log"
        />
        <Select label="Model" placeholder="Any model" data={modelOptions} value={model} onChange={setModel} clearable searchable nothingFoundMessage="No such model in the log" />
        <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To (inclusive)" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={rangeError} />
        <Switch
          label="Include Race and Compare traffic"
          description="The app’s own calls are left out by default."
          checked={appTraffic}
          onChange={(e) => setAppTraffic(e.currentTarget.checked)}
          mt={{ base: 0, sm: 'lg' }}
        />
      </SimpleGrid>
      <Group justify="flex-end">
        <Button onClick={() => void sample()} loading={busy} disabled={!!rangeError} leftSection={<IconDatabase size={16} />}>
          Sample from the log
        </Button>
      </Group>
      {facets.error && <ErrorAlert title="Could not load the log’s tokens and models" error={facets.error} onRetry={() => void facets.reload()} />}
      {error ? <ErrorAlert title="Could not sample the log" error={error} /> : null}
      {result && (
        <Alert color={result.added ? 'teal' : 'yellow'} variant="light" role="status" data-testid="sample-result">
          {result.added
            ? `Added ${result.added} prompt${result.added === 1 ? '' : 's'} from ${result.matched} matching request${result.matched === 1 ? '' : 's'}.`
            : result.matched
              ? `${result.matched} request${result.matched === 1 ? '' : 's'} matched, but none had a usable prompt.`
              : 'No logged request matches these filters.'}
          {result.skipped > 0 && ` ${result.skipped} had no logged body or no user text.`}
        </Alert>
      )}
    </Stack>
  );
}

/** The prompt set: sources on the left (paste, file, request log), the items collected so far below. */
export function PromptSet({ items, onChange }: { items: CompareItem[]; onChange: (items: CompareItem[]) => void }) {
  const add = (more: CompareItem[]) => onChange([...items, ...more]);
  const withReference = items.filter((i) => i.reference && i.reference.trim()).length;
  const fromRace = items.filter((i) => i.origin === 'race').length;

  return (
    <Stack gap="lg">
      <Card padding="md">
        <Tabs defaultValue="paste" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="paste" leftSection={<IconClipboardText size={16} />}>
              Paste
            </Tabs.Tab>
            <Tabs.Tab value="file" leftSection={<IconFileImport size={16} />}>
              Import a file
            </Tabs.Tab>
            <Tabs.Tab value="log" leftSection={<IconDatabase size={16} />}>
              From the request log
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="paste">
            <PasteSource onAdd={add} />
          </Tabs.Panel>
          <Tabs.Panel value="file">
            <FileSource onAdd={add} />
          </Tabs.Panel>
          <Tabs.Panel value="log">
            <LogSource onAdd={add} />
          </Tabs.Panel>
        </Tabs>
      </Card>

      <section aria-labelledby="items-heading">
        <Group justify="space-between" mb="xs">
          <Group gap="xs">
            <Title order={3} fz="md" id="items-heading">
              Prompt set
            </Title>
            <Badge variant="light" data-testid="item-count">
              {items.length} prompt{items.length === 1 ? '' : 's'}
            </Badge>
            {withReference > 0 && (
              <Badge variant="light" color="teal">
                {withReference} with a reference
              </Badge>
            )}
            {fromRace > 0 && (
              <Badge variant="light" color="violet">
                {fromRace} from Race
              </Badge>
            )}
          </Group>
          {items.length > 0 && (
            <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => onChange([])}>
              Remove all
            </Button>
          )}
        </Group>
        {items.length === 0 ? (
          <Card py="lg">
            <EmptyState
              size="sm"
              icon={<IconListDetails size={24} />}
              variant="light"
              title="No prompts yet"
              description="Paste some, import a JSONL or CSV file, or sample your own traffic from the request log. Prompts sent from Race land here too."
            />
          </Card>
        ) : (
          <Card padding={0}>
            <ScrollArea.Autosize mah={340} type="auto">
              <Table verticalSpacing={6} highlightOnHover stickyHeader aria-label="Prompts in this experiment">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={48}>#</Table.Th>
                    <Table.Th>Prompt</Table.Th>
                    <Table.Th w={130}>Source</Table.Th>
                    <Table.Th w={48}>
                      <VisuallyHidden>Remove</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.slice(0, MAX_ROWS_SHOWN).map((it, i) => (
                    <Table.Tr key={i} data-testid="prompt-row">
                      <Table.Td c="dimmed">{i + 1}</Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2} title={it.prompt}>
                          {preview(it.prompt, 300)}
                        </Text>
                        {(it.system || it.reference) && (
                          <Group gap={4} mt={2}>
                            {it.system && (
                              <Badge size="xs" variant="outline" color="gray">
                                system prompt
                              </Badge>
                            )}
                            {it.reference && (
                              <Badge size="xs" variant="outline" color="teal">
                                reference
                              </Badge>
                            )}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={it.origin === 'race' ? 'violet' : it.origin?.startsWith('log:') ? 'cyan' : 'gray'}>
                          {originLabel(it.origin)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label="Remove this prompt">
                          <ActionIcon variant="subtle" color="gray" aria-label={`Remove prompt ${i + 1}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {items.length > MAX_ROWS_SHOWN && (
              <Text size="xs" c="dimmed" p="sm">
                Showing the first {MAX_ROWS_SHOWN} of {items.length} prompts.
              </Text>
            )}
          </Card>
        )}
      </section>
    </Stack>
  );
}

import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconPencil, IconRefresh, IconRotate, IconSearch } from '@tabler/icons-react';
import type { MethodOutput } from '../../../shared/contract';
import type { EffectivePriceView } from '../../../shared/costs';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../lib/notify';
import { href } from '../../router';
import { exact, fmtDayYear, fmtRange, ms, rate, usd } from './format';
import { requestsHref } from './links';

type Affected = MethodOutput<'prices.affected'>;

const SOURCE_BADGE: Record<EffectivePriceView['source'], { label: string; color: string; tip: string }> = {
  'genai-prices': { label: 'default', color: 'gray', tip: 'Default list price from the genai-prices data set' },
  override: { label: 'override', color: 'blue', tip: 'Your own list price for this model' },
  local: { label: 'local, free', color: 'cyan', tip: 'A local model: no per-token cost' },
  unknown: { label: 'no price', color: 'red', tip: 'No known price: its requests are left out of the totals until you set one' },
};

function dayText(d: string | null): string {
  if (!d) return '—';
  const [y, m, dd] = d.split('-').map(Number);
  return fmtDayYear(new Date(y!, m! - 1, dd!).getTime());
}

function span(first: string | null, last: string | null): string {
  if (!first) return 'no logged requests';
  if (first === last || !last) return dayText(first);
  const t = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number);
    return new Date(y!, m! - 1, dd!).getTime();
  };
  return fmtRange(t(first), t(last) + 1);
}

export function affectedText(a: Affected): string {
  if (a.requests === 0) return 'No logged requests use this price.';
  const cf = a.counterfactualRequests > 0 ? `, plus ${exact(a.counterfactualRequests)} routing counterfactuals` : '';
  return `${exact(a.requests)} logged request${a.requests === 1 ? '' : 's'} (${span(a.firstDay, a.lastDay)})${cf}`;
}

interface Draft {
  input: number | string;
  output: number | string;
  cached: number | string;
  write: number | string;
}

function toOverride(d: Draft) {
  const n = (v: number | string) => (typeof v === 'number' ? v : v === '' ? undefined : Number(v));
  const input = n(d.input);
  const output = n(d.output);
  if (input === undefined || output === undefined || !Number.isFinite(input) || !Number.isFinite(output) || input < 0 || output < 0) return null;
  const o: { inputPerMTok: number; outputPerMTok: number; cachedInputPerMTok?: number; cacheWritePerMTok?: number } = { inputPerMTok: input, outputPerMTok: output };
  const c = n(d.cached);
  const w = n(d.write);
  if (c !== undefined && Number.isFinite(c) && c >= 0) o.cachedInputPerMTok = c;
  if (w !== undefined && Number.isFinite(w) && w >= 0) o.cacheWritePerMTok = w;
  return o;
}

function PriceEditor({ row, onSaved, onCancel }: { row: EffectivePriceView; onSaved: (a: Affected) => void; onCancel: () => void }) {
  const start = row.list ?? row.defaults;
  const [draft, setDraft] = useState<Draft>({
    input: start?.inputPerMTok ?? '',
    output: start?.outputPerMTok ?? '',
    cached: row.override?.cachedInputPerMTok ?? start?.cachedInputPerMTok ?? '',
    write: row.override?.cacheWritePerMTok ?? start?.cacheWritePerMTok ?? '',
  });
  const [saving, setSaving] = useState(false);
  const candidate = toOverride(draft);
  const [debounced] = useDebouncedValue(JSON.stringify(candidate), 350);
  const [preview, setPreview] = useState<Affected | null>(null);
  useEffect(() => {
    let live = true;
    const c = JSON.parse(debounced) as ReturnType<typeof toOverride>;
    api
      .call('prices.affected', { provider: row.provider, model: row.model, ...(c ? { candidate: c } : {}) })
      .then((a) => live && setPreview(a))
      .catch(() => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [debounced, row.provider, row.model]);

  const save = async () => {
    if (!candidate) return;
    setSaving(true);
    try {
      const res = await api.call('prices.setOverride', { provider: row.provider, model: row.model, ...candidate });
      onSaved(res.affected);
    } catch (err) {
      notifyError('Could not save the price', err);
    } finally {
      setSaving(false);
    }
  };
  const field = (k: keyof Draft, label: string, required = false) => (
    <NumberInput
      size="xs"
      label={label}
      prefix="$"
      min={0}
      decimalScale={6}
      value={draft[k]}
      onChange={(v) => setDraft((d) => ({ ...d, [k]: v }))}
      required={required}
      placeholder={required ? undefined : 'same as input'}
      aria-label={`${label} for ${row.provider}/${row.model}, dollars per million tokens`}
    />
  );
  return (
    <Paper p="sm" withBorder radius="md" bg="var(--mantine-color-default-hover)" data-testid="price-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Text size="xs" c="dimmed" mb={6}>
          List price per million tokens for <b>{row.provider}/{row.model}</b>
          {row.discount !== 1 && ` (your ×${row.discount} ${row.provider} discount still applies)`}.
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {field('input', 'Input', true)}
          {field('output', 'Output', true)}
          {field('cached', 'Cached input')}
          {field('write', 'Cache write')}
        </SimpleGrid>
        <Text size="xs" mt="xs" data-testid="price-preview" aria-live="polite">
          {preview
            ? preview.requests === 0
              ? 'No logged requests use this model yet.'
              : `Affects ${affectedText(preview)}: now ${usd(preview.costUsd)}${
                  preview.estimatedCostUsd !== null ? `, about ${usd(preview.estimatedCostUsd)} at this price (estimate from summed tokens)` : ''
                }.`
            : 'Counting the affected requests…'}
        </Text>
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button size="xs" variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={saving} disabled={!candidate}>
            Save price
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

interface Pending {
  provider: string | null;
  model: string | null;
  affected: Affected | null;
  label: string;
}

function useRecompute(onDone: () => void) {
  const [running, setRunning] = useState<{ label: string; done: number; total: number } | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  useEffect(() => () => clearInterval(timer.current), []);
  const run = async (scope: { provider: string | null; model: string | null }, label: string) => {
    setRunning({ label, done: 0, total: 0 });
    timer.current = setInterval(() => {
      api
        .call('prices.recomputeStatus', {})
        .then((s) => s.progress && setRunning((r) => (r ? { ...r, done: s.progress!.done, total: s.progress!.total } : r)))
        .catch(() => {});
    }, 250);
    try {
      const res = await api.call('prices.recompute', { provider: scope.provider, model: scope.model });
      notifySuccess('Costs recomputed', `${exact(res.updated)} of ${exact(res.total)} rows changed${res.counterfactualUpdated ? `, ${exact(res.counterfactualUpdated)} counterfactuals` : ''} (${ms(res.tookMs)}).`);
      onDone();
      return true;
    } catch (err) {
      notifyError('Recompute failed', err);
      return false;
    } finally {
      clearInterval(timer.current);
      setRunning(null);
    }
  };
  return { running, run };
}

export function PricesTab({ onChanged }: { onChanged: () => void }) {
  const [catalog, setCatalog] = useState(false);
  const prices = useApiQuery('prices.list', { includeCatalog: catalog }, String(catalog));
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const recompute = useRecompute(() => {
    setPending(null);
    void prices.reload();
    onChanged();
  });

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const all = prices.data?.rows ?? [];
    return q ? all.filter((r) => `${r.provider}/${r.model}`.toLowerCase().includes(q)) : all;
  }, [prices.data, search]);
  const unknown = (prices.data?.rows ?? []).filter((r) => r.source === 'unknown');

  const afterChange = (r: EffectivePriceView, affected: Affected, what: string) => {
    setEditing(null);
    void prices.reload();
    setPending({ provider: r.provider, model: r.model, affected, label: `${r.provider}/${r.model}` });
    notifySuccess(what, affected.requests > 0 ? `${exact(affected.requests)} logged requests still carry the old cost until you recompute.` : 'No logged requests are affected.');
  };

  const removeOverride = async (r: EffectivePriceView) => {
    const key = `${r.provider}/${r.model}`;
    setRemoving(key);
    try {
      const res = await api.call('prices.removeOverride', { provider: r.provider, model: r.model });
      afterChange(r, res.affected, 'Override removed');
    } catch (err) {
      notifyError('Could not remove the override', err);
    } finally {
      setRemoving(null);
    }
  };

  return (
    <Stack gap="md">
      {unknown.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={`${unknown.length} model${unknown.length === 1 ? '' : 's'} without a known price`} data-testid="unknown-prices">
          <Text size="sm">
            {exact(prices.data?.unpricedRequests ?? 0)} logged requests have no cost. They are flagged, never priced at $0: set a price below (they are listed first), then recompute.{' '}
            <Anchor href={requestsHref({ priced: false })} size="sm">
              See them
            </Anchor>
          </Text>
        </Alert>
      )}

      {recompute.running && (
        <Paper withBorder p="sm" radius="md" data-testid="recompute-progress" aria-live="polite">
          <Text size="sm" mb={6}>
            Recomputing {recompute.running.label}… {recompute.running.total > 0 && `${exact(recompute.running.done)} / ${exact(recompute.running.total)} rows`}
          </Text>
          <Progress value={recompute.running.total ? (recompute.running.done / recompute.running.total) * 100 : 5} animated striped />
        </Paper>
      )}

      {pending && !recompute.running && (
        <Alert color="blue" variant="light" title={`Price for ${pending.label} changed`} withCloseButton onClose={() => setPending(null)} data-testid="recompute-offer">
          <Text size="sm">
            {pending.affected && pending.affected.requests > 0
              ? `${affectedText(pending.affected)} were priced with the old rate (${usd(pending.affected.costUsd)} now${
                  pending.affected.estimatedCostUsd !== null ? `, about ${usd(pending.affected.estimatedCostUsd)} at the new one` : ''
                }). Charts and exports use the stored costs until you recompute.`
              : 'No logged requests use this model; new requests get the new price.'}
          </Text>
          {pending.affected && pending.affected.requests > 0 && (
            <Button mt="xs" size="xs" leftSection={<IconRefresh size={14} />} onClick={() => void recompute.run(pending, pending.label)}>
              Recompute {exact(pending.affected.requests)} requests
            </Button>
          )}
        </Alert>
      )}

      <Card>
        <Group justify="space-between" mb="sm" gap="sm">
          <Stack gap={2}>
            <Title order={2} fz="md">
              Effective prices
            </Title>
            <Text size="xs" c="dimmed">
              Per million tokens: list price (genai-prices, or your override) × your provider discount. Discounts are set in{' '}
              <Anchor href={href('settings')} size="xs">
                Settings
              </Anchor>
              .
            </Text>
          </Stack>
          <Group gap="xs">
            <TextInput size="xs" placeholder="Filter models" aria-label="Filter models" leftSection={<IconSearch size={14} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={180} />
            <Switch size="xs" label="Include catalog models" checked={catalog} onChange={(e) => setCatalog(e.currentTarget.checked)} />
            <Tooltip label="Re-price every logged request with today's prices and discounts">
              <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} disabled={!!recompute.running} onClick={() => void recompute.run({ provider: null, model: null }, 'all requests')}>
                Recompute all
              </Button>
            </Tooltip>
          </Group>
        </Group>
        {prices.error ? (
          <ErrorAlert title="Could not load prices" error={prices.error} onRetry={() => void prices.reload()} />
        ) : !prices.data ? (
          <Skeleton h={320} />
        ) : rows.length === 0 ? (
          <Text c="dimmed" size="sm" py="lg" ta="center">
            {search ? 'No model matches the filter.' : 'No models yet: prices appear here once requests are logged.'}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing={6} fz="sm" highlightOnHover data-testid="prices-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Model</Table.Th>
                  <Table.Th w={104}>Price</Table.Th>
                  <Table.Th ta="right">Input</Table.Th>
                  <Table.Th ta="right">Cached</Table.Th>
                  <Table.Th ta="right">Output</Table.Th>
                  <Table.Th ta="right">Discount</Table.Th>
                  <Table.Th ta="right">Requests</Table.Th>
                  <Table.Th>Logged</Table.Th>
                  <Table.Th w={72}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => {
                  const key = `${r.provider}/${r.model}`;
                  const b = SOURCE_BADGE[r.source];
                  const eff = r.effective;
                  const listTip = (v: number | undefined, l: number | undefined) => (r.discount !== 1 && l !== undefined ? `List ${rate(l)} × ${r.discount}` : v === undefined ? '' : 'List price');
                  return (
                    <Fragment key={key}>
                      <Table.Tr data-testid={`price-row-${key}`} data-unknown={r.source === 'unknown' || undefined} style={r.source === 'unknown' ? { boxShadow: 'inset 3px 0 0 var(--mantine-color-red-6)' } : undefined}>
                        <Table.Td maw={300}>
                          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                            {r.model}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {r.provider}
                            {r.matchedModel && r.matchedModel !== `${r.provider}:${r.model}` ? ` · priced as ${r.matchedModel}` : ''}
                            {r.tiered ? ' · tiered' : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Tooltip label={b.tip}>
                            <Badge size="sm" variant="light" color={b.color} tt="none" style={{ overflow: 'visible' }} leftSection={r.source === 'unknown' ? <IconAlertTriangle size={11} /> : null}>
                              {b.label}
                            </Badge>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td ta="right" ff="monospace" title={listTip(eff?.inputPerMTok, r.list?.inputPerMTok)}>
                          {rate(eff?.inputPerMTok)}
                        </Table.Td>
                        <Table.Td ta="right" ff="monospace" title={listTip(eff?.cachedInputPerMTok, r.list?.cachedInputPerMTok)}>
                          {rate(eff?.cachedInputPerMTok)}
                        </Table.Td>
                        <Table.Td ta="right" ff="monospace" title={listTip(eff?.outputPerMTok, r.list?.outputPerMTok)}>
                          {rate(eff?.outputPerMTok)}
                        </Table.Td>
                        <Table.Td ta="right">{r.discount === 1 ? <Text span c="dimmed" size="sm">—</Text> : `×${r.discount}`}</Table.Td>
                        <Table.Td ta="right">
                          {exact(r.requests)}
                          {r.unpricedRequests > 0 && (
                            <Text size="xs" c="red">
                              {exact(r.unpricedRequests)} unpriced
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          {span(r.firstDay, r.lastDay)}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            {r.source !== 'local' && (
                              <Tooltip label={r.source === 'unknown' ? 'Set a price' : 'Override the price'}>
                                <ActionIcon variant="subtle" size="sm" onClick={() => setEditing(editing === key ? null : key)} aria-label={`Edit the price of ${key}`} aria-expanded={editing === key}>
                                  <IconPencil size={15} />
                                </ActionIcon>
                              </Tooltip>
                            )}
                            {r.override && (
                              <Tooltip label="Remove the override (back to genai-prices)">
                                <ActionIcon variant="subtle" color="red" size="sm" loading={removing === key} onClick={() => void removeOverride(r)} aria-label={`Remove the price override of ${key}`}>
                                  <IconRotate size={15} />
                                </ActionIcon>
                              </Tooltip>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                      {editing === key && (
                        <Table.Tr>
                          <Table.Td colSpan={9}>
                            <PriceEditor row={r} onCancel={() => setEditing(null)} onSaved={(a) => afterChange(r, a, 'Price saved')} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}


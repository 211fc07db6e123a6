import { useState } from 'react';
import { Anchor, Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconDatabase, IconDownload, IconTrash } from '@tabler/icons-react';
import type { MethodOutput } from '../../../shared/contract';
import type { RequestFilter } from '../../../shared/costs';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../lib/notify';
import { href } from '../../router';
import { bytes, exact, fmtDayYear, fmtRange } from './format';
import { addDays, startOfDay } from './range';

type ExportResult = MethodOutput<'log.export'>;

/** Export for the page's range and filter (CSV or JSONL, written to the data folder). */
export function ExportCard({ filter, describe }: { filter: RequestFilter; describe: string }) {
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const run = async () => {
    setBusy(true);
    try {
      const r = await api.call('log.export', { ...filter, format });
      setResult(r);
      notifySuccess('Export written', `${exact(r.rows)} requests, ${bytes(r.bytes)}.`);
    } catch (err) {
      notifyError('Export failed', err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card component="section" aria-labelledby="export-heading">
      <Group gap="xs" mb={4}>
        <IconDownload size={18} />
        <Title order={2} fz="md" id="export-heading">
          Export
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Every request in {describe}, one row each with list and effective cost, tokens and timings — to reconcile with provider invoices.
      </Text>
      <Group gap="sm">
        <SegmentedControl
          size="sm"
          aria-label="Export format"
          value={format}
          onChange={(v) => setFormat(v as 'csv' | 'jsonl')}
          data={[
            { value: 'csv', label: 'CSV' },
            { value: 'jsonl', label: 'JSONL' },
          ]}
        />
        <Button leftSection={<IconDownload size={16} />} onClick={() => void run()} loading={busy} data-testid="export-button">
          Export {format.toUpperCase()}
        </Button>
      </Group>
      {result && (
        <Stack gap={4} mt="sm" data-testid="export-result">
          <Text size="sm">
            {exact(result.rows)} requests · {bytes(result.bytes)} written to:
          </Text>
          <CopyField value={result.path} label="export file path" testId="export-path" />
        </Stack>
      )}
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Stack>
  );
}

export function StorageCard({ onPurged }: { onPurged: () => void }) {
  const storage = useApiQuery('log.storage', { detailed: false });
  const [days, setDays] = useState<number | string>(30);
  const [confirm, setConfirm] = useState<'bodies' | 'requests' | null>(null);
  const [busy, setBusy] = useState(false);
  const n = typeof days === 'number' ? days : Number(days);
  const valid = Number.isInteger(n) && n >= 0 && n <= 3650;
  const before = valid ? addDays(startOfDay(Date.now()), -n) : 0;

  const purge = async (what: 'bodies' | 'requests') => {
    setBusy(true);
    try {
      const r = await api.call('log.purge', { what, before: Math.min(before, Date.now()) });
      notifySuccess(what === 'bodies' ? 'Bodies deleted' : 'Requests deleted', what === 'bodies' ? `${exact(r.bodies)} stored bodies removed; costs and metrics kept.` : `${exact(r.requests)} requests removed.`);
      setConfirm(null);
      void storage.reload();
      onPurged();
    } catch (err) {
      notifyError('Purge failed', err);
    } finally {
      setBusy(false);
    }
  };

  const s = storage.data;
  return (
    <Card component="section" aria-labelledby="storage-heading">
      <Group gap="xs" mb="sm">
        <IconDatabase size={18} />
        <Title order={2} fz="md" id="storage-heading">
          Storage and retention
        </Title>
      </Group>
      {storage.error ? (
        <ErrorAlert title="Could not read the log's size" error={storage.error} onRetry={() => void storage.reload()} />
      ) : !s ? (
        <Skeleton h={120} />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="storage-facts">
            <Fact label="Database" value={bytes(s.bytes)} />
            <Fact label="Requests" value={exact(s.requests)} />
            <Fact label="Stored bodies" value={exact(s.bodies)} />
            <Fact label="Per million requests" value={s.bytesPerMillionRequests === null ? '—' : bytes(s.bytesPerMillionRequests)} />
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {s.bodyRetentionDays === null
              ? 'Bodies are kept forever. '
              : `Bodies older than ${s.bodyRetentionDays} day${s.bodyRetentionDays === 1 ? '' : 's'} are deleted automatically; metrics and costs stay. `}
            <Anchor href={href('settings')} size="sm">
              Change retention in Settings
            </Anchor>
            . {bytes(s.freeBytes)} reclaimable inside the file.
          </Text>
          <Group gap="sm" align="flex-end">
            <NumberInput label="Older than (days)" min={0} max={3650} w={150} value={days} onChange={setDays} size="sm" />
            <Button variant="default" leftSection={<IconTrash size={16} />} disabled={!valid} onClick={() => setConfirm('bodies')}>
              Delete bodies
            </Button>
            <Button variant="light" color="red" leftSection={<IconTrash size={16} />} disabled={!valid} onClick={() => setConfirm('requests')}>
              Delete requests
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Logged before {valid ? fmtDayYear(before) : '…'}. Deleting bodies keeps every metric and cost; deleting requests removes them from the charts too.
          </Text>
        </Stack>
      )}
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'bodies' ? 'Delete stored bodies?' : 'Delete requests?'}
        confirmLabel={confirm === 'bodies' ? 'Delete bodies' : 'Delete requests'}
        onClose={() => setConfirm(null)}
        onConfirm={() => (confirm ? purge(confirm) : undefined)}
        loading={busy}
      >
        {confirm === 'bodies'
          ? `Request and response bodies logged before ${fmtDayYear(before)} will be deleted. Costs, tokens and timings stay. This cannot be undone.`
          : `Every request logged before ${fmtDayYear(before)} will be deleted, with its costs: the charts and exports lose them. This cannot be undone.`}
      </ConfirmModal>
    </Card>
  );
}

export function describeRange(from: number, to: number): string {
  return fmtRange(from, to);
}

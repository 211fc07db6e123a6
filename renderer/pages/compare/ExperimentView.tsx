import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Menu, Progress, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconJson,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import type { CompareProgress } from '../../../shared/compare';
import { api } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { PageHeader } from '../../components/PageHeader';
import { relativeTime, usd } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { href, navigate } from '../../router';
import { criteriaLabel, downloadText, duration, int, STATUS_COLOR, STATUS_LABEL, type Detail } from './lib';
import { ItemDrawer, ItemsTable } from './Items';
import { CostTable, PairCard, RankingCard, ReliabilityCard } from './Results';

function ProgressCard({ p }: { p: CompareProgress }) {
  const value = p.total ? (p.done / p.total) * 100 : 0;
  const running = p.status === 'running';
  return (
    <Card component="section" aria-labelledby="progress-heading" data-testid="progress">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs">
          <Title order={2} fz="md" id="progress-heading">
            Progress
          </Title>
          <Badge color={STATUS_COLOR[p.status]} variant="light" data-testid="run-status">
            {STATUS_LABEL[p.status]}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="progress-text">
          {int(p.done)} of {int(p.total)} calls
          {running && p.etaMs !== null ? ` · about ${duration(p.etaMs)} left` : ''}
          {running && p.elapsedMs > 0 ? ` · ${duration(p.elapsedMs)} elapsed` : ''}
        </Text>
      </Group>
      <Progress.Root size="xl" radius="md">
        <Progress.Section value={value} aria-label="Experiment progress" aria-valuetext={`${p.done} of ${p.total} calls`} color={p.failed ? 'orange' : STATUS_COLOR[p.status] === 'gray' ? 'blue' : STATUS_COLOR[p.status]} striped={running} animated={running}>
          <Progress.Label>{Math.floor(value)}%</Progress.Label>
        </Progress.Section>
      </Progress.Root>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs" mt="md">
        <Metric label="Answers" value={`${int(p.answers.done)} / ${int(p.answers.total)}`} />
        <Metric label="Judgements" value={`${int(p.judgements.done)} / ${int(p.judgements.total)}`} />
        <Metric label={running ? 'Running cost' : 'Total cost'} value={usd(p.costUsd)} testId="running-cost" strong />
        <Metric label="Candidates" value={usd(p.candidateCostUsd)} />
        <Metric label="Judge" value={usd(p.judgeCostUsd)} testId="running-judge-cost" />
        <Metric
          label="Problems"
          value={p.failed || p.judgements.unparseable ? [p.failed && `${p.failed} failed`, p.judgements.unparseable && `${p.judgements.unparseable} unparseable`].filter(Boolean).join(' · ') : 'none'}
          color={p.failed || p.judgements.unparseable ? 'orange' : undefined}
          testId="progress-problems"
        />
      </SimpleGrid>
      {p.unpricedCalls > 0 && (
        <Text size="xs" c="orange" mt="xs">
          {p.unpricedCalls} call{p.unpricedCalls === 1 ? ' has' : 's have'} no price data; the cost leaves {p.unpricedCalls === 1 ? 'it' : 'them'} out.
        </Text>
      )}
    </Card>
  );
}

function Metric({ label, value, strong, color, testId }: { label: string; value: string; strong?: boolean; color?: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size={strong ? 'lg' : 'sm'} fw={strong ? 700 : 500} c={color} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** A started experiment: live progress and controls, then the results and the items. */
export function ExperimentView({ detail, reload }: { detail: Detail; reload: () => Promise<void> }) {
  const exp = detail.experiment;
  const [progress, setProgress] = useState<CompareProgress>(detail.progress);
  const [mode, setMode] = useState<'judge' | 'adjusted'>('judge');
  const [busy, setBusy] = useState<string | null>(null);
  const [openIdx, setOpenIdx] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const lastReload = useRef(0);
  const lastStatus = useRef(detail.progress.status);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  useEffect(() => {
    setProgress(detail.progress);
    setVersion((v) => v + 1);
  }, [detail]);

  // Live progress; results are refreshed on status changes and every ~2 s while running.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      lastReload.current = Date.now();
      void reloadRef.current();
    };
    const unsubscribe = api.subscribe('compare.progress', { experimentId: exp.id }, (p) => {
      setProgress(p);
      if (p.status !== lastStatus.current) {
        lastStatus.current = p.status;
        clearTimeout(timer);
        refresh();
      } else if (p.status === 'running' && !timer) {
        const wait = Math.max(0, 2000 - (Date.now() - lastReload.current));
        timer = setTimeout(() => {
          timer = undefined;
          refresh();
        }, wait);
      }
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [exp.id]);

  const act = async (what: 'pause' | 'cancel' | 'resume') => {
    setBusy(what);
    try {
      const p = await api.call(`compare.${what}`, { experimentId: exp.id });
      setProgress(p);
      if (what === 'pause') notifySuccess('Pausing', 'Calls in flight finish and are kept; nothing new starts.');
      if (what === 'cancel') notifySuccess('Cancelled', 'Finished calls are kept; resume to run the rest.');
      await reload();
    } catch (err) {
      notifyError(`Could not ${what} the run`, err);
    } finally {
      setBusy(null);
    }
  };

  const exportAs = async (format: 'csv' | 'json') => {
    setBusy(`export-${format}`);
    try {
      const out = await api.call('compare.export', { experimentId: exp.id, format });
      downloadText(out.filename, out.mimeType, out.content);
      notifySuccess('Exported', out.filename);
    } catch (err) {
      notifyError('Could not export', err);
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setBusy('delete');
    try {
      await api.call('compare.delete', { experimentId: exp.id });
      notifySuccess('Experiment deleted');
      navigate('compare');
    } catch (err) {
      notifyError('Could not delete the experiment', err);
    } finally {
      setBusy(null);
      setConfirmDelete(false);
    }
  };

  const status = progress.status;
  const running = status === 'running';
  const canResume = status === 'paused' || status === 'cancelled' || status === 'failed' || (status === 'done' && progress.failed > 0);
  const figures = mode === 'adjusted' ? detail.results.adjusted : detail.results.judge;
  const otherFigures = detail.results.adjusted.overrides > 0 ? (mode === 'adjusted' ? detail.results.judge : detail.results.adjusted) : null;
  const overrides = detail.results.adjusted.overrides;
  const names = exp.config.candidates;
  const anyDecided = detail.results.judge.pairs.some((p) => p.n > 0 || p.unparseable > 0);

  return (
    <>
      <Anchor href={href('compare')} size="sm" mb={6} display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> All experiments
      </Anchor>
      <PageHeader
        title={exp.name}
        description={
          <>
            {names.length} candidates · judge <Text span ff="monospace" inherit>{exp.config.judge}</Text> · {criteriaLabel(exp.config.criteria)}
            {exp.config.referenceMode ? ' · reference mode' : ''} · {exp.itemCount} prompt{exp.itemCount === 1 ? '' : 's'}
            {exp.startedAt ? ` · started ${relativeTime(exp.startedAt)}` : ''}
          </>
        }
        actions={
          <>
            {running && (
              <>
                <Button variant="default" leftSection={<IconPlayerPause size={16} />} onClick={() => void act('pause')} loading={busy === 'pause'} aria-label="Pause the run">
                  Pause
                </Button>
                <Button variant="default" color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => setConfirmCancel(true)} loading={busy === 'cancel'} aria-label="Cancel the run">
                  Cancel
                </Button>
              </>
            )}
            {canResume && (
              <Button
                leftSection={status === 'done' ? <IconRefresh size={16} /> : <IconPlayerPlay size={16} />}
                onClick={() => void act('resume')}
                loading={busy === 'resume'}
                aria-label={status === 'done' ? 'Retry the failed calls' : 'Resume the run'}
              >
                {status === 'done' ? 'Retry failed calls' : 'Resume'}
              </Button>
            )}
            {status === 'paused' && (
              <Button variant="default" leftSection={<IconPlayerStop size={16} />} onClick={() => void act('cancel')} loading={busy === 'cancel'} aria-label="Cancel the run">
                Cancel
              </Button>
            )}
            <Menu position="bottom-end" shadow="md">
              <Menu.Target>
                <Button variant="default" leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />} loading={busy?.startsWith('export')}>
                  Export
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void exportAs('csv')}>
                  CSV (one row per item and pair)
                </Menu.Item>
                <Menu.Item leftSection={<IconJson size={16} />} onClick={() => void exportAs('json')}>
                  JSON (results, answers, verdicts)
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            {!running && (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
          </>
        }
      />

      <Stack gap="lg">
        <ProgressCard p={progress} />

        {progress.message && (
          <Alert color={status === 'failed' ? 'red' : status === 'done' ? 'orange' : 'yellow'} variant="light" icon={<IconAlertTriangle size={18} />} data-testid="run-message">
            {progress.message}
          </Alert>
        )}
        {detail.warnings.map((w) => (
          <Alert key={w} color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="experiment-warning">
            {w}
          </Alert>
        ))}

        <section aria-labelledby="results-heading">
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Title order={2} fz="lg" id="results-heading">
              Results
              {running && (
                <Text span c="dimmed" fz="sm" fw={400} ml={8}>
                  (so far)
                </Text>
              )}
            </Title>
            <SegmentedControl
              size="xs"
              value={mode}
              onChange={(v) => setMode(v as 'judge' | 'adjusted')}
              aria-label="Which figures"
              data={[
                { value: 'judge', label: 'As judged' },
                { value: 'adjusted', label: `With your overrides (${overrides})` },
              ]}
              data-testid="figures-mode"
            />
          </Group>
          {!anyDecided ? (
            <Card>
              <Text size="sm" c="dimmed">
                {running ? 'The first verdicts arrive once both candidates have answered a prompt and the judge has seen it in both orders.' : 'No item was judged.'}
              </Text>
            </Card>
          ) : (
            <Stack gap="md">
              {figures.ranking && <RankingCard ranking={figures.ranking} />}
              <SimpleGrid cols={{ base: 1, md: figures.pairs.length > 1 ? 2 : 1 }} spacing="md">
                {figures.pairs.map((p) => (
                  <PairCard key={`${p.a}-${p.b}`} pair={p} adjusted={mode === 'adjusted'} other={otherFigures?.pairs.find((o) => o.a === p.a && o.b === p.b) ?? null} />
                ))}
              </SimpleGrid>
              <ReliabilityCard overrides={overrides} judgeFigures={detail.results.judge} unparseableCalls={detail.results.judgeCost.unparseable} retries={detail.results.judgeCost.retries} />
            </Stack>
          )}
        </section>

        <CostTable detail={detail} />

        <ItemsTable experimentId={exp.id} names={names} total={exp.itemCount} version={version} onOpen={setOpenIdx} />
      </Stack>

      <ItemDrawer
        experimentId={exp.id}
        names={names}
        idx={openIdx}
        total={exp.itemCount}
        onClose={() => setOpenIdx(null)}
        onNavigate={setOpenIdx}
        onChanged={() => void reload()}
      />
      <ConfirmModal opened={confirmDelete} title={`Delete “${exp.name}”?`} confirmLabel="Delete experiment" onConfirm={remove} onClose={() => setConfirmDelete(false)} loading={busy === 'delete'}>
        Its answers, verdicts and your overrides are deleted from Switchboard. The calls stay in the request log. Export first if you want to keep the results.
      </ConfirmModal>
      <ConfirmModal
        opened={confirmCancel}
        title="Cancel the run?"
        confirmLabel="Cancel the run"
        onConfirm={async () => {
          setConfirmCancel(false);
          await act('cancel');
        }}
        onClose={() => setConfirmCancel(false)}
      >
        Calls in flight are stopped now. Finished answers and verdicts are kept, and you can resume later to run the rest.
      </ConfirmModal>
    </>
  );
}

import '@mantine/charts/styles.css';
import './compare.css';
import { useEffect, useRef, useState } from 'react';
import { Anchor, Badge, Button, Card, EmptyState, Group, List, Progress, Stack, Table, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconArrowsExchange, IconEyeOff, IconPlus, IconScale, IconChartDots } from '@tabler/icons-react';
import type { CompareItem, CompareProgress } from '../../../shared/compare';
import { api, ApiError } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CardsSkeleton, PageSkeleton } from '../../components/PageSkeleton';
import { absoluteTime, relativeTime } from '../../lib/format';
import { href, navigate, useHashLocation } from '../../router';
import { ExperimentView } from './ExperimentView';
import { STATUS_COLOR, STATUS_LABEL, type Experiment } from './lib';
import { Wizard } from './Wizard';

function short(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function HowItWorks() {
  return (
    <List spacing={8} size="sm" center mt="md" ta="left" maw={620} mx="auto">
      <List.Item
        icon={
          <ThemeIcon size={24} radius="xl" variant="light">
            <IconEyeOff size={14} />
          </ThemeIcon>
        }
      >
        The judge sees “Response A” and “Response B”, never the model names.
      </List.Item>
      <List.Item
        icon={
          <ThemeIcon size={24} radius="xl" variant="light">
            <IconArrowsExchange size={14} />
          </ThemeIcon>
        }
      >
        Every pair is judged in both orders; a verdict that flips with the order counts as a tie, so position bias cancels out.
      </List.Item>
      <List.Item
        icon={
          <ThemeIcon size={24} radius="xl" variant="light">
            <IconChartDots size={14} />
          </ThemeIcon>
        }
      >
        Win rates come with 95% confidence intervals; when they include 50% you get “too close to call”, not a winner.
      </List.Item>
    </List>
  );
}

function ExperimentList() {
  const list = useApiQuery('compare.list', {});
  const [live, setLive] = useState<Record<string, CompareProgress>>({});
  const { reload } = list;

  useEffect(() => {
    const known = new Map<string, string>();
    return api.subscribe('compare.progress', {}, (p) => {
      setLive((prev) => ({ ...prev, [p.experimentId]: p }));
      if (known.has(p.experimentId) && known.get(p.experimentId) !== p.status) void reload();
      known.set(p.experimentId, p.status);
    });
  }, [reload]);

  const rows = list.data ?? [];
  return (
    <>
      <PageHeader
        title="Compare"
        description="Is model B good enough to replace model A on your own work? Run both on many prompts, let a judge compare the answers fairly, and see the quality difference beside the cost difference."
        actions={
          <Button leftSection={<IconPlus size={16} />} component="a" href={href('compare', 'new')}>
            New experiment
          </Button>
        }
      />
      {list.error && !list.data ? (
        <ErrorAlert title="Could not load the experiments" error={list.error} onRetry={() => void list.reload()} />
      ) : !list.data ? (
        <CardsSkeleton rows={3} />
      ) : rows.length === 0 ? (
        <Card py="xl">
          <EmptyState
            icon={<IconScale size={28} />}
            variant="light"
            title="No experiments yet"
            description="Build a prompt set (paste it, import JSONL or CSV, sample your own traffic, or send prompts from Race), pick two or more candidates and a judge, and start."
          >
            <HowItWorks />
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} component="a" href={href('compare', 'new')}>
                New experiment
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      ) : (
        <Card padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Experiments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Experiment</Table.Th>
                  <Table.Th w={190}>Status</Table.Th>
                  <Table.Th>Candidates</Table.Th>
                  <Table.Th>Judge</Table.Th>
                  <Table.Th w={80} ta="right">
                    Prompts
                  </Table.Th>
                  <Table.Th w={120}>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e: Experiment) => {
                  const p = live[e.id];
                  const status = p?.status ?? e.status;
                  return (
                    <Table.Tr key={e.id} data-testid={`experiment-row-${e.id}`}>
                      <Table.Td>
                        <Anchor href={href('compare', e.id)} fw={600} size="sm">
                          {e.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLOR[status]} variant="light">
                          {STATUS_LABEL[status]}
                        </Badge>
                        {status === 'running' && p && p.total > 0 && (
                          <Progress value={(p.done / p.total) * 100} size="sm" mt={6} striped animated aria-label={`${e.name}: ${p.done} of ${p.total} calls`} />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace" lineClamp={2} title={e.config.candidates.join(', ')}>
                          {e.config.candidates.length ? e.config.candidates.map(short).join(' · ') : <Text span c="dimmed" size="sm">none yet</Text>}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace" truncate="end" maw={200} title={e.config.judge ?? undefined}>
                          {e.config.judge ? short(e.config.judge) : <Text span c="dimmed" size="sm">none yet</Text>}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{e.itemCount}</Table.Td>
                      <Table.Td>
                        <Tooltip label={absoluteTime(e.updatedAt)}>
                          <Text size="sm" c="dimmed" tabIndex={0}>
                            {relativeTime(e.updatedAt)}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}

/**
 * Moves keyboard focus to the view's h1 once it renders. The frame does this
 * when the page changes; moves inside Compare (list → experiment → run) are
 * ours to handle.
 */
function focusHeading(): () => void {
  let frame = 0;
  const until = Date.now() + 5000;
  const tryFocus = () => {
    const h1 = document.querySelector<HTMLElement>('#main-content h1');
    if (h1) {
      if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
      h1.focus();
      return;
    }
    if (Date.now() < until) frame = requestAnimationFrame(tryFocus);
  };
  frame = requestAnimationFrame(tryFocus);
  return () => cancelAnimationFrame(frame);
}

/** Full items of a draft (to edit them in the wizard). */
async function loadDraftItems(id: string, count: number): Promise<CompareItem[]> {
  const idxs: number[] = [];
  for (let offset = 0; offset < count; offset += 500) {
    const page = await api.call('compare.items', { experimentId: id, offset, limit: 500 });
    idxs.push(...page.items.map((i) => i.idx));
    if (page.items.length < 500) break;
  }
  const out: CompareItem[] = new Array(idxs.length);
  let next = 0;
  const worker = async () => {
    while (next < idxs.length) {
      const i = next++;
      const d = await api.call('compare.item', { experimentId: id, idx: idxs[i]! });
      out[i] = { prompt: d.prompt, system: d.system, reference: d.reference, origin: d.origin };
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, idxs.length) }, worker));
  return out;
}

function DraftRoute({ experiment, onStarted }: { experiment: Experiment; onStarted: () => void }) {
  const [items, setItems] = useState<CompareItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let alive = true;
    loadDraftItems(experiment.id, experiment.itemCount).then(
      (it) => alive && setItems(it),
      (err) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [experiment.id, experiment.itemCount, attempt]);
  if (error) return <ErrorAlert title="Could not load the draft’s prompts" error={error} onRetry={() => (setError(null), setAttempt((a) => a + 1))} />;
  if (!items) return <PageSkeleton />;
  return <Wizard existing={{ experiment, items }} onStarted={onStarted} />;
}

function ExperimentRoute({ id }: { id: string }) {
  const detail = useApiQuery('compare.get', { experimentId: id }, id);
  const view = !detail.data ? 'loading' : detail.data.experiment.status === 'draft' ? 'draft' : 'run';
  const prevView = useRef(view);
  useEffect(() => {
    const from = prevView.current;
    prevView.current = view;
    if (from === 'draft' && view === 'run') return focusHeading(); // just started
  }, [view]);

  if (detail.error && !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.code === 'not_found';
    return (
      <>
        <Anchor href={href('compare')} size="sm" mb={6} display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
          <IconArrowLeft size={14} /> All experiments
        </Anchor>
        <PageHeader title="Compare" />
        <ErrorAlert title={missing ? 'No such experiment' : 'Could not load the experiment'} error={detail.error} onRetry={missing ? undefined : () => void detail.reload()} />
        {missing && (
          <Group mt="md">
            <Button variant="light" onClick={() => navigate('compare')}>
              Back to the experiments
            </Button>
          </Group>
        )}
      </>
    );
  }
  if (!detail.data) return <PageSkeleton rows={4} />;
  if (detail.data.experiment.status === 'draft') return <DraftRoute experiment={detail.data.experiment} onStarted={() => void detail.reload()} />;
  return <ExperimentView detail={detail.data} reload={detail.reload} />;
}

/**
 * Compare (issue 6). Routes: `#/compare` (experiments), `#/compare/new`
 * (wizard), `#/compare/<id>` (a draft opens in the wizard; a started one shows
 * progress and results). Race sends prompts with `compare.fromRace` and then
 * navigates to `#/compare/<id>`.
 */
export default function ComparePage() {
  const loc = useHashLocation();
  const sub = loc.rest[0];
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false; // entering the page: the frame focuses the heading
      return;
    }
    return focusHeading();
  }, [sub]);
  return <Stack gap={0}>{!sub ? <ExperimentList /> : sub === 'new' ? <Wizard key="new" /> : <ExperimentRoute key={sub} id={sub} />}</Stack>;
}

import { useCallback, useEffect, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Drawer,
  EmptyState,
  Group,
  Pagination,
  Paper,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Spoiler,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowsExchange, IconChevronLeft, IconChevronRight, IconGavel, IconListDetails, IconPencil } from '@tabler/icons-react';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usd } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { int, ms, originLabel, outcomeColor, outcomeLabel, preview, type ItemDetail, type ItemSummary } from './lib';
import { Markdown } from './Markdown';

const PAGE_SIZE = 25;

function OutcomeBadge({ outcome, aName, bName, size = 'sm' }: { outcome: ItemSummary['pairs'][number]['final']; aName: string; bName: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge size={size} variant="light" color={outcomeColor(outcome)} style={{ textTransform: 'none', maxWidth: 260 }}>
      {outcomeLabel(outcome, aName, bName)}
    </Badge>
  );
}

/** The paged table of items, each opening the drill-down. */
export function ItemsTable({ experimentId, names, total, version, onOpen }: { experimentId: string; names: string[]; total: number; version: number; onOpen: (idx: number) => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: ItemSummary[] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const r = await api.call('compare.items', { experimentId, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
      setData(r);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [experimentId, page]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const pages = Math.max(1, Math.ceil((data?.total ?? total) / PAGE_SIZE));
  const multi = names.length > 2;

  return (
    <Card component="section" aria-labelledby="items-heading" padding="md" data-testid="items">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <IconListDetails size={18} />
          <Title order={3} fz="md" id="items-heading">
            Items
          </Title>
          <Badge variant="light">{data?.total ?? total}</Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Open an item to read both answers, both verdicts, and to override the verdict.
        </Text>
      </Group>
      {error ? (
        <ErrorAlert title="Could not load the items" error={error} onRetry={() => void load()} />
      ) : !data ? (
        <Stack gap={6} aria-busy="true" aria-label="Loading items">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} h={34} />
          ))}
        </Stack>
      ) : data.items.length === 0 ? (
        <EmptyState size="sm" icon={<IconListDetails size={22} />} title="No items" description="This experiment has no prompts." />
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6} highlightOnHover aria-label="Items and verdicts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={50}>#</Table.Th>
                  <Table.Th>Prompt</Table.Th>
                  <Table.Th w={multi ? 400 : 260}>Verdict{multi ? 's' : ''}</Table.Th>
                  <Table.Th w={110}>Answers</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((it) => {
                  const failed = it.answers.filter((a) => a === 'error').length;
                  const pending = it.answers.filter((a) => a === 'pending').length;
                  return (
                    <Table.Tr key={it.idx} data-testid={`item-row-${it.idx}`}>
                      <Table.Td c="dimmed">{it.idx + 1}</Table.Td>
                      <Table.Td>
                        <UnstyledButton onClick={() => onOpen(it.idx)} className="cmp-item-link" aria-label={`Open item ${it.idx + 1}: ${preview(it.prompt, 60)}`}>
                          <Text size="sm" lineClamp={2}>
                            {preview(it.prompt, 200)}
                          </Text>
                        </UnstyledButton>
                        <Group gap={4} mt={2}>
                          <Badge size="xs" variant="outline" color="gray">
                            {originLabel(it.origin)}
                          </Badge>
                          {it.hasReference && (
                            <Badge size="xs" variant="outline" color="teal">
                              reference
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          {it.pairs.map((p) => (
                            <Group key={`${p.a}-${p.b}`} gap={4} wrap="nowrap">
                              {multi && (
                                <Text size="xs" c="dimmed" truncate="end" w={150} title={`${names[p.a]} vs ${names[p.b]}`}>
                                  {short(names[p.a]!)} vs {short(names[p.b]!)}
                                </Text>
                              )}
                              <OutcomeBadge outcome={p.final} aName={short(names[p.a]!)} bName={short(names[p.b]!)} />
                              {p.inconsistent && !p.overridden && (
                                <Tooltip label="The verdict flipped when the order was swapped: counted as a tie">
                                  <Badge size="xs" variant="outline" color="orange" leftSection={<IconArrowsExchange size={10} />} tabIndex={0}>
                                    flipped
                                  </Badge>
                                </Tooltip>
                              )}
                              {p.overridden && (
                                <Tooltip label={`You overrode the judge (it said: ${outcomeLabel(p.judge, short(names[p.a]!), short(names[p.b]!))})`}>
                                  <Badge size="xs" variant="outline" color="violet" leftSection={<IconPencil size={10} />} tabIndex={0}>
                                    override
                                  </Badge>
                                </Tooltip>
                              )}
                            </Group>
                          ))}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c={failed ? 'red' : pending ? 'dimmed' : undefined}>
                          {failed ? `${failed} failed` : pending ? `${it.answers.length - pending}/${it.answers.length} in` : 'all in'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Group justify="center" mt="sm">
              <Pagination total={pages} value={page} onChange={setPage} size="sm" aria-label="Item pages" getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Previous page' : c === 'next' ? 'Next page' : c })} />
            </Group>
          )}
        </>
      )}
    </Card>
  );
}

function short(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

type PairView = ItemDetail['pairs'][number];
type Answer = ItemDetail['answers'][number];

function AnswerCard({ answer, color, testId }: { answer: Answer | undefined; color: string; testId: string }) {
  if (!answer) return null;
  return (
    <Card padding="sm" data-testid={testId} className="cmp-answer" style={{ borderTop: `3px solid var(--mantine-color-${color}-6)` }}>
      <Group justify="space-between" mb={6} wrap="nowrap" gap="xs">
        <Text fw={650} ff="monospace" size="sm" truncate="end" title={answer.name}>
          {answer.name}
        </Text>
        {answer.servedModel && answer.servedModel !== short(answer.name) && (
          <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
            served {answer.servedModel}
          </Badge>
        )}
      </Group>
      <Group gap="md" mb="xs">
        <Text size="xs" c="dimmed">
          {ms(answer.latencyMs)}
        </Text>
        <Text size="xs" c="dimmed">
          {int(answer.inputTokens)} in · {int(answer.outputTokens)} out
        </Text>
        <Text size="xs" c="dimmed">
          {answer.costUsd === null ? 'cost unknown' : usd(answer.costUsd)}
        </Text>
      </Group>
      {answer.status === 'done' ? (
        <ScrollArea.Autosize mah={460} type="auto" offsetScrollbars>
          <Markdown text={answer.text ?? ''} />
        </ScrollArea.Autosize>
      ) : answer.status === 'error' ? (
        <Alert color="red" variant="light" title="This call failed">
          {answer.error}
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          Not answered yet.
        </Text>
      )}
    </Card>
  );
}

function VerdictCard({ j, names, aName, bName, index }: { j: PairView['judgements'][number]; names: string[]; aName: string; bName: string; index: number }) {
  const shownA = names[j.shownA]!;
  const shownB = names[j.shownB]!;
  const winnerName = j.winner === 'a' ? aName : j.winner === 'b' ? bName : null;
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`verdict-${j.order}`}>
      <Group justify="space-between" mb={4} wrap="wrap" gap="xs">
        <Text size="sm" fw={650}>
          Order {index + 1}
        </Text>
        {j.status === 'done' ? (
          <Badge variant="light" color={j.winner === 'tie' ? 'gray' : j.winner === 'a' ? 'blue' : 'grape'} style={{ textTransform: 'none' }}>
            Verdict “{j.verdict}” → {winnerName ? `${short(winnerName)} better` : 'tie'}
          </Badge>
        ) : (
          <Badge variant="light" color={j.status === 'unparseable' || j.status === 'error' ? 'red' : 'gray'}>
            {j.status === 'unparseable' ? 'Unparseable' : j.status === 'error' ? 'Failed' : j.status === 'skipped' ? 'Skipped' : 'Pending'}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb={6}>
        Response A = <Text span ff="monospace" inherit>{shownA}</Text>, Response B = <Text span ff="monospace" inherit>{shownB}</Text>
        {j.attempts > 1 ? ` · ${j.attempts} attempts` : ''}
      </Text>
      {j.reasoning ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {j.reasoning}
        </Text>
      ) : j.status === 'done' ? (
        <Text size="sm" c="dimmed">
          (no reasoning given)
        </Text>
      ) : null}
      {j.error && (
        <Text size="sm" c="red" mt={4}>
          {j.error}
        </Text>
      )}
      {j.status === 'unparseable' && j.raw && (
        <Spoiler maxHeight={90} showLabel="Show the whole reply" hideLabel="Hide" mt={6} styles={{ control: { fontSize: 'var(--mantine-font-size-sm)' } }}>
          <Code block>{j.raw}</Code>
        </Spoiler>
      )}
    </Paper>
  );
}

function OverrideControl({ pair, aName, bName, onSave, saving }: { pair: PairView; aName: string; bName: string; onSave: (v: 'a' | 'b' | 'tie' | null, note: string) => void; saving: boolean }) {
  const [choice, setChoice] = useState<string>(pair.override?.verdict ?? 'judge');
  const [note, setNote] = useState(pair.override?.note ?? '');
  useEffect(() => {
    setChoice(pair.override?.verdict ?? 'judge');
    setNote(pair.override?.note ?? '');
  }, [pair.override?.verdict, pair.override?.note, pair.a, pair.b]);
  const current = pair.override?.verdict ?? 'judge';
  const dirty = choice !== current || (choice !== 'judge' && note !== (pair.override?.note ?? ''));
  return (
    <Paper withBorder p="sm" radius="md" data-testid="override">
      <Group gap="xs" mb={6}>
        <IconPencil size={16} />
        <Text size="sm" fw={650}>
          Your verdict
        </Text>
        {pair.override && (
          <Badge size="xs" variant="light" color="violet">
            overridden
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        Overrides change the adjusted figures only; the judge’s own figures stay as judged.
      </Text>
      <SegmentedControl
        fullWidth
        value={choice}
        onChange={setChoice}
        aria-label="Override the verdict"
        data={[
          { value: 'judge', label: 'Keep the judge’s' },
          { value: 'a', label: `${short(aName)} better` },
          { value: 'tie', label: 'Tie' },
          { value: 'b', label: `${short(bName)} better` },
        ]}
      />
      <Group mt="xs" align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          size="sm"
          label="Note (optional)"
          placeholder="Why you disagree"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          disabled={choice === 'judge'}
          maxLength={2000}
        />
        <Button onClick={() => onSave(choice === 'judge' ? null : (choice as 'a' | 'b' | 'tie'), note)} disabled={!dirty} loading={saving}>
          Save verdict
        </Button>
      </Group>
    </Paper>
  );
}

/** The drill-down: prompt, both answers side by side, both verdicts with reasoning, override. */
export function ItemDrawer({
  experimentId,
  names,
  idx,
  total,
  onClose,
  onNavigate,
  onChanged,
}: {
  experimentId: string;
  names: string[];
  idx: number | null;
  total: number;
  onClose: () => void;
  onNavigate: (idx: number) => void;
  onChanged: () => void;
}) {
  const [detail, setDetail] = useState<ItemDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pairKey, setPairKey] = useState('0-1');
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    if (idx === null) return;
    setError(null);
    try {
      setDetail(await api.call('compare.item', { experimentId, idx }));
    } catch (err) {
      setError(err);
    }
  }, [experimentId, idx]);

  useEffect(() => {
    setDetail(null);
    void load();
  }, [load]);

  const pair = detail?.pairs.find((p) => `${p.a}-${p.b}` === pairKey) ?? detail?.pairs[0];
  const aName = pair ? names[pair.a]! : '';
  const bName = pair ? names[pair.b]! : '';

  const save = async (verdict: 'a' | 'b' | 'tie' | null, note: string) => {
    if (!pair || idx === null) return;
    setSaving(true);
    try {
      const d = await api.call('compare.override', { experimentId, idx, a: pair.a, b: pair.b, verdict, note: verdict && note.trim() ? note.trim() : null });
      setDetail(d);
      notifySuccess(verdict ? 'Verdict overridden' : 'Override removed', 'The adjusted figures are updated.');
      onChanged();
    } catch (err) {
      notifyError('Could not save the verdict', err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      opened={idx !== null}
      onClose={onClose}
      position="right"
      size="min(1180px, 100vw)"
      title={
        <Group gap="sm">
          <Text fw={650}>Item {idx !== null ? idx + 1 : ''}</Text>
          <Text size="sm" c="dimmed">
            of {total}
          </Text>
          {detail && (
            <Badge size="sm" variant="outline" color="gray">
              {originLabel(detail.origin)}
            </Badge>
          )}
        </Group>
      }
      padding="lg"
      closeButtonProps={{ 'aria-label': 'Close the item' }}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      <Group justify="space-between" mb="md">
        <Group gap="xs">
          <Tooltip label="Previous item">
            <ActionIcon variant="default" aria-label="Previous item" disabled={idx === null || idx <= 0} onClick={() => idx !== null && onNavigate(idx - 1)}>
              <IconChevronLeft size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Next item">
            <ActionIcon variant="default" aria-label="Next item" disabled={idx === null || idx >= total - 1} onClick={() => idx !== null && onNavigate(idx + 1)}>
              <IconChevronRight size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {detail && detail.pairs.length > 1 && (
          <SegmentedControl
            size="xs"
            value={pair ? `${pair.a}-${pair.b}` : pairKey}
            onChange={setPairKey}
            aria-label="Which pair"
            data={detail.pairs.map((p) => ({ value: `${p.a}-${p.b}`, label: `${short(names[p.a]!)} vs ${short(names[p.b]!)}` }))}
          />
        )}
      </Group>
      {error ? (
        <ErrorAlert title="Could not load this item" error={error} onRetry={() => void load()} />
      ) : !detail ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the item">
          <Skeleton h={80} />
          <SimpleGrid cols={2}>
            <Skeleton h={240} />
            <Skeleton h={240} />
          </SimpleGrid>
        </Stack>
      ) : (
        <Stack gap="md" data-testid="item-detail">
          <Paper withBorder p="sm" radius="md">
            <Text size="xs" c="dimmed" fw={700} tt="uppercase" mb={4}>
              Prompt
            </Text>
            <Spoiler maxHeight={160} showLabel="Show all" hideLabel="Show less" styles={{ control: { fontSize: 'var(--mantine-font-size-sm)' } }}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="item-prompt">
                {detail.prompt}
              </Text>
            </Spoiler>
            {detail.system && (
              <>
                <Text size="xs" c="dimmed" fw={700} tt="uppercase" mt="sm" mb={4}>
                  System prompt
                </Text>
                <Spoiler maxHeight={80} showLabel="Show all" hideLabel="Show less" styles={{ control: { fontSize: 'var(--mantine-font-size-sm)' } }}>
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    {detail.system}
                  </Text>
                </Spoiler>
              </>
            )}
            {detail.reference && (
              <>
                <Text size="xs" c="teal" fw={700} tt="uppercase" mt="sm" mb={4}>
                  Reference answer
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {detail.reference}
                </Text>
              </>
            )}
          </Paper>
          {pair && (
            <>
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                <AnswerCard answer={detail.answers.find((a) => a.candidate === pair.a)} color="blue" testId="answer-a" />
                <AnswerCard answer={detail.answers.find((a) => a.candidate === pair.b)} color="grape" testId="answer-b" />
              </SimpleGrid>
              <Card padding="sm">
                <Group justify="space-between" mb="sm" wrap="wrap">
                  <Group gap="xs">
                    <IconGavel size={16} />
                    <Text fw={650} size="sm">
                      The judge’s verdicts
                    </Text>
                  </Group>
                  <Group gap={6}>
                    <Text size="sm" c="dimmed">
                      Combined:
                    </Text>
                    <OutcomeBadge outcome={pair.judge} aName={short(aName)} bName={short(bName)} size="md" />
                    {pair.inconsistent && (
                      <Badge variant="outline" color="orange" leftSection={<IconArrowsExchange size={12} />} data-testid="flipped">
                        flipped with the order → tie
                      </Badge>
                    )}
                    {pair.override && (
                      <>
                        <Text size="sm" c="dimmed">
                          Final:
                        </Text>
                        <OutcomeBadge outcome={pair.final} aName={short(aName)} bName={short(bName)} size="md" />
                      </>
                    )}
                  </Group>
                </Group>
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                  {pair.judgements.map((j, i) => (
                    <VerdictCard key={j.order} j={j} names={names} aName={aName} bName={bName} index={i} />
                  ))}
                </SimpleGrid>
              </Card>
              <OverrideControl pair={pair} aName={aName} bName={bName} onSave={(v, n) => void save(v, n)} saving={saving} />
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

import { memo, useMemo, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Code,
  Drawer,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconBolt, IconCheck, IconPlayerPlay, IconPlayerSkipForward, IconReload, IconScale, IconX } from '@tabler/icons-react';
import type { RequestDetailView } from '../../../shared/costs';
import { notifications } from '@mantine/notifications';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { CodeBlock } from '../../components/CodeBlock';
import { CopyIcon } from '../../components/CopyIcon';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../lib/notify';

const COMPARE_DRAFT_KEY = 'switchboard.requests.compareDraft';
import { href, navigate } from '../../router';
import { exact, fmtRowTime, ms, usdPrecise } from '../costs/format';
import { assembleSse, extractPrompt, isSse, prettyJson, RACE_PREFILL_KEY, responseText } from './body';
import { isRerouted, statusColor } from './RequestTable';

function Fact({ label, value, hint }: { label: string; value: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="sm">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <Box component="section" data-testid={testId}>
      <Title order={3} fz="sm" mb={6}>
        {title}
      </Title>
      {children}
    </Box>
  );
}

const OUTCOME_ICON: Record<string, React.ReactNode> = {
  ok: <IconCheck size={12} />,
  error: <IconX size={12} />,
  skipped: <IconPlayerSkipForward size={12} />,
};

function outcomeColor(outcome: string, status: number | null): string {
  if (outcome === 'ok') return 'teal';
  if (outcome === 'skipped' || outcome === 'cooldown') return 'gray';
  if (outcome === 'lost' || outcome === 'cancelled' || outcome === 'aborted') return 'gray';
  return status !== null && status < 500 && status !== 429 ? 'orange' : 'red';
}

function AttemptChain({ d }: { d: RequestDetailView }) {
  if (d.attempts.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="attempt-chain">
        {d.cacheHit ? 'Served from the response cache: no upstream call was made.' : 'No upstream attempt was made (refused before routing).'}
      </Text>
    );
  }
  return (
    <Timeline active={d.attempts.length} bulletSize={20} lineWidth={2} data-testid="attempt-chain">
      {d.attempts.map((a) => {
        const color = outcomeColor(a.outcome, a.status);
        return (
          <Timeline.Item
            key={a.seq}
            color={color}
            bullet={OUTCOME_ICON[a.outcome] ?? <IconAlertTriangle size={12} />}
            title={
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600}>
                  {a.provider}/{a.model}
                </Text>
                <Badge size="xs" variant="light" color={a.status === null ? 'gray' : statusColor(a.status)}>
                  {a.status ?? 'no status'}
                </Badge>
                <Badge size="xs" variant="outline" color={color}>
                  {a.outcome}
                </Badge>
              </Group>
            }
            data-testid="attempt"
          >
            <Text size="xs" c="dimmed">
              Attempt {a.seq + 1} · {ms(a.latencyMs)}
              {a.ttftMs !== null ? ` · first token ${ms(a.ttftMs)}` : ''}
              {a.inputTokens !== null ? ` · ${exact(a.inputTokens)} in / ${exact(a.outputTokens ?? 0)} out` : ''}
              {a.costUsd !== null ? ` · ${usdPrecise(a.costUsd)}` : ''}
            </Text>
            {a.reason && (
              <Text size="xs" mt={2}>
                Why: <Code fz="xs">{a.reason}</Code>
              </Text>
            )}
            {a.error && (
              <Text size="xs" c="red" mt={2} style={{ overflowWrap: 'anywhere' }}>
                {a.error}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

function CostTable({ d }: { d: RequestDetailView }) {
  const read = d.cacheReadTokens ?? 0;
  const write = d.cacheWriteTokens ?? 0;
  const input = d.inputTokens;
  const uncached = input === null ? null : Math.max(0, input - read - write);
  const t = (n: number | null) => (n === null ? '—' : exact(n));
  return (
    <Table fz="sm" verticalSpacing={4} data-testid="cost-breakdown" withRowBorders={false}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">Tokens</Table.Th>
          <Table.Th ta="right">Cost</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>Input (uncached)</Table.Td>
          <Table.Td ta="right">{t(uncached)}</Table.Td>
          <Table.Td ta="right" ff="monospace">
            {usdPrecise(d.costInputUsd)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td>
            Cached input
            <Text span size="xs" c="dimmed">
              {' '}
              ({exact(read)} read, {exact(write)} written)
            </Text>
          </Table.Td>
          <Table.Td ta="right">{input === null ? '—' : t(read + write)}</Table.Td>
          <Table.Td ta="right" ff="monospace">
            {usdPrecise(d.costCachedInputUsd)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td>Output (reasoning included)</Table.Td>
          <Table.Td ta="right">{t(d.outputTokens)}</Table.Td>
          <Table.Td ta="right" ff="monospace">
            {usdPrecise(d.costOutputUsd)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td pl="lg" c="dimmed">
            of which reasoning
          </Table.Td>
          <Table.Td ta="right" c="dimmed">
            {t(d.reasoningTokens)}
          </Table.Td>
          <Table.Td ta="right" ff="monospace" c="dimmed">
            {usdPrecise(d.costReasoningUsd)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <Table.Td fw={700}>Total{d.listCostUsd !== null && d.costUsd !== null && d.listCostUsd !== d.costUsd ? ' (after discount)' : ''}</Table.Td>
          <Table.Td ta="right" fw={700}>
            {input === null ? '—' : exact(input + (d.outputTokens ?? 0))}
          </Table.Td>
          <Table.Td ta="right" ff="monospace" fw={700} data-testid="cost-total">
            {d.priced ? usdPrecise(d.costUsd) : <Badge color="orange" variant="light" size="sm">no known price</Badge>}
          </Table.Td>
        </Table.Tr>
        {d.listCostUsd !== null && d.costUsd !== null && d.listCostUsd !== d.costUsd && (
          <Table.Tr>
            <Table.Td c="dimmed">At list price</Table.Td>
            <Table.Td />
            <Table.Td ta="right" ff="monospace" c="dimmed">
              {usdPrecise(d.listCostUsd)}
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

function BodyView({ label, body, stream }: { label: string; body: string; stream: boolean }) {
  const sse = stream && isSse(body);
  const assembled = useMemo(() => (sse ? assembleSse(body) : null), [sse, body]);
  const answer = useMemo(() => (!sse ? responseText(body) : null), [sse, body]);
  const pretty = useMemo(() => prettyJson(body), [body]);
  const readable = assembled ?? (answer && (answer.text || answer.reasoning) ? { ...answer, tools: [] as Array<{ name: string; args: string }> } : null);
  const [mode, setMode] = useState<'text' | 'raw'>(readable ? 'text' : 'raw');
  if (!body) {
    return (
      <Text size="sm" c="dimmed">
        Empty.
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {readable && (
        <SegmentedControl
          size="xs"
          w={260}
          value={mode}
          onChange={(v) => setMode(v as 'text' | 'raw')}
          aria-label={`${label} view`}
          data={[
            { value: 'text', label: sse ? 'Assembled text' : 'Answer text' },
            { value: 'raw', label: sse ? 'Raw stream' : 'JSON' },
          ]}
        />
      )}
      {readable && mode === 'text' ? (
        <Stack gap={6} data-testid="assembled-text">
          {readable.reasoning && (
            <>
              <Text size="xs" c="dimmed" fw={600}>
                Reasoning
              </Text>
              <pre className="rq-text-body" style={{ opacity: 0.8 }}>
                {readable.reasoning}
              </pre>
            </>
          )}
          <pre className="rq-text-body">{readable.text || '(no text)'}</pre>
          {readable.tools.map((t, i) => (
            <CodeBlock key={i} code={prettyJson(t.args) ?? t.args} language={prettyJson(t.args) ? 'json' : 'text'} label={`tool call ${t.name}`} fileName={`tool call · ${t.name}`} />
          ))}
          {assembled && (
            <Text size="xs" c="dimmed">
              {assembled.events} events{assembled.finishReason ? ` · finished: ${assembled.finishReason}` : ''}
              {assembled.error ? ` · error: ${assembled.error}` : ''}
            </Text>
          )}
        </Stack>
      ) : pretty ? (
        <CodeBlock code={pretty} language="json" label={label} fileName={`${label} · JSON`} />
      ) : (
        <CodeBlock code={body} language="text" label={label} fileName={sse ? `${label} · server-sent events` : label} />
      )}
    </Stack>
  );
}

function Actions({ d, onReplayed }: { d: RequestDetailView; onReplayed: (newId: string | null) => void }) {
  const [replaying, setReplaying] = useState(false);
  const [adding, setAdding] = useState(false);
  const prompt = useMemo(() => (d.bodies ? extractPrompt(d.bodies.requestBody) : null), [d.bodies]);
  const noBody = !d.bodies ? 'The body was not stored (body logging off, or removed by retention).' : null;
  const noPrompt = noBody ?? (!prompt ? 'No user message found in this request.' : null);

  const replay = async () => {
    setReplaying(true);
    try {
      const r = await api.call('requests.replay', { id: d.id });
      if (r.ok) notifySuccess('Sent again', `HTTP ${r.status} in ${ms(r.latencyMs)}. The replay is logged with source “replay”.`);
      else notifyError(`The replay failed (HTTP ${r.status})`, new Error(r.error ?? 'no message'));
      onReplayed(r.id);
    } catch (err) {
      notifyError('Could not replay the request', err);
    } finally {
      setReplaying(false);
    }
  };

  const openInRace = () => {
    if (!prompt) return;
    const models = [d.provider && d.servedModel ? `${d.provider}/${d.servedModel}` : d.requestedModel].filter((m): m is string => !!m);
    try {
      sessionStorage.setItem(RACE_PREFILL_KEY, JSON.stringify({ prompt: prompt.prompt, system: prompt.system, models, requestId: d.id }));
    } catch {
      /* storage unavailable: Race opens empty */
    }
    navigate('race');
  };

  const addToCompare = async () => {
    if (!prompt) return;
    setAdding(true);
    try {
      // Later prompts go to the same draft, so a prompt set can be built from several requests.
      let draft: string | null = null;
      try {
        draft = sessionStorage.getItem(COMPARE_DRAFT_KEY);
      } catch {
        /* no storage */
      }
      const input = { prompt: prompt.prompt, system: prompt.system };
      let exp;
      try {
        exp = await api.call('compare.fromRace', draft ? { ...input, experimentId: draft } : input);
      } catch (err) {
        if (!draft) throw err;
        exp = await api.call('compare.fromRace', input); // the draft was started or deleted meanwhile
      }
      try {
        sessionStorage.setItem(COMPARE_DRAFT_KEY, exp.id);
      } catch {
        /* no storage */
      }
      const n = exp.itemCount;
      notifications.show({
        color: 'teal',
        withBorder: true,
        autoClose: 6000,
        icon: <IconCheck size={18} />,
        title: 'Added to a Compare prompt set',
        message: (
          <>
            “{exp.name}”{n ? ` now has ${n} prompt${n === 1 ? '' : 's'}` : ''}.{' '}
            <Anchor href={href('compare', exp.id)} size="sm">
              Open it in Compare
            </Anchor>
          </>
        ),
      });
    } catch (err) {
      notifyError('Could not add to Compare', err);
    } finally {
      setAdding(false);
    }
  };

  return (
    <Group gap="xs" data-testid="drawer-actions">
      <Tooltip label={noBody ?? 'Send the stored request through the proxy again (logged as a new request)'} multiline w={260}>
        <Button size="xs" variant="light" leftSection={<IconReload size={14} />} onClick={() => void replay()} loading={replaying} disabled={!!noBody || d.endpoint === 'models'}>
          Replay
        </Button>
      </Tooltip>
      <Tooltip label={noPrompt ?? 'Race this prompt against other models'} multiline w={260}>
        <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} onClick={openInRace} disabled={!!noPrompt}>
          Open in Race
        </Button>
      </Tooltip>
      <Tooltip label={noPrompt ?? 'Add this prompt to a Compare prompt set (a new draft)'} multiline w={260}>
        <Button size="xs" variant="light" leftSection={<IconScale size={14} />} onClick={() => void addToCompare()} loading={adding} disabled={!!noPrompt}>
          Add to Compare
        </Button>
      </Tooltip>
      {prompt?.multiTurn && (
        <Text size="xs" c="dimmed">
          Race and Compare take the last user message.
        </Text>
      )}
    </Group>
  );
}

function Detail({ id, onReplayed }: { id: string; onReplayed: (newId: string | null) => void }) {
  const q = useApiQuery('requests.get', { id }, id);
  const d = q.data?.id === id ? q.data : undefined;
  if (q.error) return <ErrorAlert title="Could not load this request" error={q.error} onRetry={() => void q.reload()} />;
  if (!d) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading">
        <Skeleton h={60} />
        <Skeleton h={120} />
        <Skeleton h={200} />
      </Stack>
    );
  }
  const headers = d.bodies ? Object.entries(d.bodies.requestHeaders).sort(([a], [b]) => a.localeCompare(b)) : [];
  return (
    <Stack gap="lg" data-testid="request-detail">
      <Stack gap={6}>
        <Group gap={6}>
          <Text size="xs" c="dimmed" ff="monospace">
            {d.id}
          </Text>
          <CopyIcon value={d.id} label="Copy the request id" size="sm" />
        </Group>
        <Group gap={6} wrap="wrap">
          <Badge variant="light" color="gray">
            {d.source}
          </Badge>
          <Badge variant="light" color="gray">
            {d.clientFormat} · {d.endpoint}
          </Badge>
          {d.stream && (
            <Badge variant="light" color="gray">
              stream
            </Badge>
          )}
          {d.tokenName && <Badge variant="light">client {d.tokenName}</Badge>}
          {d.route && <Badge variant="light" color="grape">route {d.route}</Badge>}
          {d.cacheHit && (
            <Badge variant="light" color="yellow" leftSection={<IconBolt size={12} />}>
              cache hit
            </Badge>
          )}
          {d.partial && (
            <Badge variant="light" color="orange">
              cut short
            </Badge>
          )}
          {d.usageEstimated && (
            <Badge variant="light" color="orange">
              tokens estimated
            </Badge>
          )}
        </Group>
        {isRerouted(d) && (
          <Text size="xs" c="dimmed">
            Asked for <Code fz="xs">{d.requestedModel}</Code>, served by <Code fz="xs">{`${d.provider}/${d.servedModel}`}</Code>.
          </Text>
        )}
      </Stack>

      <Actions d={d} onReplayed={onReplayed} />

      {d.errorMessage && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={d.errorType ?? 'Error'}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {d.errorMessage}
          </Text>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Fact label="Time to first token" value={ms(d.ttftMs)} hint={d.stream ? 'streamed' : 'whole response'} />
        <Fact label="Total time" value={ms(d.latencyMs)} hint={`${d.attemptCount} attempt${d.attemptCount === 1 ? '' : 's'}`} />
        <Fact label="Tokens" value={d.inputTokens === null ? '—' : `${exact(d.inputTokens)} → ${exact(d.outputTokens ?? 0)}`} hint="in → out" />
        <Fact
          label="Cost"
          value={d.priced ? usdPrecise(d.costUsd) : 'no known price'}
          hint={d.cacheHit && d.savedUsd !== null ? `saved ${usdPrecise(d.savedUsd)}` : d.listCostUsd !== null && d.listCostUsd !== d.costUsd ? `list ${usdPrecise(d.listCostUsd)}` : undefined}
        />
      </SimpleGrid>

      <Section title="Attempt chain">
        <AttemptChain d={d} />
      </Section>

      <Section title="Tokens and cost" testId="cost-section">
        <CostTable d={d} />
        {d.cacheHit && d.savedUsd !== null && (
          <Text size="xs" c="dimmed">
            Served from the response cache: the original call would cost {usdPrecise(d.savedUsd)} now.
          </Text>
        )}
        {d.counterfactual && (
          <Text size="xs" c="dimmed">
            On the requested/default model ({d.counterfactual.provider}/{d.counterfactual.model}) this would have cost{' '}
            {d.counterfactual.costUsd === null ? 'an unknown amount (no price)' : usdPrecise(d.counterfactual.costUsd)}.
          </Text>
        )}
      </Section>

      {d.bodies ? (
        <>
          <Section title="Request headers (redacted)" testId="headers-section">
            <Table fz="xs" verticalSpacing={2} ff="monospace">
              <Table.Tbody>
                {headers.map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Td c="dimmed" w="35%" style={{ verticalAlign: 'top' }}>
                      {k}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{v}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
          <Section title="Bodies" testId="bodies-section">
            {d.bodiesTruncated && (
              <Text size="xs" c="orange" mb={4}>
                A body was longer than the storage limit and was cut.
              </Text>
            )}
            <Tabs defaultValue="response" keepMounted={false}>
              <Tabs.List mb="xs">
                <Tabs.Tab value="request">Request</Tabs.Tab>
                <Tabs.Tab value="response">Response</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="request">
                <BodyView label="request body" body={d.bodies.requestBody} stream={false} />
              </Tabs.Panel>
              <Tabs.Panel value="response">
                <BodyView label="response body" body={d.bodies.responseBody} stream={d.stream} />
              </Tabs.Panel>
            </Tabs>
          </Section>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Bodies and headers were not stored for this request (body logging was off, or retention removed them). Change this in{' '}
          <a href={href('settings')}>Settings</a>.
        </Text>
      )}
    </Stack>
  );
}

/** Memoised: closed, it must not re-render with every page of rows. */
export const RequestDrawer = memo(function RequestDrawer({
  id,
  title,
  onClose,
  onReplayed,
}: {
  id: string | null;
  title: React.ReactNode;
  onClose: () => void;
  onReplayed: (newId: string | null) => void;
}) {
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size={720}
      title={title}
      keepMounted={false}
      closeButtonProps={{ 'aria-label': 'Close the request details' }}
      data-testid="request-drawer"
    >
      {id && <Detail id={id} onReplayed={onReplayed} />}
    </Drawer>
  );
});

import { memo, useDeferredValue, useEffect, useRef, type ReactNode } from 'react';
import { ActionIcon, Alert, Badge, CopyButton, Group, Loader, Paper, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconPlayerStopFilled, IconThumbUp, IconThumbUpFilled, IconTrophyFilled } from '@tabler/icons-react';
import type { RaceContestant } from '../../../shared/race';
import { useLiveColumn, type ColTurn, type TurnMeta } from './live';
import { followEnd, noteScroll } from './follow';
import { Markdown } from './Markdown';
import { contestantLabel, contestantProvider } from './options';

export const COLUMN_COLORS = ['blue', 'grape', 'teal', 'orange', 'pink', 'cyan'] as const;

/** Dollars with the digits a single call needs: $0.000041, $0.0123, $1.24. */
export function money(v: number): string {
  if (v === 0) return '$0';
  if (Math.abs(v) >= 0.01) return `$${v.toFixed(v >= 100 ? 0 : 2)}`;
  const digits = Math.min(10, 1 - Math.floor(Math.log10(Math.abs(v))));
  return `$${v.toFixed(digits)}`;
}

export function ms(v: number | null): string {
  if (v === null) return '–';
  return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;
}

function tps(v: number | null): string {
  return v === null ? '–' : `${v >= 100 ? Math.round(v) : v.toFixed(1)}`;
}

function tokens(c: ColTurn): string {
  const m = c.metrics;
  if (m.inputTokens === null && m.outputTokens === null) return '–';
  const t = `${m.inputTokens ?? '?'} → ${m.outputTokens ?? '?'}`;
  return m.usageEstimated ? `~${t}` : t;
}

function Metric({ label, value, testId, hint }: { label: string; value: ReactNode; testId: string; hint?: string }) {
  const body = (
    <div className="race-metric">
      <span className="race-metric-label">{label}</span>
      <span className="race-metric-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  return hint ? (
    <Tooltip label={hint} withArrow openDelay={300}>
      {body}
    </Tooltip>
  ) : (
    body
  );
}

export function MetricsStrip({ c, col }: { c: ColTurn; col: number }) {
  const m = c.metrics;
  return (
    <div className="race-metrics" aria-label="Metrics">
      <Metric label="TTFT" value={ms(m.ttftMs)} testId={`metric-ttft-${col}`} hint="Time to first token, measured by Switchboard from sending the request" />
      <Metric label="tok/s" value={tps(m.tokensPerSec)} testId={`metric-tps-${col}`} hint="Output tokens per second, first token to last" />
      <Metric label="Total" value={ms(m.latencyMs)} testId={`metric-latency-${col}`} />
      <Metric
        label="Tokens"
        value={tokens(c)}
        testId={`metric-tokens-${col}`}
        hint={m.usageEstimated ? 'Input → output tokens, estimated (the provider reported none)' : 'Input → output tokens, as the provider reported them'}
      />
      <Metric label="Cost" value={m.costUsd === null ? (c.status === 'running' || c.status === 'pending' ? '–' : 'unknown') : money(m.costUsd)} testId={`metric-cost-${col}`} />
      <Metric label="Finish" value={m.finishReason ?? '–'} testId={`metric-finish-${col}`} />
    </div>
  );
}

function StatusBadge({ c, col }: { c: ColTurn; col: number }) {
  const id = `status-${col}`;
  switch (c.status) {
    case 'pending':
    case 'running':
      // The animated loader only while waiting: once text streams, the text is the activity, and six
      // looping animations would keep the page painting every frame on top of the streaming itself.
      return (
        <Group gap={6} wrap="nowrap" data-testid={id} data-status="running">
          {c.metrics.ttftMs === null ? <Loader size={12} type="dots" /> : <span className="race-live-dot" aria-hidden />}
          <Text size="xs" c="dimmed">
            {c.metrics.ttftMs === null ? 'waiting' : 'streaming'}
          </Text>
        </Group>
      );
    case 'done':
      return c.finishRank === 1 ? (
        <Badge color="yellow" variant="filled" leftSection={<IconTrophyFilled size={11} />} data-testid={id} data-status="done" data-rank={1}>
          First
        </Badge>
      ) : (
        <Badge color="gray" variant="light" data-testid={id} data-status="done" data-rank={c.finishRank ?? undefined}>
          {c.finishRank ? `#${c.finishRank}` : 'done'}
        </Badge>
      );
    case 'stopped':
      return (
        <Badge color="gray" variant="outline" data-testid={id} data-status="stopped">
          stopped
        </Badge>
      );
    case 'interrupted':
      return (
        <Badge color="orange" variant="light" data-testid={id} data-status="interrupted">
          interrupted
        </Badge>
      );
    case 'error':
      return (
        <Badge color="red" variant="light" data-testid={id} data-status="error">
          error
        </Badge>
      );
  }
}

const TurnAnswer = memo(function TurnAnswer({ c, col, meta, last }: { c: ColTurn; col: number; meta: TurnMeta | undefined; last: boolean }) {
  const streaming = c.status === 'running' || c.status === 'pending';
  return (
    <div className="race-turn" data-turn={meta?.turn}>
      {meta && meta.turn > 0 && (
        <div className="race-you">
          <Text size="xs" fw={600} c="dimmed" mb={2}>
            You
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {meta.prompt}
          </Text>
        </div>
      )}
      {c.text ? (
        <div className="race-answer" data-testid={last ? `answer-${col}` : undefined}>
          <Markdown text={c.text} streaming={streaming} />
        </div>
      ) : streaming ? (
        <Text size="sm" c="dimmed" className="race-waiting">
          Waiting for the first token…
        </Text>
      ) : null}
      {c.status === 'error' && c.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={c.error.status ? `HTTP ${c.error.status}` : 'Failed'} mt="xs" data-testid={last ? `error-${col}` : undefined}>
          <Text size="sm" style={{ wordBreak: 'break-word' }}>
            {c.error.message}
          </Text>
        </Alert>
      )}
      {c.status === 'stopped' && (
        <Text size="xs" c="dimmed" mt={6}>
          Stopped{c.text ? ' — the answer above is partial.' : ' before the first token.'}
        </Text>
      )}
      {c.status === 'interrupted' && (
        <Text size="xs" c="orange" mt={6}>
          {c.error?.message ?? 'Interrupted.'}
        </Text>
      )}
      {!last && !streaming && (
        <Text size="xs" c="dimmed" mt={4}>
          {ms(c.metrics.ttftMs)} to first token · {tps(c.metrics.tokensPerSec)} tok/s · {c.metrics.costUsd === null ? 'cost unknown' : money(c.metrics.costUsd)}
        </Text>
      )}
    </div>
  );
});

/** The header re-renders on status and metrics changes only, not on every streamed token. */
const ColumnHead = memo(function ColumnHead(p: {
  col: number;
  contestant: RaceContestant;
  status: ColTurn['status'];
  metrics: ColTurn['metrics'];
  finishRank: number | null;
  /** The finished answer (for the copy button); '' while streaming. */
  text: string;
  voted: boolean;
  canVote: boolean;
  onStop: (col: number) => void;
  onVote: (col: number) => void;
}) {
  const latest = { status: p.status, metrics: p.metrics, finishRank: p.finishRank } as ColTurn;
  const running = p.status === 'running' || p.status === 'pending';
  const voted = p.voted;
  const color = COLUMN_COLORS[p.col % COLUMN_COLORS.length];
  const provider = contestantProvider(p.contestant);
  return (
      <div className="race-col-head" style={{ borderTopColor: `var(--mantine-color-${color}-6)` }}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge circle size="sm" color={color} variant="filled" aria-hidden>
              {p.col + 1}
            </Badge>
            <div style={{ minWidth: 0 }}>
              <Text fw={650} size="sm" truncate="end" title={p.contestant.ref} data-testid={`name-${p.col}`}>
                {contestantLabel(p.contestant)}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {p.contestant.kind === 'route' ? `route${latest.metrics.servedModel ? ` → ${latest.metrics.provider}/${latest.metrics.servedModel}` : ''}` : provider}
              </Text>
            </div>
          </Group>
          <Group gap={4} wrap="nowrap">
            <StatusBadge c={latest} col={p.col} />
            {running ? (
              <Tooltip label="Stop this column" withArrow>
                <ActionIcon variant="subtle" color="red" onClick={() => p.onStop(p.col)} aria-label={`Stop column ${p.col + 1} (${contestantLabel(p.contestant)})`}>
                  <IconPlayerStopFilled size={15} />
                </ActionIcon>
              </Tooltip>
            ) : (
              <>
                <CopyButton value={p.text} timeout={1500}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Copied' : 'Copy the answer'} withArrow>
                      <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} disabled={!p.text} aria-label={`Copy the answer of column ${p.col + 1}`}>
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
                <Tooltip label={voted ? 'Your pick for the best answer (click to clear)' : 'Vote: best answer'} withArrow>
                  <ActionIcon
                    variant={voted ? 'filled' : 'subtle'}
                    color={voted ? 'teal' : 'gray'}
                    onClick={() => p.onVote(p.col)}
                    disabled={!p.canVote}
                    aria-pressed={voted}
                    aria-label={`Vote column ${p.col + 1} (${contestantLabel(p.contestant)}) best`}
                    data-testid={`vote-${p.col}`}
                  >
                    {voted ? <IconThumbUpFilled size={16} /> : <IconThumbUp size={16} />}
                  </ActionIcon>
                </Tooltip>
              </>
            )}
          </Group>
        </Group>
        <MetricsStrip c={latest} col={p.col} />
      </div>
  );
});

const NO_TURNS: ColTurn[] = [];

export interface ColumnProps {
  raceId: string;
  col: number;
  contestant: RaceContestant;
  turns: TurnMeta[];
  vote: number | null;
  /** Column 0..5 shares one set of vote/stop handlers. */
  onStop: (col: number) => void;
  onVote: (col: number) => void;
  canVote: boolean;
  bodyClass: string;
  registerScroller?: (col: number, el: HTMLDivElement | null) => void;
  onScroll?: (col: number) => void;
}

/** One contestant: header (name, status, actions), metrics of the latest turn, and its own conversation. Subscribes to its own slice only. */
export const Column = memo(function Column(p: ColumnProps) {
  // Deferred: the store's update is cheap and urgent; rendering the new text (markdown) happens in an
  // interruptible background render, so six busy columns yield to input and frames instead of blocking.
  // (Measured against rendering each column at once within a per-frame budget: on a busy machine that
  // gave fewer CPU ms but longer tasks and more dropped frames — a column's render can't be split.)
  const turns = useDeferredValue(useLiveColumn(p.raceId, p.col) ?? NO_TURNS);
  const latest = turns.at(-1);
  const ref = useRef<HTMLDivElement>(null);
  const { registerScroller, col } = p;
  useEffect(() => {
    registerScroller?.(col, ref.current);
    return () => registerScroller?.(col, null);
  }, [registerScroller, col]);
  const live = latest?.status === 'running' || latest?.status === 'pending';
  useEffect(() => {
    if (live) followEnd(ref.current); // new text while streaming: keep its end in view (a reopened race starts at the top)
  }, [turns, live]);
  if (!latest) return null;
  const voted = p.vote === p.col;
  return (
    <Paper withBorder radius="md" className="race-col" data-testid={`race-col-${p.col}`} data-status={latest.status} data-voted={voted || undefined}>
      <ColumnHead
        col={p.col}
        contestant={p.contestant}
        status={latest.status}
        metrics={latest.metrics}
        finishRank={latest.finishRank}
        text={latest.status === 'running' || latest.status === 'pending' ? '' : latest.text}
        voted={voted}
        canVote={p.canVote}
        onStop={p.onStop}
        onVote={p.onVote}
      />
      <div className={`race-col-body ${p.bodyClass}`} ref={ref} onScroll={(e) => {
          noteScroll(e.currentTarget);
          p.onScroll?.(p.col);
        }} tabIndex={0} aria-label={`Answer of ${contestantLabel(p.contestant)}`}>
        {turns.map((c, t) => (
          <TurnAnswer key={t} c={c} col={p.col} meta={p.turns[t]} last={t === turns.length - 1} />
        ))}
        <div className="race-anchor" aria-hidden />
      </div>
    </Paper>
  );
});

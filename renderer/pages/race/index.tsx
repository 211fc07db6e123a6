import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Kbd, SegmentedControl, Stack, Switch, Tabs, Text, Textarea, ThemeIcon, Title, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconBolt,
  IconHistory,
  IconKey,
  IconLayoutColumns,
  IconLayoutGrid,
  IconPlayerStopFilled,
  IconPlus,
  IconRefresh,
  IconScale,
  IconSend,
  IconTable,
  IconTrophy,
} from '@tabler/icons-react';
import type { RaceDetail } from '../../../shared/race';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CardsSkeleton } from '../../components/PageSkeleton';
import { modKey } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { href } from '../../router';
import { Column, COLUMN_COLORS, money } from './Column';
import { HistoryDrawer } from './History';
import { LeaderboardModal } from './Leaderboard';
import { liveRaces, useLiveRace, type LiveRace } from './live';
import { contestantLabel, contestantOptions, fromValue, loadSetup, optionValue, saveSetup, type RememberedSetup } from './options';
import { Setup, setupProblems, type SetupState } from './Setup';
import './race.css';
import { RACE_PREFILL_KEY } from '../requests/body';

const CURRENT_KEY = 'switchboard.race.current';

/** The follow-up box: its own state, so typing (and its autosize) doesn't re-render the columns, and theirs don't re-render it. */
const FollowUp = memo(function FollowUp({ active, onSend, inputRef }: { active: boolean; onSend: (prompt: string) => Promise<boolean>; inputRef: React.RefObject<HTMLTextAreaElement | null> }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const submit = async (e?: React.FormEvent) => {
    e?.preventDefault();
    if (active || sending || !text.trim()) return;
    setSending(true);
    try {
      if (await onSend(text)) setText('');
    } finally {
      setSending(false);
    }
  };
  return (
    <Card padding="sm" mt="md" className="race-followup" component="form" onSubmit={(e: React.FormEvent) => void submit(e)}>
      <Group align="flex-end" wrap="nowrap" gap="sm">
        <Textarea
          ref={inputRef}
          style={{ flex: 1 }}
          label="Follow up"
          description="Each column continues its own conversation, with its own earlier answers as context."
          placeholder={active ? 'Wait for the columns to finish (or stop them)…' : 'Ask a follow-up question'}
          autosize
          minRows={1}
          maxRows={6}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-testid="follow-up"
        />
        <Button type="submit" leftSection={<IconSend size={16} />} disabled={active || !text.trim()} loading={sending} data-testid="send-follow-up">
          Send
        </Button>
      </Group>
    </Card>
  );
});

/**
 * "Open in Race" from the Requests page leaves the request's prompt (and the
 * model that served it) in sessionStorage; the setup starts from it.
 */
function withPrefill(s: SetupState): SetupState {
  let raw: string | null = null;
  try {
    // Kept until a race starts (see run), so the prompt survives a detour to
    // the Keys page when no model is usable yet.
    raw = sessionStorage.getItem(RACE_PREFILL_KEY);
  } catch {
    return s;
  }
  if (!raw) return s;
  try {
    const p = JSON.parse(raw) as { prompt?: unknown; system?: unknown; models?: unknown };
    if (typeof p.prompt !== 'string' || !p.prompt) return s;
    const models = Array.isArray(p.models) ? p.models.filter((m): m is string => typeof m === 'string').map((m) => `m:${m}`) : [];
    const contestants = [...new Set([...models, ...s.contestants.filter(Boolean)])];
    while (contestants.length < 2) contestants.push('');
    const system = typeof p.system === 'string' ? p.system : '';
    return { ...s, prompt: p.prompt, system, showSystem: system !== '', contestants: contestants.slice(0, 6) };
  } catch {
    return s;
  }
}

function initialSetup(r: RememberedSetup): SetupState {
  return { prompt: '', system: '', showSystem: false, temperature: r.temperature, maxTokens: r.maxTokens, contestants: r.contestants.length >= 2 ? r.contestants : r.contestants.concat(['', '']).slice(0, 2), attachments: [] };
}

function readCurrent(): string | null {
  try {
    return sessionStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}

/** Keeps the columns' scroll positions in step (proportionally), when switched on. */
function useScrollSync(enabled: boolean) {
  const els = useRef(new Map<number, HTMLDivElement>());
  const lock = useRef(false);
  const register = useCallback((col: number, el: HTMLDivElement | null) => {
    if (el) els.current.set(col, el);
    else els.current.delete(col);
  }, []);
  const onScroll = useCallback(
    (col: number) => {
      if (!enabled || lock.current) return;
      const src = els.current.get(col);
      if (!src) return;
      const max = src.scrollHeight - src.clientHeight;
      const ratio = max > 0 ? src.scrollTop / max : 0;
      lock.current = true;
      for (const [c, el] of els.current) if (c !== col) el.scrollTop = ratio * (el.scrollHeight - el.clientHeight);
      requestAnimationFrame(() => (lock.current = false));
    },
    [enabled],
  );
  return { register, onScroll: enabled ? onScroll : undefined };
}

function raceCost(r: LiveRace): number | null {
  let sum = 0;
  let any = false;
  for (const col of r.cols)
    for (const c of col) {
      if (c.metrics.costUsd !== null) {
        sum += c.metrics.costUsd;
        any = true;
      }
    }
  return any ? sum : null;
}

function Results({
  race,
  layout,
  syncScroll,
  onStop,
  onVote,
}: {
  race: LiveRace;
  layout: RememberedSetup['layout'];
  syncScroll: boolean;
  onStop: (col: number) => void;
  onVote: (col: number) => void;
}) {
  const sync = useScrollSync(syncScroll);
  const lastTurn = race.turns.at(-1);
  const vote = lastTurn?.vote ?? null;
  const [tab, setTab] = useState('0');
  const n = race.contestants.length;
  const columns = race.contestants.map((c, i) => (
    <Column
      key={i}
      raceId={race.id}
      col={i}
      contestant={c}
      turns={race.turns}
      vote={vote}
      onStop={onStop}
      onVote={onVote}
      canVote={!race.active}
      bodyClass={`race-body-${layout}`}
      registerScroller={layout === 'tabs' ? undefined : sync.register}
      onScroll={layout === 'tabs' ? undefined : sync.onScroll}
    />
  ));
  if (layout === 'tabs') {
    return (
      <Tabs value={tab} onChange={(v) => setTab(v ?? '0')} keepMounted={false} variant="outline">
        <Tabs.List>
          {race.contestants.map((c, i) => {
            const s = race.cols[i]?.at(-1);
            return (
              <Tabs.Tab key={i} value={String(i)} leftSection={<span className={`race-dot race-dot-${s?.status ?? 'pending'}`} style={{ background: `var(--mantine-color-${COLUMN_COLORS[i]}-6)` }} />}>
                {contestantLabel(c)}
                {s?.finishRank === 1 ? ' 🏆' : ''}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <div className="race-tabs-panel">{columns[Number(tab)] ?? columns[0]}</div>
      </Tabs>
    );
  }
  return (
    <div className={layout === 'grid' ? 'race-grid' : 'race-columns'} style={layout === 'grid' ? { gridTemplateColumns: `repeat(${n <= 4 ? 2 : 3}, minmax(0, 1fr))` } : { ['--race-n' as string]: n }} data-testid="race-results" data-layout={layout}>
      {columns}
    </div>
  );
}

export default function RacePage() {
  const providers = useApiQuery('providers.list', {});
  const routes = useApiQuery('routes.list', {});
  const remembered = useMemo(loadSetup, []);
  const [setup, setSetup] = useState<SetupState>(() => withPrefill(initialSetup(remembered)));
  const [layout, setLayout] = useState<RememberedSetup['layout']>(remembered.layout);
  const [syncScroll, setSyncScroll] = useState(remembered.syncScroll);
  const [raceId, setRaceId] = useState<string | null>(readCurrent);
  const [editing, setEditing] = useState(() => readCurrent() === null);
  const [starting, setStarting] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [boardOpen, setBoardOpen] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const race = useLiveRace(raceId);
  const followUpRef = useRef<HTMLTextAreaElement>(null);

  // Every race event, from now on, into the live store (applied once per frame).
  useEffect(() => api.subscribe('race.events', {}, (e) => liveRaces.push(e)), []);

  const show = useCallback(async (id: string) => {
    try {
      const d = await api.call('race.get', { raceId: id });
      liveRaces.load(d);
      setRaceId(id);
      setLoadError(null);
      try {
        sessionStorage.setItem(CURRENT_KEY, id);
      } catch {
        /* not remembered for this tab */
      }
    } catch (err) {
      setLoadError(err);
      setRaceId(null);
      setEditing(true);
    }
  }, []);

  // Back on the page (or reloaded): show the race this tab had open.
  useEffect(() => {
    const id = readCurrent();
    if (id && !liveRaces.get(id)) void show(id);
  }, [show]);

  const options = useMemo(() => contestantOptions(providers.data ?? [], routes.data ?? []), [providers.data, routes.data]);
  const patchSetup = useCallback((patch: Partial<SetupState>) => {
    setSetup((s) => ({ ...s, ...patch }));
    if (patch.contestants) saveSetup({ contestants: patch.contestants.filter(Boolean) });
    if ('temperature' in patch) saveSetup({ temperature: patch.temperature ?? null });
    if ('maxTokens' in patch) saveSetup({ maxTokens: patch.maxTokens ?? null });
  }, []);

  const run = useCallback(
    async (s: SetupState = setup) => {
      if (setupProblems(s).length || starting) return;
      setStarting(true);
      try {
        const d: RaceDetail = await api.call('race.start', {
          prompt: s.prompt,
          system: s.system.trim() ? s.system : null,
          params: { temperature: s.temperature, maxTokens: s.maxTokens },
          contestants: s.contestants.filter(Boolean).map(fromValue),
          attachments: s.attachments,
        });
        try {
          sessionStorage.removeItem(RACE_PREFILL_KEY); // the hand-over from Requests is used
        } catch {
          /* storage unavailable: nothing to clear */
        }
        liveRaces.load(d);
        setRaceId(d.id);
        setEditing(false);
        setHistoryVersion((v) => v + 1);
        try {
          sessionStorage.setItem(CURRENT_KEY, d.id);
        } catch {
          /* not remembered */
        }
      } catch (err) {
        notifyError('The race did not start', err);
      } finally {
        setStarting(false);
      }
    },
    [setup, starting],
  );

  const stop = useCallback(
    (col?: number) => {
      if (!raceId) return;
      api.call('race.stop', col === undefined ? { raceId } : { raceId, column: col }).catch((err) => notifyError('Could not stop', err));
    },
    [raceId],
  );
  const stopColumn = useCallback((col: number) => stop(col), [stop]);

  const vote = useCallback(
    (col: number) => {
      const r = raceId ? liveRaces.get(raceId) : undefined;
      const t = r?.turns.at(-1);
      if (!r || !t) return;
      const next = t.vote === col ? null : col;
      liveRaces.setVote(r.id, t.turn, next);
      api.call('race.vote', { raceId: r.id, turn: t.turn, column: next }).catch((err) => {
        liveRaces.setVote(r.id, t.turn, t.vote);
        notifyError('The vote was not saved', err);
      });
    },
    [raceId],
  );

  /** Resolves true when sent (the box is cleared). */
  const sendFollowUp = useCallback(
    async (prompt: string): Promise<boolean> => {
      if (!raceId || !prompt.trim()) return false;
      try {
        const d = await api.call('race.followUp', { raceId, prompt });
        liveRaces.load(d);
        return true;
      } catch (err) {
        notifyError('The follow-up was not sent', err);
        return false;
      }
    },
    [raceId],
  );

  /** Loads a race's first turn into the set-up (re-run / edit). */
  const setupFrom = useCallback((r: LiveRace): SetupState => {
    const first = r.turns[0];
    return {
      prompt: first?.prompt ?? '',
      system: r.system ?? '',
      showSystem: Boolean(r.system),
      temperature: r.params.temperature,
      maxTokens: r.params.maxTokens,
      contestants: r.contestants.map(optionValue),
      attachments: first?.attachments ?? [],
    };
  }, []);

  const rerun = useCallback(() => {
    if (!race) return;
    const s = setupFrom(race);
    setSetup(s);
    void run(s);
  }, [race, run, setupFrom]);

  const sendToCompare = useCallback(async () => {
    if (!race?.turns[0]) return;
    try {
      const exp = await api.call('compare.fromRace', {
        prompt: race.turns[0].prompt,
        system: race.system,
        candidates: [...new Set(race.contestants.map((c) => c.ref))].slice(0, 12),
      });
      notifySuccess('Added to Compare', `“${exp.name}” is a draft with this prompt. Open Compare to add a judge and more prompts.`);
    } catch (err) {
      notifyError('Could not send to Compare', err);
    }
  }, [race]);

  // Keyboard: Ctrl/⌘+Enter runs (or sends the follow-up), Esc stops every column.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        if (document.activeElement === followUpRef.current) followUpRef.current?.form?.requestSubmit();
        else if (editing || !race) void run();
        return;
      }
      // An Esc meant for a dialog is judged by focus, not by a dialog in the DOM: a closed
      // modal stays mounted through its fade-out after handing focus back (as in App.tsx).
      const inDialog = e.target instanceof Element && e.target.closest('[role="dialog"]');
      if (e.key === 'Escape' && race?.active && !inDialog && !document.querySelector('[data-combobox-dropdown], .mantine-Popover-dropdown')) {
        e.preventDefault();
        stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editing, race, run, stop]);

  const loading = providers.loading && !providers.data;
  const noContestants = !loading && options.length === 0;
  const firstTurn = race?.turns[0];
  const winner = race?.turns.at(-1)?.winner ?? null;
  const cost = race ? raceCost(race) : null;

  return (
    <div className="race-page">
      <PageHeader
        title="Race"
        description="One prompt, up to six models side by side, streaming live with their speed and cost. Pick the model from evidence."
        actions={
          <>
            <Button variant="default" leftSection={<IconHistory size={16} />} onClick={() => setHistoryOpen(true)} data-testid="open-history">
              History
            </Button>
            <Button variant="default" leftSection={<IconTrophy size={16} />} onClick={() => setBoardOpen(true)} data-testid="open-leaderboard">
              Leaderboard
            </Button>
          </>
        }
      />
      {providers.error ? <ErrorAlert title="Could not load your providers" error={providers.error} onRetry={() => void providers.reload()} /> : null}
      {loadError ? <ErrorAlert title="Could not open that race" error={loadError} /> : null}
      {loading ? (
        <CardsSkeleton />
      ) : noContestants && !race ? (
        <Card padding="xl" data-testid="race-empty">
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ThemeIcon size={48} radius="md" variant="light">
              <IconBolt size={26} />
            </ThemeIcon>
            <Stack gap={6}>
              <Title order={2} fz="lg">
                Add a key to start racing
              </Title>
              <Text size="sm" c="dimmed" maw={620}>
                A race sends your prompt to several models at once through Switchboard’s proxy. Add a provider key (or a local server such as Ollama) and test it, so its models are listed here — or define a route.
              </Text>
              <Group gap="sm" mt={4}>
                <Button component="a" href={href('keys')} leftSection={<IconKey size={16} />}>
                  Add a key
                </Button>
                <Button component="a" href={href('routes')} variant="default">
                  Define a route
                </Button>
              </Group>
            </Stack>
          </Group>
        </Card>
      ) : editing || !race ? (
        <Setup state={setup} onChange={patchSetup} options={options} onRun={() => void run()} running={Boolean(race?.active)} starting={starting} />
      ) : (
        <Card padding="md" className="race-summary" data-testid="race-summary">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
            <div style={{ minWidth: 0, flex: 1 }}>
              <Text size="xs" c="dimmed" mb={2}>
                {new Date(race.createdAt).toLocaleString()} · {race.contestants.length} contestants
                {race.params.temperature !== null ? ` · temperature ${race.params.temperature}` : ''}
                {race.params.maxTokens !== null ? ` · max ${race.params.maxTokens} tokens` : ''}
                {firstTurn?.attachments.length ? ` · ${firstTurn.attachments.map((a) => a.name).join(', ')}` : ''}
              </Text>
              <Text fw={600} lineClamp={3} style={{ whiteSpace: 'pre-wrap' }} data-testid="race-prompt-shown">
                {firstTurn?.prompt}
              </Text>
              {race.system && (
                <Text size="xs" c="dimmed" lineClamp={1} mt={2}>
                  System: {race.system}
                </Text>
              )}
            </div>
            <Group gap="xs" wrap="nowrap">
              <Tooltip label="Start a new race with the same contestants" withArrow>
                <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setEditing(true)} data-testid="new-race">
                  New race
                </Button>
              </Tooltip>
              <Tooltip label="Edit this race’s set-up, then run it again" withArrow>
                <Button
                  variant="default"
                  leftSection={<IconArrowBackUp size={16} />}
                  onClick={() => {
                    setSetup(setupFrom(race));
                    setEditing(true);
                  }}
                >
                  Edit
                </Button>
              </Tooltip>
              <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={rerun} disabled={race.active || starting} data-testid="rerun">
                Re-run
              </Button>
            </Group>
          </Group>
        </Card>
      )}

      {race && (
        <>
          <Group justify="space-between" mt="lg" mb="sm" wrap="wrap" gap="sm" className="race-toolbar">
            <Group gap="sm" wrap="wrap">
              <SegmentedControl
                size="xs"
                value={layout}
                onChange={(v) => {
                  const l = v as RememberedSetup['layout'];
                  setLayout(l);
                  saveSetup({ layout: l });
                }}
                data={[
                  { value: 'columns', label: <Group gap={4} wrap="nowrap"><IconLayoutColumns size={14} />Columns</Group> },
                  { value: 'grid', label: <Group gap={4} wrap="nowrap"><IconLayoutGrid size={14} />Grid</Group> },
                  { value: 'tabs', label: <Group gap={4} wrap="nowrap"><IconTable size={14} />Tabs</Group> },
                ]}
                aria-label="Layout"
                data-testid="layout"
              />
              <Switch
                size="sm"
                label="Sync scrolling"
                checked={syncScroll}
                disabled={layout === 'tabs'}
                onChange={(e) => {
                  setSyncScroll(e.currentTarget.checked);
                  saveSetup({ syncScroll: e.currentTarget.checked });
                }}
              />
            </Group>
            <Group gap="sm" wrap="wrap">
              {race.active ? (
                <Badge color="blue" variant="light" size="lg" tt="none" data-testid="race-state">
                  Running…
                </Badge>
              ) : winner !== null && race.contestants[winner] ? (
                <Badge color="yellow" variant="light" size="lg" tt="none" data-testid="race-state" leftSection={<IconTrophy size={14} />}>
                  First to finish: {contestantLabel(race.contestants[winner]!)}
                </Badge>
              ) : (
                <Badge color="gray" variant="light" size="lg" tt="none" data-testid="race-state">
                  Finished
                </Badge>
              )}
              {cost !== null && (
                <Text size="sm" c="dimmed" data-testid="race-cost">
                  {money(cost)} total
                </Text>
              )}
              <Tooltip label="Add this prompt to a Compare draft, to judge these models over many prompts" withArrow>
                <Button variant="default" size="xs" leftSection={<IconScale size={14} />} onClick={() => void sendToCompare()} data-testid="send-to-compare">
                  Send to Compare
                </Button>
              </Tooltip>
              <Button
                color="red"
                variant={race.active ? 'filled' : 'default'}
                size="xs"
                leftSection={<IconPlayerStopFilled size={14} />}
                onClick={() => stop()}
                disabled={!race.active}
                rightSection={<Kbd size="xs">Esc</Kbd>}
                data-testid="stop-all"
              >
                Stop all
              </Button>
            </Group>
          </Group>

          <Results race={race} layout={layout} syncScroll={syncScroll} onStop={stopColumn} onVote={vote} />

          <FollowUp active={race.active} onSend={sendFollowUp} inputRef={followUpRef} />
        </>
      )}
      {!race && !noContestants && !loading && (
        <Text size="xs" c="dimmed" mt="md">
          Tip: {modKey}+Enter runs the race, Esc stops every column. Races are saved:{' '}
          <Anchor component="button" type="button" size="xs" onClick={() => setHistoryOpen(true)}>
            open the history
          </Anchor>
          .
        </Text>
      )}
      <HistoryDrawer
        opened={historyOpen}
        onClose={() => setHistoryOpen(false)}
        currentId={raceId}
        version={historyVersion}
        onOpen={(id) => {
          setHistoryOpen(false);
          setEditing(false);
          void show(id);
        }}
      />
      <LeaderboardModal opened={boardOpen} onClose={() => setBoardOpen(false)} />
    </div>
  );
}

import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Autocomplete,
  Badge,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Stepper,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconCalculator, IconDeviceFloppy, IconPlayerPlay, IconRefresh, IconTrash } from '@tabler/icons-react';
import type { CompareCriteria, CompareItem, GenParams } from '../../../shared/compare';
import { sameFamilyWarnings } from '../../../electron/compare/judge';
import { api } from '../../api';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { usd } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { href, navigate } from '../../router';
import { CRITERIA_OPTIONS, int, type Estimate, type Experiment } from './lib';
import { useModelOptions } from './models';
import { PromptSet } from './PromptSet';

type Num = number | string;

interface DraftState {
  name: string;
  items: CompareItem[];
  candidates: string[];
  judge: string;
  criteria: CompareCriteria;
  rubric: string;
  referenceMode: boolean;
  temperature: Num;
  topP: Num;
  maxTokens: Num;
  seed: Num;
  concurrency: Num;
}

function initialState(existing?: { experiment: Experiment; items: CompareItem[] }): DraftState {
  const c = existing?.experiment.config;
  return {
    name: existing?.experiment.name ?? '',
    items: existing?.items ?? [],
    candidates: c?.candidates ?? [],
    judge: c?.judge ?? '',
    criteria: c?.criteria ?? 'helpfulness',
    rubric: c?.rubric ?? '',
    referenceMode: c?.referenceMode ?? true,
    temperature: c?.genParams.temperature ?? '',
    topP: c?.genParams.top_p ?? '',
    maxTokens: c?.genParams.max_tokens ?? '',
    seed: c?.genParams.seed ?? '',
    concurrency: c?.concurrency ?? 4,
  };
}

const num = (v: Num): number | undefined => (v === '' || v === null || v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v));

function genParams(s: DraftState): GenParams {
  const out: GenParams = {};
  const t = num(s.temperature);
  const p = num(s.topP);
  const m = num(s.maxTokens);
  const seed = num(s.seed);
  if (t !== undefined) out.temperature = t;
  if (p !== undefined) out.top_p = p;
  if (m !== undefined) out.max_tokens = Math.round(m);
  if (seed !== undefined) out.seed = Math.round(seed);
  return out;
}

function defaultName(s: DraftState): string {
  const short = (m: string) => m.slice(m.lastIndexOf('/') + 1);
  if (s.candidates.length >= 2) {
    const n = s.candidates.map(short).join(' vs ');
    return n.length > 80 ? `${n.slice(0, 79)}…` : n;
  }
  return `Experiment ${new Date().toLocaleDateString()}`;
}

const STEPS = ['Prompts', 'Candidates & judge', 'Criteria & settings', 'Review & start'] as const;

function stepProblems(step: number, s: DraftState): string[] {
  const out: string[] = [];
  if (step === 0 && s.items.length === 0) out.push('Add at least one prompt.');
  if (step === 1) {
    if (s.candidates.length < 2) out.push('Pick at least two candidates.');
    if (!s.judge.trim()) out.push('Pick a judge model.');
  }
  if (step === 2 && s.criteria === 'custom' && !s.rubric.trim()) out.push('Write the custom rubric, or pick a preset.');
  return out;
}

function EstimateCard({ estimate, loading, error, onRetry, assumed, setAssumed, onReestimate }: {
  estimate: Estimate | null;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  assumed: Num;
  setAssumed: (v: Num) => void;
  onReestimate: () => void;
}) {
  return (
    <Card component="section" aria-labelledby="estimate-heading" data-testid="estimate">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <IconCalculator size={18} />
          <Title order={3} fz="md" id="estimate-heading">
            Cost estimate
          </Title>
        </Group>
        <Group gap="xs" align="flex-end">
          <NumberInput
            size="xs"
            w={210}
            label="Assumed answer length (tokens)"
            min={1}
            max={100_000}
            value={assumed}
            onChange={setAssumed}
            allowDecimal={false}
          />
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onReestimate} loading={loading}>
            Re-estimate
          </Button>
        </Group>
      </Group>
      {error ? (
        <ErrorAlert title="Could not estimate the cost" error={error} onRetry={onRetry} />
      ) : !estimate ? (
        <Stack gap="xs" aria-busy="true" aria-label="Estimating">
          <Skeleton h={40} />
          <Skeleton h={80} />
        </Stack>
      ) : (
        <Stack gap="sm">
          <Group gap="xl" align="flex-end">
            <div>
              <Text size="xs" c="dimmed">
                Estimated total
              </Text>
              <Text fz={30} fw={700} lh={1.1} data-testid="estimate-total">
                {usd(estimate.totalUsd)}
                {estimate.unpriced.length > 0 && (
                  <Text span size="sm" c="orange" fw={500} ml={6}>
                    + unpriced
                  </Text>
                )}
              </Text>
            </div>
            <Text size="sm" c="dimmed">
              {int(estimate.candidateCalls)} answer calls + {int(estimate.judgeCalls)} judge calls over {int(estimate.items)} prompt{estimate.items === 1 ? '' : 's'}
            </Text>
          </Group>
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={6} aria-label="Estimated cost per model">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Model</Table.Th>
                  <Table.Th ta="right">Input tokens</Table.Th>
                  <Table.Th ta="right">Output tokens</Table.Th>
                  <Table.Th ta="right">Cost</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {estimate.candidates.map((c) => (
                  <Table.Tr key={c.candidate}>
                    <Table.Td ff="monospace" fz="sm">
                      {c.name}
                    </Table.Td>
                    <Table.Td ta="right">{int(c.inputTokens)}</Table.Td>
                    <Table.Td ta="right">{int(c.outputTokens)}</Table.Td>
                    <Table.Td ta="right">{c.costUsd === null ? <Text span c="orange" size="sm">no price data</Text> : usd(c.costUsd)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td>
                    <Group gap={6}>
                      <Badge size="xs" variant="light" color="grape">
                        judge
                      </Badge>
                      <Text span ff="monospace" fz="sm">
                        {estimate.judge.name ?? '—'}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{int(estimate.judge.inputTokens)}</Table.Td>
                  <Table.Td ta="right">{int(estimate.judge.outputTokens)}</Table.Td>
                  <Table.Td ta="right" data-testid="estimate-judge">
                    {estimate.judge.costUsd === null ? <Text span c="orange" size="sm">no price data</Text> : usd(estimate.judge.costUsd)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            {estimate.note}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

/** Create (or edit) a draft experiment, see the estimate, start it. */
export function Wizard({ existing, onStarted }: { existing?: { experiment: Experiment; items: CompareItem[] }; onStarted?: () => void }) {
  const [s, setS] = useState<DraftState>(() => initialState(existing));
  const [active, setActive] = useState(0);
  const [reached, setReached] = useState(existing ? 3 : 0);
  const [showProblems, setShowProblems] = useState(false);
  const [savedId, setSavedId] = useState<string | null>(existing?.experiment.id ?? null);
  const lastSaved = useRef<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [estimating, setEstimating] = useState(false);
  const [estimateError, setEstimateError] = useState<unknown>(null);
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const [assumed, setAssumed] = useState<Num>('');
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const models = useModelOptions();

  const set = <K extends keyof DraftState>(k: K, v: DraftState[K]) => setS((prev) => ({ ...prev, [k]: v }));
  const familyWarnings = useMemo(() => sameFamilyWarnings(s.judge.trim() || null, s.candidates), [s.judge, s.candidates]);
  const problems = stepProblems(active, s);

  const payload = () => ({
    name: s.name.trim() || defaultName(s),
    candidates: s.candidates,
    judge: s.judge.trim() || null,
    criteria: s.criteria,
    rubric: s.criteria === 'custom' ? s.rubric : s.rubric.trim() ? s.rubric : null,
    referenceMode: s.referenceMode,
    genParams: genParams(s),
    concurrency: Math.max(1, Math.min(32, Math.round(num(s.concurrency) ?? 4))),
    items: s.items.map((i) => ({ prompt: i.prompt, system: i.system, reference: i.reference, origin: i.origin })),
  });

  /** Saves the draft on the server (create once, then update); returns its id. */
  const persist = async (): Promise<string> => {
    const p = payload();
    const snapshot = JSON.stringify(p);
    if (savedId && lastSaved.current === snapshot) return savedId;
    setSaving(true);
    setSaveError(null);
    try {
      const exp = savedId ? await api.call('compare.update', { experimentId: savedId, ...p }) : await api.call('compare.create', p);
      setSavedId(exp.id);
      lastSaved.current = snapshot;
      if (!s.name.trim()) set('name', exp.name);
      return exp.id;
    } catch (err) {
      setSaveError(err);
      throw err;
    } finally {
      setSaving(false);
    }
  };

  const runEstimate = async (id?: string) => {
    setEstimating(true);
    setEstimateError(null);
    try {
      const expId = id ?? (await persist());
      const a = num(assumed);
      const [e, got] = await Promise.all([
        api.call('compare.estimate', { experimentId: expId, ...(a ? { assumedOutputTokens: Math.round(a) } : {}) }),
        api.call('compare.get', { experimentId: expId }),
      ]);
      setEstimate(e);
      setWarnings([...new Set([...got.warnings, ...e.warnings])]);
      if (assumed === '') setAssumed(e.assumedOutputTokens);
    } catch (err) {
      setEstimateError(err);
    } finally {
      setEstimating(false);
    }
  };

  const goTo = (step: number) => {
    if (step > active) {
      for (let k = active; k < step; k++) {
        if (stepProblems(k, s).length) {
          setActive(k);
          setShowProblems(true);
          return;
        }
      }
    }
    setShowProblems(false);
    setActive(step);
    setReached((r) => Math.max(r, step));
    if (step === 3) {
      if (!s.name.trim()) set('name', defaultName(s));
      setEstimate(null);
      setWarnings(null);
      void runEstimate();
    }
  };

  const saveDraft = async () => {
    try {
      await persist();
      notifySuccess('Draft saved', 'It is in the experiment list; nothing runs until you start it.');
    } catch (err) {
      notifyError('Could not save the draft', err);
    }
  };

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const id = await persist();
      await api.call('compare.start', { experimentId: id });
      // Already at #/compare/<id> (an existing draft): the route reloads and shows the run.
      if (onStarted && window.location.hash === href('compare', id)) onStarted();
      else navigate('compare', id);
    } catch (err) {
      setStartError(err);
    } finally {
      setStarting(false);
    }
  };

  const remove = async () => {
    if (!savedId) return;
    setDeleting(true);
    try {
      await api.call('compare.delete', { experimentId: savedId });
      notifySuccess('Draft deleted');
      navigate('compare');
    } catch (err) {
      notifyError('Could not delete the draft', err);
    } finally {
      setDeleting(false);
      setConfirmDelete(false);
    }
  };

  const selected = CRITERIA_OPTIONS.find((o) => o.value === s.criteria);
  const withReference = s.items.filter((i) => i.reference && i.reference.trim()).length;

  return (
    <>
      <Anchor href={href('compare')} size="sm" mb={6} display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> All experiments
      </Anchor>
      <PageHeader
        title={existing ? `Edit draft: ${existing.experiment.name}` : 'New experiment'}
        description="Pick the prompts, the candidates and a judge. Every pair of answers is judged twice, once in each order, with the model names hidden."
        actions={
          savedId ? (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
              Delete draft
            </Button>
          ) : undefined
        }
      />
      <Stepper
        active={active}
        onStepClick={(i) => (i <= reached ? goTo(i) : undefined)}
        size="sm"
        mb="lg"
        allowNextStepsSelect={false}
        aria-label="Experiment set-up steps"
      >
        {STEPS.map((label, i) => (
          <Stepper.Step key={label} label={label} allowStepSelect={i <= reached} />
        ))}
      </Stepper>

      {showProblems && problems.length > 0 && (
        <Alert color="red" variant="light" mb="md" icon={<IconAlertTriangle size={18} />} role="alert" title="Before you go on">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      {active === 0 && <PromptSet items={s.items} onChange={(items) => set('items', items)} />}

      {active === 1 && (
        <Stack gap="lg">
          {models.error && <ErrorAlert title="Could not load your models" error={models.error} onRetry={models.reload} />}
          {!models.loading && models.groups.length === 0 && (
            <Alert color="yellow" variant="light" title="No models to pick from yet">
              Add a provider key on the <Anchor href={href('keys')}>Keys</Anchor> page (and test it, so its model list is known), or type any{' '}
              <code>provider/model</code> or route name below.
            </Alert>
          )}
          <Card component="section" aria-labelledby="candidates-heading">
            <Title order={3} fz="md" id="candidates-heading" mb={4}>
              Candidates
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Two or more models or routes. Each answers every prompt with the same generation settings.
            </Text>
            <TagsInput
              label="Models or routes"
              placeholder={s.candidates.length ? 'Add another…' : 'Type or pick, e.g. openai/gpt-4o-mini'}
              data={models.groups}
              value={s.candidates}
              onChange={(v) => set('candidates', [...new Set(v.map((x) => x.trim()).filter(Boolean))])}
              maxTags={12}
              clearable
              comboboxProps={{ shadow: 'md' }}
              maxDropdownHeight={300}
              limit={200}
              error={showProblems && s.candidates.length < 2 ? 'Pick at least two.' : undefined}
              data-testid="candidates-input"
            />
          </Card>
          <Card component="section" aria-labelledby="judge-heading">
            <Title order={3} fz="md" id="judge-heading" mb={4}>
              Judge
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              The model that compares the answers. It sees them as “Response A” and “Response B”, never the model names, and judges every pair in both orders.
            </Text>
            <Autocomplete
              label="Judge model"
              placeholder="e.g. anthropic/claude-sonnet-4-5"
              data={models.groups}
              value={s.judge}
              onChange={(v) => set('judge', v)}
              clearable
              comboboxProps={{ shadow: 'md' }}
              maxDropdownHeight={300}
              limit={200}
              error={showProblems && !s.judge.trim() ? 'Pick a judge.' : undefined}
              data-testid="judge-input"
            />
            {familyWarnings.map((w) => (
              <Alert key={w} mt="sm" color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title="Same model family" data-testid="family-warning">
                {w}
              </Alert>
            ))}
          </Card>
        </Stack>
      )}

      {active === 2 && (
        <Stack gap="lg">
          <Card component="section" aria-labelledby="criteria-heading">
            <Title order={3} fz="md" id="criteria-heading" mb="sm">
              What the judge looks for
            </Title>
            <Radio.Group value={s.criteria} onChange={(v) => set('criteria', v as CompareCriteria)} aria-label="Criteria">
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
                {CRITERIA_OPTIONS.map((o) => (
                  <Radio.Card key={o.value} value={o.value} p="sm" radius="md" className="cmp-radio-card">
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator mt={2} />
                      <div>
                        <Text fw={600} size="sm">
                          {o.label}
                        </Text>
                        <Text size="xs" c="dimmed" lineClamp={4}>
                          {o.description}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>
            {s.criteria === 'custom' && (
              <Textarea
                mt="md"
                label="Rubric"
                description="What makes one answer better than the other. The judge still answers with a verdict of A, B or tie, with its reasoning."
                placeholder="Prefer the answer that cites the relevant law section, is under 150 words, and uses plain English…"
                autosize
                minRows={4}
                value={s.rubric}
                onChange={(e) => set('rubric', e.currentTarget.value)}
                error={showProblems && !s.rubric.trim() ? 'Write the rubric.' : undefined}
              />
            )}
            <Switch
              mt="md"
              label="Reference mode: show the judge each prompt’s reference answer"
              description={
                withReference
                  ? `${withReference} of ${s.items.length} prompts have a reference answer.`
                  : 'None of the prompts has a reference answer yet (import them with a reference column).'
              }
              checked={s.referenceMode}
              onChange={(e) => set('referenceMode', e.currentTarget.checked)}
            />
            {selected?.value === 'correctness' && withReference === 0 && (
              <Alert mt="sm" color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
                “{selected.label}” needs reference answers; without them the judge falls back on its own knowledge.
              </Alert>
            )}
          </Card>
          <Card component="section" aria-labelledby="params-heading">
            <Title order={3} fz="md" id="params-heading" mb={4}>
              Generation settings
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Shared by every candidate. Leave a field empty to use the provider’s default.
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm">
              <NumberInput label="Temperature" min={0} max={2} step={0.1} decimalScale={2} value={s.temperature} onChange={(v) => set('temperature', v)} placeholder="default" />
              <NumberInput label="Top p" min={0} max={1} step={0.05} decimalScale={2} value={s.topP} onChange={(v) => set('topP', v)} placeholder="default" />
              <NumberInput label="Max tokens" min={1} max={1_000_000} allowDecimal={false} value={s.maxTokens} onChange={(v) => set('maxTokens', v)} placeholder="default" />
              <NumberInput label="Seed" allowDecimal={false} value={s.seed} onChange={(v) => set('seed', v)} placeholder="none" />
              <NumberInput
                label="Concurrency"
                description="Calls in flight at once"
                min={1}
                max={32}
                allowDecimal={false}
                value={s.concurrency}
                onChange={(v) => set('concurrency', v)}
              />
            </SimpleGrid>
          </Card>
        </Stack>
      )}

      {active === 3 && (
        <Stack gap="lg">
          <Card component="section" aria-labelledby="summary-heading">
            <Title order={3} fz="md" id="summary-heading" mb="sm">
              Summary
            </Title>
            <TextInput label="Name" value={s.name} onChange={(e) => set('name', e.currentTarget.value)} maw={520} mb="md" />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing={6}>
              <Text size="sm">
                <Text span c="dimmed">
                  Prompts:{' '}
                </Text>
                {s.items.length}
                {withReference > 0 && ` (${withReference} with a reference)`}
              </Text>
              <Text size="sm">
                <Text span c="dimmed">
                  Criteria:{' '}
                </Text>
                {selected?.label}
                {s.referenceMode ? ' · reference mode' : ''}
              </Text>
              <Text size="sm">
                <Text span c="dimmed">
                  Candidates:{' '}
                </Text>
                <Text span ff="monospace" size="sm">
                  {s.candidates.join(', ')}
                </Text>
              </Text>
              <Text size="sm">
                <Text span c="dimmed">
                  Judge:{' '}
                </Text>
                <Text span ff="monospace" size="sm">
                  {s.judge}
                </Text>
              </Text>
              <Text size="sm">
                <Text span c="dimmed">
                  Settings:{' '}
                </Text>
                {Object.entries(genParams(s))
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ') || 'provider defaults'}{' '}
                · concurrency {num(s.concurrency) ?? 4}
              </Text>
            </SimpleGrid>
          </Card>
          {(warnings ?? familyWarnings).map((w) => (
            <Alert key={w} color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="review-warning">
              {w}
            </Alert>
          ))}
          <EstimateCard
            estimate={estimate}
            loading={estimating}
            error={estimateError}
            onRetry={() => void runEstimate()}
            assumed={assumed}
            setAssumed={setAssumed}
            onReestimate={() => void runEstimate()}
          />
          {startError ? <ErrorAlert title="Could not start the experiment" error={startError} /> : null}
        </Stack>
      )}

      {saveError && active !== 3 ? (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert title="Could not save the draft" error={saveError} />
        </div>
      ) : null}

      <Group justify="space-between" mt="xl" className="cmp-wizard-footer">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => goTo(active - 1)} disabled={active === 0}>
          Back
        </Button>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => void saveDraft()} loading={saving && !starting}>
            Save draft
          </Button>
          {active < 3 ? (
            <Button rightSection={<IconArrowRight size={16} />} onClick={() => goTo(active + 1)}>
              Next: {STEPS[active + 1]}
            </Button>
          ) : (
            <Button color="teal" leftSection={<IconPlayerPlay size={16} />} onClick={() => void start()} loading={starting} disabled={!estimate && !estimateError}>
              Start experiment
            </Button>
          )}
        </Group>
      </Group>

      <ConfirmModal opened={confirmDelete} title="Delete this draft?" confirmLabel="Delete draft" onConfirm={remove} onClose={() => setConfirmDelete(false)} loading={deleting}>
        The draft and its prompts are deleted. Nothing has run yet, so nothing else is lost.
      </ConfirmModal>
    </>
  );
}

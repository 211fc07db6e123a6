import { useState } from 'react';
import { ActionIcon, Autocomplete, Badge, Button, Card, Group, Modal, NativeSelect, NumberInput, Progress, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { BudgetEdit, MethodOutput } from '../../../shared/contract';
import { api, ApiError } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usd } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';

type Line = MethodOutput<'costs.budgets'>['budgets'][number];
type Scope = BudgetEdit['scope'];

const SCOPES: Array<{ value: Scope; label: string }> = [
  { value: 'global', label: 'All traffic' },
  { value: 'provider', label: 'One provider' },
  { value: 'route', label: 'One route' },
  { value: 'token', label: 'One client token' },
];
const NAME_LABEL: Record<Exclude<Scope, 'global'>, string> = { provider: 'Provider', route: 'Route', token: 'Client token' };
const periodWord = (p: Line['period']) => (p === 'day' ? 'daily' : 'monthly');

export function budgetLabel(b: { scope: Scope; name?: string | null }): string {
  return b.scope === 'global' ? 'All traffic' : `${NAME_LABEL[b.scope]} ${b.name ?? ''}`.trim();
}

interface Draft {
  scope: Scope;
  name: string;
  period: BudgetEdit['period'];
  limit: number | string;
  mode: BudgetEdit['mode'];
}

const EMPTY: Draft = { scope: 'global', name: '', period: 'day', limit: '', mode: 'hard' };

/** What the form can tell before asking the server (which applies the same rules, and names the field when it refuses). */
function localErrors(d: Draft): Partial<Record<'name' | 'limit', string>> {
  const out: Partial<Record<'name' | 'limit', string>> = {};
  if (d.scope !== 'global' && !d.name.trim()) out.name = `Pick the ${NAME_LABEL[d.scope].toLowerCase()} this cap covers`;
  if (d.limit === '' || typeof d.limit !== 'number' || !Number.isFinite(d.limit)) out.limit = 'Enter a limit in USD, e.g. 5 or 0.50';
  else if (d.limit < 0) out.limit = 'The limit can’t be negative';
  return out;
}

/** The server's issues (`name: …`, `limitUsd: …`) onto the form's fields. */
function fieldErrors(err: unknown): Partial<Record<'name' | 'limit', string>> {
  const out: Partial<Record<'name' | 'limit', string>> = {};
  for (const issue of err instanceof ApiError ? (err.issues ?? []) : []) {
    const [field, ...rest] = issue.split(': ');
    const message = rest.join(': ');
    if (field === 'name') out.name = message;
    if (field === 'limitUsd') out.limit = message;
  }
  return out;
}

/**
 * Always mounted, so Mantine hands focus back to the button that opened it;
 * the form inside is keyed per opening so it starts from the cap being edited.
 */
function BudgetDialog({ target, opened, onClose, onSaved }: { target: { editing: Line | null; key: number } | null; opened: boolean; onClose: () => void; onSaved: () => void }) {
  const editing = target?.editing ?? null;
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{editing ? `Edit the budget “${budgetLabel(editing)}”` : 'Add a budget'}</Text>}>
      {target && <BudgetForm key={target.key} editing={editing} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function BudgetForm({ editing, onClose, onSaved }: { editing: Line | null; onClose: () => void; onSaved: () => void }) {
  const providers = useApiQuery('providers.list', {});
  const routes = useApiQuery('routes.list', {});
  const tokens = useApiQuery('tokens.list', {});
  const [draft, setDraft] = useState<Draft>(
    editing ? { scope: editing.scope, name: editing.name ?? '', period: editing.period, limit: editing.limitUsd, mode: editing.mode } : EMPTY,
  );
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<unknown>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setServerError(null);
  };
  const errors = { ...(touched ? localErrors(draft) : {}), ...fieldErrors(serverError) };

  const suggestions =
    draft.scope === 'provider'
      ? (providers.data ?? []).filter((p) => p.key || !p.needsKey || p.custom).map((p) => p.id)
      : draft.scope === 'route'
        ? (routes.data ?? []).map((r) => r.name)
        : draft.scope === 'token'
          ? (tokens.data ?? []).map((t) => t.name)
          : [];

  const save = async () => {
    setTouched(true);
    if (Object.keys(localErrors(draft)).length > 0) return;
    setSaving(true);
    try {
      const input: BudgetEdit = {
        scope: draft.scope,
        ...(draft.scope === 'global' ? {} : { name: draft.name.trim() }),
        period: draft.period,
        limitUsd: draft.limit as number,
        mode: draft.mode,
        ...(editing ? { replaces: editing.id } : {}),
      };
      const saved = await api.call('budgets.set', input);
      notifySuccess(editing ? 'Budget saved' : 'Budget added', `${budgetLabel(saved)}: ${saved.mode === 'hard' ? 'calls are refused' : 'you get an alert'} at ${usd(saved.limitUsd)} per ${saved.period}.`);
      onSaved();
    } catch (err) {
      setServerError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        <NativeSelect label="Covers" data={SCOPES} value={draft.scope} onChange={(e) => set('scope', e.currentTarget.value as Scope)} data-autofocus />
        {draft.scope !== 'global' && (
          <Autocomplete
            label={NAME_LABEL[draft.scope]}
            description={draft.scope === 'provider' ? 'A provider id, e.g. openai' : undefined}
            data={suggestions}
            value={draft.name}
            onChange={(v) => set('name', v)}
            error={errors.name}
            required
            autoComplete="off"
            spellCheck={false}
          />
        )}
        <NativeSelect
          label="Period"
          description="Calendar periods in local time: a day resets at midnight, a month on the 1st."
          data={[
            { value: 'day', label: 'Per day' },
            { value: 'month', label: 'Per month' },
          ]}
          value={draft.period}
          onChange={(e) => set('period', e.currentTarget.value as Draft['period'])}
        />
        <NumberInput
          label="Limit (USD)"
          value={draft.limit}
          onChange={(v) => set('limit', v)}
          error={errors.limit}
          min={0}
          decimalScale={4}
          prefix="$"
          thousandSeparator=","
          required
          hideControls
        />
        <NativeSelect
          label="When it is reached"
          data={[
            { value: 'hard', label: 'Refuse calls (hard cap)' },
            { value: 'soft', label: 'Alert only (soft cap)' },
          ]}
          value={draft.mode}
          onChange={(e) => set('mode', e.currentTarget.value as Draft['mode'])}
        />
        {serverError !== null && Object.keys(fieldErrors(serverError)).length === 0 && <ErrorAlert title="Budget not saved" error={serverError} />}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {editing ? 'Save budget' : 'Add budget'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function BurnRateRow({ threshold, onSaved }: { threshold: number | null; onSaved: () => void }) {
  const [value, setValue] = useState<number | string>(threshold ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const apply = async (usdPerHour: number | null) => {
    if (usdPerHour !== null && !(usdPerHour > 0)) {
      setError('Enter an amount above $0 per hour');
      return;
    }
    setBusy(true);
    try {
      await api.call('budgets.setBurnRate', { usdPerHour });
      setError(null);
      if (usdPerHour === null) setValue('');
      notifySuccess(usdPerHour === null ? 'Burn-rate alert off' : 'Burn-rate alert saved', usdPerHour === null ? undefined : `You get an alert when more than ${usd(usdPerHour)} is spent in an hour.`);
      onSaved();
    } catch (err) {
      notifyError('Burn-rate alert not saved', err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void apply(typeof value === 'number' ? value : value === '' ? Number.NaN : Number(value));
      }}
    >
      <Group align="flex-start" gap="sm" wrap="wrap">
        <NumberInput
          label="Burn-rate alert (USD per hour)"
          description="Alert when the last hour’s spend goes above this."
          placeholder="off"
          value={value}
          onChange={(v) => {
            setValue(v);
            setError(null);
          }}
          error={error}
          min={0}
          decimalScale={4}
          prefix="$"
          hideControls
          maw={280}
        />
        <Button type="submit" variant="default" mt={46} loading={busy}>
          Save alert
        </Button>
        {threshold !== null && (
          <Button variant="subtle" color="gray" mt={46} onClick={() => void apply(null)} disabled={busy}>
            Turn off
          </Button>
        )}
      </Group>
    </form>
  );
}

/** Spending caps (the same ones `switchboard budget` manages): listed with their spend, added, edited and removed here. */
export function BudgetsCard() {
  const budgets = useApiQuery('costs.budgets', {});
  const [dialog, setDialog] = useState<{ editing: Line | null; key: number } | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const openDialog = (editing: Line | null) => {
    setDialog({ editing, key: Date.now() });
    setDialogOpen(true);
  };
  const [removing, setRemoving] = useState<Line | null>(null);
  const [removeBusy, setRemoveBusy] = useState(false);

  const remove = async () => {
    if (!removing) return;
    setRemoveBusy(true);
    try {
      await api.call('budgets.remove', { id: removing.id });
      notifySuccess('Budget removed', `${budgetLabel(removing)} has no ${periodWord(removing.period)} cap now.`);
      setRemoving(null);
      await budgets.reload();
    } catch (err) {
      notifyError('Could not remove the budget', err);
    } finally {
      setRemoveBusy(false);
    }
  };

  const list = budgets.data?.budgets ?? [];
  return (
    <Card component="section" aria-labelledby="budgets-heading" id="budgets" data-testid="settings-budgets">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
        <div>
          <Title order={2} fz="lg" id="budgets-heading">
            Budgets
          </Title>
          <Text size="sm" c="dimmed" maw={640}>
            Spending caps per day or month, on all traffic or one provider, route or client token. A hard cap refuses calls once reached; a soft one alerts you. Changes apply at once.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => openDialog(null)}>
          Add a budget
        </Button>
      </Group>
      {budgets.error && !budgets.data ? (
        <ErrorAlert title="Could not load budgets" error={budgets.error} onRetry={() => void budgets.reload()} />
      ) : !budgets.data ? (
        <Text size="sm" c="dimmed" aria-busy="true">
          Loading budgets…
        </Text>
      ) : (
        <Stack gap="md">
          {list.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="no-budgets">
              No budgets yet. Calls are never refused for cost until you add one.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs" aria-label="Budgets">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Covers</Table.Th>
                    <Table.Th>Period</Table.Th>
                    <Table.Th>When reached</Table.Th>
                    <Table.Th w={220}>Spent / limit</Table.Th>
                    <Table.Th w={90}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((b) => (
                    <Table.Tr key={b.id} data-testid={`budget-row-${b.id}`}>
                      <Table.Td fw={500}>{budgetLabel(b)}</Table.Td>
                      <Table.Td>{b.period === 'day' ? 'Daily' : 'Monthly'}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={b.mode === 'hard' ? 'red' : 'orange'}>
                          {b.mode === 'hard' ? 'Refuse calls' : 'Alert only'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          <Text size="sm" ff="monospace">
                            {usd(b.spentUsd)} / {usd(b.limitUsd)}
                          </Text>
                          <Progress
                            value={Math.min(100, b.fraction * 100)}
                            color={b.exceeded ? 'red' : b.fraction > 0.8 ? 'orange' : 'teal'}
                            size="sm"
                            aria-label={`${budgetLabel(b)}: ${Math.round(b.fraction * 100)}% of the ${periodWord(b.period)} cap`}
                          />
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Tooltip label="Edit">
                            <ActionIcon variant="subtle" onClick={() => openDialog(b)} aria-label={`Edit the budget ${budgetLabel(b)} (${periodWord(b.period)})`}>
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Remove">
                            <ActionIcon variant="subtle" color="red" onClick={() => setRemoving(b)} aria-label={`Remove the budget ${budgetLabel(b)} (${periodWord(b.period)})`}>
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <BurnRateRow key={String(budgets.data.burn.thresholdUsdPerHour)} threshold={budgets.data.burn.thresholdUsdPerHour} onSaved={() => void budgets.reload()} />
        </Stack>
      )}
      <BudgetDialog
        target={dialog}
        opened={dialogOpen}
        onClose={() => setDialogOpen(false)}
        onSaved={() => {
          setDialogOpen(false);
          void budgets.reload();
        }}
      />
      <ConfirmModal
        opened={removing !== null}
        title={removing ? `Remove the ${periodWord(removing.period)} budget for ${budgetLabel(removing)}?` : ''}
        confirmLabel="Remove budget"
        onConfirm={remove}
        onClose={() => setRemoving(null)}
        loading={removeBusy}
      >
        Calls it covers are no longer capped. You can add it again at any time.
      </ConfirmModal>
    </Card>
  );
}

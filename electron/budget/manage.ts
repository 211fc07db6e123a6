/** Adding, replacing and removing caps in settings (the CLI and, later, the UI). */
import { UserFacingError } from '../core/errors';
import type { SettingsStore } from '../settings/store';
import { BudgetSchema, BurnRateSchema, formatSettingsIssues, type Budget } from '../../shared/settings';

export type BudgetInput = Omit<Budget, 'id' | 'mode'> & { id?: string; mode?: Budget['mode'] };

/** `global-day`, `provider-openai-month`, `token-ide-day`: one cap per scope, name and period. */
export function budgetId(b: Pick<Budget, 'scope' | 'name' | 'period'>): string {
  const name = b.scope === 'global' ? '' : `-${(b.name ?? '').replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return `${b.scope}${name}-${b.period}`;
}

/**
 * Adds a cap, or replaces the one with the same scope, name and period (so
 * `budget set` twice changes the limit rather than stacking two caps).
 * Returns the saved cap.
 */
export function setBudget(store: SettingsStore, input: BudgetInput): Budget {
  const parsed = BudgetSchema.safeParse({ ...input, id: input.id ?? budgetId(input) });
  if (!parsed.success) throw new UserFacingError(`Invalid budget: ${formatSettingsIssues(parsed.error)}`);
  const b = parsed.data;
  store.update((draft) => {
    const i = draft.budgets.findIndex((x) => x.id === b.id || (x.scope === b.scope && x.name === b.name && x.period === b.period));
    if (i >= 0) draft.budgets[i] = b;
    else draft.budgets.push(b);
  });
  return b;
}

export function removeBudget(store: SettingsStore, id: string): void {
  store.update((draft) => {
    const i = draft.budgets.findIndex((b) => b.id === id);
    if (i < 0) {
      const ids = draft.budgets.map((b) => b.id);
      throw new UserFacingError(`No budget "${id}".${ids.length ? ` Budgets: ${ids.join(', ')}.` : ' There are no budgets.'}`);
    }
    draft.budgets.splice(i, 1);
  });
}

/** null switches the burn-rate alert off. */
export function setBurnRate(store: SettingsStore, usdPerHour: number | null): void {
  if (usdPerHour !== null) {
    const parsed = BurnRateSchema.safeParse({ usdPerHour });
    if (!parsed.success) throw new UserFacingError(`Invalid burn rate: ${formatSettingsIssues(parsed.error)}`);
  }
  store.update((draft) => {
    draft.burnRate = usdPerHour === null ? null : { usdPerHour };
  });
}

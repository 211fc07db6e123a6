/**
 * `budgets.*`: spending caps and the burn-rate alert, changed from the app the
 * way `switchboard budget` changes them (electron/budget/manage.ts does the
 * validating and writing for both). Listing with spend is `costs.budgets`.
 * Registered in the dispatch table with `...budgetHandlers(deps)` (methods.ts).
 */
import type { MethodName } from '../../shared/contract';
import type { SwitchboardApp } from '../app';
import { budgetId, removeBudget, setBudget, setBurnRate } from '../budget/manage';
import { formatUsd } from '../budget/periods';
import { ApiError } from './errors';
import type { MethodImpls } from './methods';

type BudgetMethod = Extract<MethodName, `budgets.${string}`>;

const periodWord = (p: 'day' | 'month') => (p === 'day' ? 'daily' : 'monthly');

export function budgetHandlers({ app }: { app: SwitchboardApp }): Pick<MethodImpls, BudgetMethod> {
  const byId = (id: string) => app.settings.get().budgets.find((b) => b.id === id);
  return {
    'budgets.set': ({ replaces, name, ...rest }) => {
      const trimmed = name?.trim() || undefined;
      const input = { ...rest, name: rest.scope === 'global' ? undefined : trimmed };
      if (rest.scope === 'global' && trimmed) {
        throw new ApiError('A global budget covers every call; it takes no name.', 'invalid_budget', 400, ['name: a global budget takes no name']);
      }
      if (rest.scope !== 'global' && !trimmed) {
        throw new ApiError(`A ${rest.scope} budget needs the ${rest.scope} it covers.`, 'invalid_budget', 400, [`name: a ${rest.scope} budget needs a name`]);
      }
      if (replaces !== undefined && !byId(replaces)) throw new ApiError(`No budget "${replaces}" to edit; it may have been removed.`, 'not_found', 404);
      const id = budgetId(input);
      // setBudget replaces a cap on the same scope, name and period (the CLI's `set`
      // semantics); from a form, that would silently drop the other cap.
      const clash = byId(id);
      if (clash && id !== replaces) {
        throw new ApiError(
          `There is already a ${periodWord(clash.period)} cap of ${formatUsd(clash.limitUsd)} for this scope (budget "${id}"); edit that one instead.`,
          'budget_exists',
          409,
        );
      }
      let saved;
      try {
        saved = setBudget(app.settings, input);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('Invalid budget: ')) {
          throw new ApiError(err.message, 'invalid_budget', 400, err.message.slice('Invalid budget: '.length).split('; '));
        }
        throw err;
      }
      if (replaces !== undefined && replaces !== saved.id) removeBudget(app.settings, replaces);
      return saved;
    },
    'budgets.remove': ({ id }) => {
      if (!byId(id)) throw new ApiError(`No budget "${id}".`, 'not_found', 404);
      removeBudget(app.settings, id);
      return { ok: true as const };
    },
    'budgets.setBurnRate': ({ usdPerHour }) => {
      setBurnRate(app.settings, usdPerHour);
      return { ok: true as const };
    },
  };
}

export { BudgetGuard, type AlertLevel, type BudgetAlert, type BudgetGuardOptions, type BudgetQuery, type BudgetStatus, type BurnStatus } from './guard';
export { budgetId, removeBudget, setBudget, setBurnRate, type BudgetInput } from './manage';
export { formatUsd, localIso, periodBounds, type BudgetPeriod, type PeriodBounds } from './periods';

import { BUDGET_MODES, BUDGET_PERIODS, BUDGET_SCOPES, type Budget } from '../../../shared/settings';
import { formatUsd } from '../../budget/periods';
import { removeBudget, setBudget, setBurnRate } from '../../budget/manage';
import { UserFacingError } from '../../core/errors';
import { table } from '../format';
import type { CommandArgs } from '../main';
import { withApp } from '../open';

const USAGE = `Usage:
  switchboard budget [list] [--json]     spend against each cap
  switchboard budget set --scope global|provider|route|token [--name NAME] --period day|month --limit USD [--mode hard|soft]
  switchboard budget rm ID
  switchboard budget burn-rate USD|off   alert when the last hour's spend goes above USD`;

function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UserFacingError(`--${flag} must be one of ${allowed.join(', ')}${value === undefined ? '' : ` (got '${String(value)}')`}.\n${USAGE}`, 2);
  }
  return value as T;
}

function usdArg(flag: string, value: unknown): number {
  const text = typeof value === 'string' ? value.trim().replace(/^\$/, '') : '';
  const n = Number(text);
  if (!text || !Number.isFinite(n) || n < 0) throw new UserFacingError(`--${flag} must be an amount in USD, e.g. 5 or 0.50 (got '${String(value ?? '')}').`, 2);
  return n;
}

const nameOf = (b: Budget) => b.name ?? '-';

export async function budgetCommand(args: CommandArgs): Promise<number> {
  const [sub = 'list', ...rest] = args.positionals;
  const v = args.values;
  return withApp(args, async (app) => {
    switch (sub) {
      case 'list': {
        const status = app.budget.status();
        const burn = app.budget.burnStatus();
        if (v.json) {
          process.stdout.write(`${JSON.stringify({ budgets: status, burnRate: burn }, null, 2)}\n`);
          return 0;
        }
        if (status.length === 0) {
          process.stdout.write('No budgets. Add one with: switchboard budget set --scope global --period day --limit 5\n');
        } else {
          const rows = status.map((s) => [
            s.budget.scope,
            nameOf(s.budget),
            s.budget.period,
            `${formatUsd(s.spentUsd)}${s.exceeded ? ' !' : ''}`,
            formatUsd(s.budget.limitUsd),
            s.budget.mode,
            s.resetsAtIso,
            s.budget.id,
          ]);
          process.stdout.write(`${table(['SCOPE', 'NAME', 'PERIOD', 'SPENT', 'LIMIT', 'MODE', 'RESETS', 'ID'], rows)}\n`);
        }
        process.stdout.write(
          burn.thresholdUsdPerHour === null
            ? `Last hour: ${formatUsd(burn.lastHourUsd)} (no burn-rate alert; set one with: switchboard budget burn-rate USD)\n`
            : `Last hour: ${formatUsd(burn.lastHourUsd)} (burn-rate alert above ${formatUsd(burn.thresholdUsdPerHour)}/hour)\n`,
        );
        return 0;
      }
      case 'set': {
        const scope = oneOf('scope', v.scope, BUDGET_SCOPES);
        const name = typeof v.name === 'string' && v.name.trim() ? v.name.trim() : undefined;
        if (scope !== 'global' && !name) throw new UserFacingError(`--name is required for a ${scope} budget.\n${USAGE}`, 2);
        if (scope === 'global' && name) throw new UserFacingError('A global budget takes no --name.', 2);
        const period = oneOf('period', v.period, BUDGET_PERIODS);
        const limitUsd = usdArg('limit', v.limit);
        const mode = oneOf('mode', v.mode, BUDGET_MODES, 'hard');
        const b = setBudget(app.settings, { scope, name, period, limitUsd, mode });
        const known = scope === 'provider' ? app.registry().get(b.name!) !== undefined : true;
        if (!known) process.stderr.write(`Note: no provider named '${b.name}' is configured (yet).\n`);
        process.stdout.write(
          `Budget ${b.id}: ${b.mode} cap of ${formatUsd(b.limitUsd)} per ${b.period} for ${b.scope}${b.name ? ` '${b.name}'` : ''}.\n`,
        );
        return 0;
      }
      case 'rm': {
        const id = rest[0];
        if (!id) throw new UserFacingError(`Usage: switchboard budget rm ID (see the ID column of \`switchboard budget\`)`, 2);
        removeBudget(app.settings, id);
        process.stdout.write(`Removed budget ${id}.\n`);
        return 0;
      }
      case 'burn-rate': {
        const arg = rest[0];
        if (!arg) throw new UserFacingError(`Usage: switchboard budget burn-rate USD|off`, 2);
        if (arg === 'off') {
          setBurnRate(app.settings, null);
          process.stdout.write('Burn-rate alert off.\n');
        } else {
          const usd = usdArg('burn-rate', arg);
          if (usd <= 0) throw new UserFacingError('The burn rate must be above $0/hour (or `off`).', 2);
          setBurnRate(app.settings, usd);
          process.stdout.write(`Alert when more than ${formatUsd(usd)} is spent in an hour.\n`);
        }
        return 0;
      }
      default:
        throw new UserFacingError(USAGE, 2);
    }
  });
}

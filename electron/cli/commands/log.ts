import { UserFacingError } from '../../core/errors';
import { recentRequests } from '../../store/queries';
import { ms, num, table, usd } from '../format';
import type { CommandArgs } from '../main';
import { withApp } from '../open';

export async function logCommand(args: CommandArgs): Promise<number> {
  const limit = args.values.limit === undefined ? 20 : Number(args.values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UserFacingError('--limit must be a positive whole number.', 2);
  return withApp(args, async (app) => {
    const rows = recentRequests(app.db, { limit });
    if (args.values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write('No requests logged yet.\n');
      return 0;
    }
    process.stdout.write(
      `${table(
        ['TIME', 'TOKEN', 'MODEL', 'PROVIDER', 'SERVED', 'STATUS', 'LATENCY', 'TTFT', 'IN', 'OUT', 'CACHED', 'REASON.', 'COST'],
        rows.map((r) => [
          new Date(r.ts).toISOString().replace('T', ' ').slice(0, 19),
          r.tokenName ?? '-',
          r.requestedModel ?? '-',
          r.provider ?? '-',
          r.servedModel ?? '-',
          `${r.status ?? '-'}${r.partial ? ' (cut)' : ''}${r.cacheHit ? ' (cache)' : ''}`,
          ms(r.latencyMs),
          ms(r.ttftMs),
          num(r.inputTokens),
          num(r.outputTokens),
          num(r.cacheReadTokens),
          num(r.reasoningTokens),
          r.priced ? usd(r.costUsd, r.usageEstimated) : r.costUsd === null ? 'unpriced' : usd(r.costUsd),
        ]),
      )}\n`,
    );
    if (rows.some((r) => r.usageEstimated)) process.stdout.write('~ estimated: the provider reported no usage for that call.\n');
    return 0;
  });
}

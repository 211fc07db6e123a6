import { UserFacingError } from '../../core/errors';
import { createToken, listTokens, revokeToken } from '../../vault/tokens';
import { table } from '../format';
import type { CommandArgs } from '../main';
import { withApp } from '../open';

export async function tokenCommand(args: CommandArgs): Promise<number> {
  const [sub, name] = args.positionals;
  const needName = () => {
    if (!name) throw new UserFacingError(`Usage: switchboard token ${sub} NAME`, 2);
    return name;
  };
  return withApp(args, async (app) => {
    switch (sub) {
      case 'create':
        // Only the token on stdout, so `TOKEN=$(switchboard token create ide)` works.
        process.stdout.write(`${createToken(app.settings, needName())}\n`);
        return 0;
      case 'list': {
        const tokens = listTokens(app.settings);
        if (tokens.length === 0) process.stdout.write('No client tokens. Create one with: switchboard token create NAME\n');
        else process.stdout.write(`${table(['NAME', 'TOKEN', 'CREATED'], tokens.map((t) => [t.name, t.hint, t.createdAt]))}\n`);
        return 0;
      }
      case 'revoke':
        revokeToken(app.settings, needName());
        process.stdout.write(`Revoked '${name}'. Clients using it are refused from now on.\n`);
        return 0;
      default:
        throw new UserFacingError('Usage: switchboard token create|list|revoke [NAME]', 2);
    }
  });
}

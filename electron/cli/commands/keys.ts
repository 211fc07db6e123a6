import type { SwitchboardApp } from '../../app';
import { UserFacingError } from '../../core/errors';
import { table } from '../format';
import { readSecret } from '../io';
import type { CommandArgs } from '../main';
import { withApp } from '../open';

export async function keysCommand(args: CommandArgs): Promise<number> {
  const [sub, provider] = args.positionals;
  const needProvider = () => {
    if (!provider) throw new UserFacingError(`Usage: switchboard keys ${sub} PROVIDER`, 2);
    return provider.trim().toLowerCase();
  };
  /** Checked before reading stdin, so a typo isn't reported only after the key was typed or piped. */
  const knownProvider = (app: SwitchboardApp) => {
    const id = needProvider();
    const known = app.vault.knownProviders();
    if (!known.includes(id)) throw new UserFacingError(`Unknown provider '${provider}'. Known providers: ${known.join(', ')}.`);
    return id;
  };
  if (args.positionals.length > 2) {
    // Never echo the extra argument: it may well be the key itself.
    throw new UserFacingError(
      sub === 'add'
        ? 'keys add reads the key from stdin, never from the command line (where shell history and `ps` see it): printf %s "$KEY" | switchboard keys add PROVIDER'
        : `Too many arguments for keys ${sub}.`,
      2,
    );
  }
  switch (sub) {
    case 'add':
      return withApp(args, async (app) => {
        const id = knownProvider(app);
        const baseUrl = typeof args.values['base-url'] === 'string' ? args.values['base-url'] : undefined;
        const plaintext = await readSecret(`Key for ${id} (input hidden): `);
        const entry = await app.vault.setKey(id, plaintext, baseUrl ? { baseUrl } : {});
        process.stdout.write(`Saved ${id} key ${entry.mask}, sealed by ${entry.backend} (${entry.protection}).\n`);
        if (entry.protection === 'weak') process.stderr.write(`Note: ${entry.description}.\n`);
        return 0;
      });
    case 'list':
      return withApp(args, async (app) => {
        const entries = app.vault.list();
        if (entries.length === 0) {
          process.stdout.write('No keys yet. Add one with: printf %s "$OPENAI_API_KEY" | switchboard keys add openai\n');
          return 0;
        }
        process.stdout.write(
          `${table(
            ['PROVIDER', 'KEY', 'SEALED BY', 'PROTECTION', 'BASE URL'],
            entries.map((e) => [e.provider, e.mask, e.available ? e.backend : `${e.backend} (unavailable)`, e.protection, e.baseUrl ?? '(default)']),
          )}\n\n`,
        );
        for (const backend of new Set(entries.map((e) => e.backend))) {
          const e = entries.find((x) => x.backend === backend)!;
          process.stdout.write(`${backend}: ${e.description}.${e.available ? '' : ` Unavailable: ${e.reason}.`}\n`);
        }
        return 0;
      });
    case 'test':
      return withApp(args, async (app) => {
        const id = knownProvider(app);
        if (!app.vault.has(id) && app.registry().get(id)?.spec.auth !== 'none') {
          throw new UserFacingError(`No key stored for '${id}'. Add one with: printf %s "$KEY" | switchboard keys add ${id}`);
        }
        const result = await app.refreshModels(id);
        if (result.ok) {
          process.stdout.write(`ok: ${id} accepted the key and listed ${result.models.length} models.\n`);
          return 0;
        }
        process.stdout.write(`failed: ${id} answered ${result.status || 'nothing'}: ${result.message}\n`);
        return 1;
      });
    case 'rm':
      return withApp(args, async (app) => {
        const id = needProvider();
        if (!app.vault.removeKey(id)) throw new UserFacingError(`No key stored for '${id}'.`);
        process.stdout.write(`Removed the ${id} key.\n`);
        return 0;
      });
    default:
      throw new UserFacingError('Usage: switchboard keys add|list|test|rm [PROVIDER] [--base-url URL]', 2);
  }
}

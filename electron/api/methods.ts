import type { z } from 'zod';
import type { Contract, MethodName, ProviderInfo, Status } from '../../shared/contract';
import { formatIssues, ROUTE_NAME_RE, RouteSchema } from '../../shared/routes';
import type { SwitchboardApp } from '../app';
import { UserFacingError } from '../core/errors';
import { builtinProvider } from '../providers/catalog';
import { cachedModels, spendSince } from '../store/queries';
import { KeyUnavailableError, type Keyring } from '../vault/keyring';
import { PassphraseKeyring } from '../vault/passphrase';
import { createToken, listTokens, revokeToken } from '../vault/tokens';
import { INTERNAL_TOKEN_NAME } from '../compare/internal-token';
import { budgetHandlers } from './budgets';
import { compareHandlers } from './compare';
import { costsHandlers } from './costs';
import { replayHandlers } from './replay';
import { raceHandlers } from './race';
import { ApiError } from './errors';
import type { EventHub } from './events';
import type { ApiRuntime, CallContext } from './runtime';

type MethodDef<M extends MethodName> = Contract[M] extends { kind: 'method'; input: infer I; output: infer O }
  ? { input: I extends z.ZodType ? z.output<I> : never; output: O extends z.ZodType ? z.input<O> : never }
  : never;

/** One implementation per contract method: parsed input in, plain data out (the dispatcher parses it again). */
export type MethodImpls = {
  [M in MethodName]: (input: MethodDef<M>['input'], ctx: CallContext) => Promise<MethodDef<M>['output']> | MethodDef<M>['output'];
};

export interface ApiDeps {
  app: SwitchboardApp;
  runtime: ApiRuntime;
  events: EventHub;
}

const DEFAULT_PORT = 4141;

function startOfToday(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

export function statusCore({ app, runtime }: Pick<ApiDeps, 'app' | 'runtime'>): Omit<Status, 'transport'> {
  return {
    version: runtime.version,
    endpoint: runtime.endpoint(),
    paused: app.paused,
    dataDir: app.dataDir,
    keyring: keyringInfo({ app, runtime }),
    requestsLastMinute: app.activity.lastMinute(),
    spendTodayUsd: spendSince(app.db, startOfToday()),
    keyCount: app.vault.list().length,
    tokenCount: app.settings.get().tokens.filter((t) => t.name !== INTERNAL_TOKEN_NAME).length,
  };
}

export function keyringInfo({ app, runtime }: Pick<ApiDeps, 'app' | 'runtime'>) {
  const k = app.vault.keyring;
  const fromRuntime = runtime.keyringWarning?.() ?? null;
  const weakWarning =
    fromRuntime ??
    (k.protection === 'weak' || k.protection === 'none'
      ? `Provider keys are not strongly protected here: ${k.description}.`
      : null);
  return {
    backend: k.backend,
    protection: k.protection,
    description: k.description,
    weakWarning,
    passphraseModeAvailable: runtime.passphraseFallbacks !== undefined && k.backend !== 'passphrase',
  };
}

function providerInfos({ app, runtime }: Pick<ApiDeps, 'app' | 'runtime'>, only?: string): ProviderInfo[] {
  const settings = app.settings.get();
  const entries = new Map(app.vault.list().map((e) => [e.provider, e]));
  const fetched = new Map<string, number>();
  for (const row of cachedModels(app.db)) fetched.set(row.provider, Math.max(fetched.get(row.provider) ?? 0, row.fetchedAt));
  const directory = app.directory();
  const out: ProviderInfo[] = [];
  for (const p of app.registry().all()) {
    const id = p.spec.id;
    if (only !== undefined && id !== only) continue;
    const entry = entries.get(id);
    let reason = entry?.reason ?? null;
    if (entry && !entry.available && entry.backend === 'passphrase' && runtime.passphraseFallbacks) {
      reason = 'locked: enter your passphrase on the Keys page to unlock keys sealed in passphrase mode';
    }
    out.push({
      id,
      label: p.spec.label,
      format: p.spec.format,
      local: Boolean(p.spec.local),
      custom: Boolean(settings.providers[id]?.custom),
      needsKey: p.spec.auth !== 'none',
      keyUrl: p.spec.keyUrl ?? null,
      defaultBaseUrl: builtinProvider(id)?.baseUrl ?? p.baseUrl,
      baseUrl: p.baseUrl,
      discount: p.discount,
      key: entry
        ? {
            mask: entry.mask,
            backend: entry.backend,
            protection: entry.protection,
            description: entry.description,
            available: entry.available,
            reason,
            updatedAt: entry.updatedAt,
          }
        : null,
      models: [...(directory.get(id) ?? [])].sort(),
      modelsFetchedAt: fetched.get(id) ?? null,
    });
  }
  return out;
}

function providerInfo(deps: Pick<ApiDeps, 'app' | 'runtime'>, id: string): ProviderInfo {
  const info = providerInfos(deps, id)[0];
  if (!info) throw new ApiError(`Unknown provider "${id}".`, 'unknown_provider', 404);
  return info;
}

function requireProvider(app: SwitchboardApp, id: string): void {
  if (!app.registry().get(id)) {
    throw new ApiError(`Unknown provider "${id}". Known providers: ${app.registry().ids().join(', ')}.`, 'unknown_provider', 404);
  }
}

function normalizeOrigin(o: string): string {
  if (o === '*') return o;
  const u = new URL(o);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ApiError(`Allowed origin "${o}" must be an http(s) origin.`, 'invalid_input', 400, [`allowedOrigins: "${o}" is not http(s)`]);
  return u.origin;
}

function settingsView(app: SwitchboardApp) {
  const s = app.settings.get();
  const discounts: Record<string, number> = {};
  for (const p of app.registry().all()) discounts[p.spec.id] = p.discount;
  return {
    logBodies: s.logBodies,
    bodyRetentionDays: s.bodyRetentionDays,
    allowedOrigins: [...s.allowedOrigins],
    port: s.port ?? DEFAULT_PORT,
    discounts,
    dataDir: app.dataDir,
  };
}

/**
 * Switches sealing to a passphrase (desktop shell) and re-seals every key that
 * can be opened now. Called again after a restart, it unlocks keys sealed that
 * way: a wrong passphrase fails the check in vault.json and changes nothing.
 */
export async function usePassphrase(app: SwitchboardApp, passphrase: string, fallbacks: readonly Keyring[]): Promise<void> {
  const keyring = new PassphraseKeyring(app.dataDir, passphrase);
  try {
    await keyring.open(await keyring.seal('check')); // derives (or creates) and verifies against vault.json
  } catch (err) {
    if (err instanceof UserFacingError) throw new ApiError('That passphrase does not match the one your keys were sealed with.', 'wrong_passphrase', 400);
    throw err;
  }
  // Open what we can under the current keyrings before switching.
  const plaintexts: Array<[string, string]> = [];
  for (const e of app.vault.list()) {
    if (!e.available || e.backend === 'passphrase') continue;
    try {
      const secret = await app.vault.open(e.provider);
      if (secret) plaintexts.push([e.provider, secret.reveal()]);
    } catch (err) {
      if (!(err instanceof KeyUnavailableError)) throw err;
    }
  }
  app.useKeyring(keyring, fallbacks.filter((k) => k.backend !== 'passphrase'));
  for (const [provider, key] of plaintexts) await app.vault.setKey(provider, key);
}

export function createMethods(deps: ApiDeps): MethodImpls {
  const { app, runtime, events } = deps;
  const changed = <T>(value: T): T => {
    events.poke();
    return value;
  };
  return {
    'app.status': (_input, ctx) => ({ ...statusCore(deps), transport: ctx.transport }),
    'app.setPaused': ({ paused }, ctx) => {
      app.paused = paused;
      events.poke();
      return { ...statusCore(deps), transport: ctx.transport };
    },

    'providers.list': () => providerInfos(deps),
    'providers.addCustom': ({ id, baseUrl, needsKey }) => {
      if (builtinProvider(id)) throw new ApiError(`"${id}" is a built-in provider; pick another id for a custom endpoint.`, 'provider_exists', 409);
      const u = new URL(baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ApiError('The base URL must be http(s).', 'invalid_input', 400, ['baseUrl: must be an http(s) URL']);
      app.settings.update((draft) => {
        const current = draft.providers[id];
        draft.providers[id] = { ...(current ?? {}), discount: current?.discount ?? 1, baseUrl, custom: { format: 'openai', needsKey } };
      });
      return changed(providerInfo(deps, id));
    },
    'keys.set': async ({ provider, key, baseUrl }) => {
      requireProvider(app, provider);
      await app.vault.setKey(provider, key, typeof baseUrl === 'string' ? { baseUrl } : {});
      if (baseUrl === null && !app.settings.get().providers[provider]?.custom) {
        app.settings.update((draft) => {
          const p = draft.providers[provider];
          if (p) delete p.baseUrl;
        });
      }
      return changed(providerInfo(deps, provider));
    },
    'keys.remove': ({ provider }) => {
      requireProvider(app, provider);
      if (!app.vault.removeKey(provider)) throw new ApiError(`No key stored for "${provider}".`, 'not_found', 404);
      return changed({ ok: true as const });
    },
    'keys.test': async ({ provider }) => {
      requireProvider(app, provider);
      let result;
      try {
        result = await app.refreshModels(provider);
      } catch (err) {
        if (err instanceof KeyUnavailableError) return { ok: false, status: 0, message: err.message, models: [] };
        throw err;
      }
      if (result.ok) {
        return { ok: true, status: 200, message: `${provider} accepted the key and listed ${result.models.length} models.`, models: [...result.models].sort() };
      }
      return { ok: false, status: result.status, message: result.message, models: [] };
    },
    'keyring.info': () => keyringInfo(deps),
    'keyring.usePassphrase': async ({ passphrase }) => {
      const fallbacks = runtime.passphraseFallbacks?.();
      if (!fallbacks) {
        throw new ApiError(
          'Passphrase mode is switched on in the desktop app. Headless, start `switchboard serve` with SWITCHBOARD_PASSPHRASE set (and SWITCHBOARD_KEYRING=passphrase).',
          'not_available',
          400,
        );
      }
      await usePassphrase(app, passphrase, fallbacks);
      return changed(keyringInfo(deps));
    },

    // The app's own token (Race, Compare, the judge) is not a client the user
    // manages: it is left out of the list, and its name can't be taken (the app
    // would revoke a user's token of that name when it makes its own). Its
    // calls stay attributed in the log by token name and source (race/compare).
    'tokens.list': () => listTokens(app.settings).filter((t) => t.name !== INTERNAL_TOKEN_NAME),
    'tokens.create': ({ name }) => {
      if (name.trim() === INTERNAL_TOKEN_NAME) {
        throw new ApiError(`"${INTERNAL_TOKEN_NAME}" is reserved for Switchboard's own calls (Race, Compare); pick another name.`, 'reserved_name', 409);
      }
      const token = createToken(app.settings, name);
      return changed({ name: name.trim(), token });
    },
    'tokens.revoke': ({ name }) => {
      revokeToken(app.settings, name);
      return changed({ ok: true as const });
    },

    'routes.list': () => Object.entries(app.settings.get().routes).map(([name, route]) => ({ name, route })),
    'routes.validate': ({ route }) => {
      const parsed = RouteSchema.safeParse(route);
      return parsed.success ? { ok: true, issues: [] } : { ok: false, issues: formatIssues(parsed.error) };
    },
    'routes.save': ({ name, route }) => {
      const trimmed = name.trim();
      if (!ROUTE_NAME_RE.test(trimmed)) {
        throw new ApiError(`Invalid route name "${name}": use 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit.`, 'invalid_route', 400, [
          'name: use 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit',
        ]);
      }
      const parsed = RouteSchema.safeParse(route);
      if (!parsed.success) {
        const issues = formatIssues(parsed.error);
        throw new ApiError(`Route "${trimmed}" is not valid: ${issues.slice(0, 3).join('; ')}`, 'invalid_route', 400, issues);
      }
      app.settings.update((draft) => {
        draft.routes[trimmed] = parsed.data;
      });
      return { name: trimmed, route: app.settings.get().routes[trimmed] };
    },
    'routes.remove': ({ name }) => {
      if (!(name in app.settings.get().routes)) throw new ApiError(`No route named "${name}".`, 'not_found', 404);
      app.settings.update((draft) => {
        delete draft.routes[name];
      });
      return { ok: true as const };
    },

    'settings.get': () => settingsView(app),
    'settings.update': (patch) => {
      const origins = patch.allowedOrigins?.map(normalizeOrigin);
      if (patch.discounts) for (const id of Object.keys(patch.discounts)) requireProvider(app, id);
      app.settings.update((draft) => {
        if (patch.logBodies !== undefined) draft.logBodies = patch.logBodies;
        if (patch.bodyRetentionDays !== undefined) draft.bodyRetentionDays = patch.bodyRetentionDays;
        if (origins) draft.allowedOrigins = [...new Set(origins)];
        if (patch.port !== undefined) draft.port = patch.port;
        for (const [id, discount] of Object.entries(patch.discounts ?? {})) {
          const current = draft.providers[id];
          if (current) current.discount = discount;
          else if (discount !== 1) draft.providers[id] = { discount };
        }
      });
      return settingsView(app);
    },
    ...budgetHandlers(deps),
    ...compareHandlers(deps),
    ...costsHandlers(deps),
    ...replayHandlers(deps),
    ...raceHandlers(deps),
  };
}

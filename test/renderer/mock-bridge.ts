/**
 * A development-only, in-memory stand-in for the Electron preload bridge
 * (`window.switchboard`), so the UI can be worked on with `npx vite` and
 * `?mock` before (or without) a real main process. Not used by the tests
 * that matter: the e2e suite runs against a real `switchboard serve`.
 */
import { RouteSchema, formatIssues } from '../../shared/routes';
import type { AppEvent, ProviderInfo, Status } from '../../shared/contract';

type Json = Record<string, any>;

const now = () => new Date().toISOString();

function provider(id: string, label: string, baseUrl: string, extra: Partial<ProviderInfo> = {}): ProviderInfo {
  return {
    id,
    label,
    format: 'openai',
    local: false,
    custom: false,
    needsKey: true,
    keyUrl: `https://example.com/${id}/keys`,
    defaultBaseUrl: baseUrl,
    baseUrl,
    discount: 1,
    key: null,
    models: [],
    modelsFetchedAt: null,
    ...extra,
  };
}

export function createMockBridge() {
  const providers: ProviderInfo[] = [
    provider('openai', 'OpenAI', 'https://api.openai.com/v1', {
      key: { mask: 'sk-…Wx9z', backend: 'master-key-file', protection: 'weak', description: 'master-key file', available: true, reason: null, updatedAt: now() },
      models: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o4-mini'],
      modelsFetchedAt: Date.now() - 3_600_000,
    }),
    provider('anthropic', 'Anthropic', 'https://api.anthropic.com', {
      format: 'anthropic',
      key: { mask: 'sk-ant-…f00d', backend: 'os-keyring', protection: 'strong', description: 'OS keyring', available: false, reason: 'the OS keyring is not reachable from this process', updatedAt: now() },
    }),
    provider('google', 'Google Gemini', 'https://generativelanguage.googleapis.com/v1beta/openai'),
    provider('groq', 'Groq', 'https://api.groq.com/openai/v1'),
    provider('ollama', 'Ollama (local)', 'http://127.0.0.1:11434/v1', { local: true, needsKey: false, keyUrl: null }),
  ];
  const tokens: Array<{ name: string; hint: string; createdAt: string }> = [{ name: 'laptop', hint: 'sb-…a1b2', createdAt: now() }];
  const routes: Array<{ name: string; route: unknown }> = [
    { name: 'fast', route: { strategy: 'fallback', targets: ['groq/llama-3.3-70b-versatile', 'openai/gpt-4o-mini'] } },
  ];
  const settings = {
    dataDir: '/home/user/.config/switchboard',
    logBodies: true,
    bodyRetentionDays: 30 as number | null,
    allowedOrigins: ['http://localhost:3000'],
    port: 4141,
    discounts: {} as Record<string, number>,
  };
  let paused = false;
  const listeners = new Set<(e: AppEvent) => void>();
  const keyring = {
    backend: 'master-key-file',
    protection: 'weak' as const,
    description: 'master-key file (0600) in the data dir',
    weakWarning: 'No OS secret store was found, so your keys are sealed with a key kept in a file next to them. Anyone who can read your files can read your keys.',
    passphraseModeAvailable: true,
  };
  const status = (): Status => ({
    version: '0.1.0',
    endpoint: 'http://127.0.0.1:4141',
    paused,
    transport: 'ipc',
    dataDir: settings.dataDir,
    keyring,
    requestsLastMinute: 3,
    spendTodayUsd: 0.4213,
    keyCount: providers.filter((p) => p.key).length,
    tokenCount: tokens.length,
  });
  const fail = (message: string, code = 'invalid_request') => {
    throw Object.assign(new Error(message), { code });
  };
  const find = (id: string) => providers.find((p) => p.id === id) ?? fail(`Unknown provider "${id}".`, 'not_found');
  const delay = <T,>(v: T) => new Promise<T>((r) => setTimeout(() => r(v), 150));

  const methods: Record<string, (input: Json) => unknown> = {
    'app.status': () => status(),
    'app.setPaused': (i) => {
      paused = i.paused;
      const s = status();
      listeners.forEach((l) => l({ type: 'status', status: s }));
      return s;
    },
    'providers.list': () => providers,
    'providers.addCustom': (i) => {
      const p = provider(i.id, i.id, i.baseUrl, { custom: true, needsKey: i.needsKey, keyUrl: null });
      providers.push(p);
      return p;
    },
    'keys.set': (i) => {
      const p = find(i.provider);
      p.key = { mask: `${i.key.slice(0, 3)}…${i.key.slice(-4)}`, backend: keyring.backend, protection: keyring.protection, description: keyring.description, available: true, reason: null, updatedAt: now() };
      if (i.baseUrl !== undefined) p.baseUrl = i.baseUrl ?? p.defaultBaseUrl;
      return p;
    },
    'keys.remove': (i) => {
      find(i.provider).key = null;
      return { ok: true };
    },
    'keys.test': (i) => {
      const p = find(i.provider);
      if (!p.key && p.needsKey) fail(`No key stored for ${p.label}.`);
      if (p.key?.mask.startsWith('bad')) return { ok: false, status: 401, message: 'Incorrect API key provided: bad*****1234.', models: [] };
      p.models = ['model-a', 'model-b', 'model-c'];
      p.modelsFetchedAt = Date.now();
      return { ok: true, status: 200, message: 'OK', models: p.models };
    },
    'keyring.info': () => keyring,
    'keyring.usePassphrase': () => {
      Object.assign(keyring, { backend: 'passphrase', protection: 'passphrase', description: 'passphrase', weakWarning: null, passphraseModeAvailable: false });
      return keyring;
    },
    'tokens.list': () => tokens,
    'tokens.create': (i) => {
      if (tokens.some((t) => t.name === i.name)) fail(`A token named "${i.name}" already exists.`);
      const token = `sb-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
      tokens.push({ name: i.name, hint: `sb-…${token.slice(-4)}`, createdAt: now() });
      return { name: i.name, token };
    },
    'tokens.revoke': (i) => {
      const at = tokens.findIndex((t) => t.name === i.name);
      if (at >= 0) tokens.splice(at, 1);
      return { ok: true };
    },
    'routes.list': () => routes,
    'routes.validate': (i) => {
      const r = RouteSchema.safeParse(i.route);
      return r.success ? { ok: true, issues: [] } : { ok: false, issues: formatIssues(r.error) };
    },
    'routes.save': (i) => {
      const r = RouteSchema.safeParse(i.route);
      if (!r.success) throw Object.assign(new Error('Invalid route'), { code: 'invalid_route' });
      const at = routes.findIndex((x) => x.name === i.name);
      if (at >= 0) routes[at] = { name: i.name, route: i.route };
      else routes.push({ name: i.name, route: i.route });
      return { name: i.name, route: i.route };
    },
    'routes.remove': (i) => {
      const at = routes.findIndex((x) => x.name === i.name);
      if (at >= 0) routes.splice(at, 1);
      return { ok: true };
    },
    'settings.get': () => settings,
    'settings.update': (i) => {
      Object.assign(settings, i);
      return settings;
    },
  };

  const bridge: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(methods)) bridge[name] = async (input: Json) => delay(structuredClone(fn(input ?? {})));
  bridge.subscribe = (_name: string, _input: unknown, cb: (e: AppEvent) => void) => {
    listeners.add(cb);
    return () => listeners.delete(cb);
  };
  return bridge;
}

export function installMockBridge(): void {
  (window as unknown as { switchboard: unknown }).switchboard = createMockBridge();
}

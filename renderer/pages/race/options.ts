/**
 * Contestant choices (models from the providers' cached model lists, and
 * routes), the remembered set (localStorage), and attachment reading
 * (images downscaled to fit the admin API and the providers' limits).
 */
import type { ProviderInfo } from '../../../shared/contract';
import { RACE_MAX_CONTESTANTS, RACE_MAX_TEXT_FILE, type RaceAttachment, type RaceContestant } from '../../../shared/race';

export interface ContestantOption {
  /** `m:<ref>` or `r:<name>` (a route and a model may share a name). */
  value: string;
  label: string;
  group: string;
  contestant: RaceContestant;
}

export const optionValue = (c: RaceContestant) => `${c.kind === 'route' ? 'r' : 'm'}:${c.ref}`;

export function fromValue(v: string): RaceContestant {
  return v.startsWith('r:') ? { ref: v.slice(2), kind: 'route' } : { ref: v.slice(2), kind: 'model' };
}

/** Providers whose key is usable (or that need none) and have a cached model list. */
export function usableProviders(providers: readonly ProviderInfo[]): ProviderInfo[] {
  return providers.filter((p) => (p.key ? p.key.available : !p.needsKey && (p.custom || p.local || p.models.length > 0)) && p.models.length > 0);
}

export function contestantOptions(providers: readonly ProviderInfo[], routes: ReadonlyArray<{ name: string }>): ContestantOption[] {
  const out: ContestantOption[] = [];
  for (const r of routes) out.push({ value: `r:${r.name}`, label: r.name, group: 'Routes', contestant: { ref: r.name, kind: 'route' } });
  for (const p of usableProviders(providers)) {
    for (const m of p.models) {
      if (/embed|whisper|tts|dall-e|moderation|transcribe/i.test(m)) continue; // not chat models
      const ref = `${p.id}/${m}`;
      out.push({ value: `m:${ref}`, label: ref, group: p.label, contestant: { ref, kind: 'model' } });
    }
  }
  return out;
}

export function contestantLabel(c: RaceContestant): string {
  return c.kind === 'route' ? c.ref : c.ref.slice(c.ref.indexOf('/') + 1);
}

export function contestantProvider(c: RaceContestant): string {
  return c.kind === 'route' ? 'route' : c.ref.includes('/') ? c.ref.slice(0, c.ref.indexOf('/')) : '';
}

const STORE_KEY = 'switchboard.race.setup';

export interface RememberedSetup {
  contestants: string[];
  temperature: number | null;
  maxTokens: number | null;
  layout: 'columns' | 'grid' | 'tabs';
  syncScroll: boolean;
}

export function loadSetup(): RememberedSetup {
  const fallback: RememberedSetup = { contestants: [], temperature: null, maxTokens: null, layout: 'columns', syncScroll: false };
  try {
    const raw = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as Partial<RememberedSetup> | null;
    if (!raw || typeof raw !== 'object') return fallback;
    return {
      contestants: Array.isArray(raw.contestants) ? raw.contestants.filter((x): x is string => typeof x === 'string').slice(0, RACE_MAX_CONTESTANTS) : [],
      temperature: typeof raw.temperature === 'number' ? raw.temperature : null,
      maxTokens: typeof raw.maxTokens === 'number' ? raw.maxTokens : null,
      layout: raw.layout === 'grid' || raw.layout === 'tabs' ? raw.layout : 'columns',
      syncScroll: raw.syncScroll === true,
    };
  } catch {
    return fallback;
  }
}

export function saveSetup(patch: Partial<RememberedSetup>): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ ...loadSetup(), ...patch }));
  } catch {
    /* storage full or disabled: not remembered */
  }
}

// -- attachments ----------------------------------------------------------------

const IMAGE_MAX_EDGE = 1568; // Anthropic's recommended long edge; fine for OpenAI and Gemini too
const IMAGE_TARGET_BYTES = 600_000; // keeps a race under the admin API's 1 MB body over HTTP

function readAs(file: File, how: 'text' | 'dataUrl'): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('could not read the file'));
    if (how === 'text') r.readAsText(file);
    else r.readAsDataURL(file);
  });
}

async function downscale(file: File): Promise<string> {
  const original = await readAs(file, 'dataUrl');
  if (original.length <= IMAGE_TARGET_BYTES && file.type !== 'image/gif') {
    const probe = await createImageBitmap(file).catch(() => null);
    if (!probe || Math.max(probe.width, probe.height) <= IMAGE_MAX_EDGE) return original;
  }
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, IMAGE_MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  for (const q of [0.88, 0.78, 0.65, 0.5]) {
    const url = canvas.toDataURL('image/jpeg', q);
    if (url.length <= IMAGE_TARGET_BYTES) return url;
  }
  throw new Error(`${file.name} is too large even after downscaling; use a smaller image.`);
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|yaml|x-yaml|toml|javascript|typescript|x-sh|sql|csv))/;
const TEXT_EXT = /\.(txt|md|markdown|json|jsonl|csv|tsv|xml|ya?ml|toml|ini|log|py|js|mjs|cjs|ts|tsx|jsx|go|rs|java|kt|c|h|cc|cpp|hpp|cs|rb|php|swift|sh|bash|zsh|sql|html|css|scss|vue|svelte|r|lua|pl|ex|exs|erl|hs|scala|dart|tex)$/i;

/** A file as a race attachment: images (downscaled, as data URLs) or text files (inlined); anything else is refused with a reason. */
export async function readAttachment(file: File): Promise<RaceAttachment> {
  if (/^image\/(png|jpeg|gif|webp)$/.test(file.type)) {
    const dataUrl = await downscale(file);
    const mime = (/^data:(image\/[a-z]+);/.exec(dataUrl)?.[1] ?? file.type) as string;
    return { kind: 'image', name: file.name, mime, dataUrl };
  }
  if (TEXT_TYPES.test(file.type) || TEXT_EXT.test(file.name)) {
    if (file.size > RACE_MAX_TEXT_FILE) throw new Error(`${file.name} is over ${Math.round(RACE_MAX_TEXT_FILE / 1000)} kB; attach a smaller text file.`);
    const text = await readAs(file, 'text');
    if (text.includes('\u0000')) throw new Error(`${file.name} looks binary; only text files and images can be attached.`);
    return { kind: 'text', name: file.name, mime: file.type || 'text/plain', text };
  }
  throw new Error(`${file.name}: only images (PNG, JPEG, GIF, WebP) and text files can be attached.`);
}

/** The two wire formats Switchboard speaks, to clients and to providers. */
export type WireFormat = 'openai' | 'anthropic';

/**
 * Everything Switchboard needs to know to call one provider. One small module per
 * provider builds one of these; OpenAI-compatible providers are a few lines each.
 */
export interface ProviderSpec {
  id: string;
  label: string;
  /**
   * Default base URL, as the provider's own SDK takes it: OpenAI-style bases end
   * in `/v1` (or their equivalent); Anthropic-style bases are the bare host.
   */
  baseUrl: string;
  format: WireFormat;
  /** How the key travels. `none` for local servers that need no key. */
  auth: 'bearer' | 'x-api-key' | 'none';
  /** Bare model names that belong to this provider (`gpt-4o` → openai). */
  modelPatterns: RegExp[];
  /** Fixed headers every upstream call carries (e.g. `anthropic-version`). */
  headers?: Record<string, string>;
  /** Runs on the user's machine; no key needed, and not billed. */
  local?: boolean;
  /** Serves `/embeddings` (OpenAI format only). */
  embeddings?: boolean;
  /** Accepts `stream_options.include_usage`; otherwise usage is estimated. */
  streamUsage?: boolean;
  /** The provider id in @pydantic/genai-prices, where it differs from `id`. */
  pricingId?: string;
  /** Where users get a key, for the "add a key" hint. */
  keyUrl?: string;
}

/** Builds an OpenAI-compatible provider: the common case is a few lines. */
export function openaiCompatible(spec: Omit<ProviderSpec, 'format' | 'auth'> & Partial<Pick<ProviderSpec, 'auth'>>): ProviderSpec {
  return { auth: 'bearer', streamUsage: true, ...spec, format: 'openai' };
}

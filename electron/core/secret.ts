import { inspect } from 'node:util';

/**
 * A provider key (or any credential) held in memory. Every way a value usually
 * escapes — string coercion, JSON, util.inspect/console.log — prints a mask, so a
 * careless log line or error cannot leak it. Only `reveal()` returns the value,
 * and only the upstream request builder should call it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get masked(): string {
    return maskKey(this.#value);
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }

  [inspect.custom](): string {
    return `Secret(${this.masked})`;
  }
}

/** `sk-proj-abc…wxyz` → `sk-…wxyz`: enough to tell keys apart, never enough to use one. */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed.length <= 8) return '•'.repeat(Math.max(4, trimmed.length));
  const dash = trimmed.indexOf('-');
  const prefix = dash > 0 && dash <= 6 ? trimmed.slice(0, dash + 1) : trimmed.slice(0, 2);
  return `${prefix}…${trimmed.slice(-4)}`;
}

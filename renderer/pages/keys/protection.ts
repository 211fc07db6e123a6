import type { z } from 'zod';
import type { ProtectionSchema } from '../../../shared/contract';

export type Protection = z.infer<typeof ProtectionSchema>;

export const PROTECTION: Record<Protection, { color: string; label: string; help: string }> = {
  strong: { color: 'teal', label: 'Strong', help: 'Sealed by the operating system’s secret store.' },
  passphrase: { color: 'blue', label: 'Passphrase', help: 'As strong as your passphrase.' },
  weak: { color: 'orange', label: 'Weak', help: 'Anyone who can read your files can open it.' },
  none: { color: 'red', label: 'Unprotected', help: 'Not protected by a known backend.' },
};

const BACKEND_LABELS: Record<string, string> = {
  'os-keyring': 'OS keyring',
  passphrase: 'Passphrase',
  'master-key-file': 'Master-key file',
  safeStorage: 'Electron safeStorage',
};

export function backendLabel(backend: string): string {
  return BACKEND_LABELS[backend] ?? backend;
}

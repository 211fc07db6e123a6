import { useEffect, useState } from 'react';
import { Anchor, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { ProviderInfo } from '../../../shared/contract';
import { api, errorMessage } from '../../api';

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Add or replace a provider key. The key goes to main once, in `keys.set`, and
 * the field is cleared as soon as it has been sent (success or not).
 */
export function KeyDialog({ provider, opened, onClose, onSaved }: { provider: ProviderInfo | null; opened: boolean; onClose: () => void; onSaved: (p: ProviderInfo) => void }) {
  const [key, setKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!opened || !provider) return;
    setKey('');
    setError(null);
    setBaseUrl(provider.baseUrl !== provider.defaultBaseUrl ? provider.baseUrl : '');
  }, [opened, provider]);

  if (!provider) return null;
  const overridden = provider.baseUrl !== provider.defaultBaseUrl;
  const urlError = baseUrl.trim() && !validUrl(baseUrl.trim()) ? 'Enter an http:// or https:// URL' : null;
  const replacing = provider.key !== null;

  const submit = async () => {
    if (!key.trim() || urlError) return;
    const trimmedUrl = baseUrl.trim();
    const sent = key.trim();
    setKey(''); // the plaintext key doesn't stay in the UI, whatever happens next
    setSaving(true);
    setError(null);
    try {
      const saved = await api.call('keys.set', {
        provider: provider.id,
        key: sent,
        ...(trimmedUrl ? { baseUrl: trimmedUrl } : overridden ? { baseUrl: null } : {}),
      });
      onSaved(saved);
    } catch (err) {
      setError(`${errorMessage(err)} Please enter the key again.`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{replacing ? `Replace the key for ${provider.label}` : `Add a key for ${provider.label}`}</Text>} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <PasswordInput
            label="API key"
            description="Sent once to Switchboard, sealed on this machine, and never shown again."
            placeholder={provider.id === 'anthropic' ? 'sk-ant-…' : 'sk-…'}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            required
            data-autofocus
            error={error}
          />
          <TextInput
            label="Base URL override"
            description={`Optional. Leave empty to use ${provider.defaultBaseUrl}`}
            placeholder={provider.defaultBaseUrl}
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value)}
            error={urlError}
            spellCheck={false}
            autoComplete="off"
          />
          <Group justify="space-between" mt="xs">
            {provider.keyUrl ? (
              <Anchor href={provider.keyUrl} target="_blank" rel="noreferrer" size="sm">
                <Group gap={4} component="span">
                  Get a key from {provider.label} <IconExternalLink size={14} />
                </Group>
              </Anchor>
            ) : (
              <span />
            )}
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={saving} disabled={!key.trim() || !!urlError}>
                {replacing ? 'Replace key' : 'Save key'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

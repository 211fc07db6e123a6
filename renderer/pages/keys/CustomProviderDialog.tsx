import { useEffect, useState } from 'react';
import { Button, Group, Modal, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { PROVIDER_ID_RE } from '../../../shared/settings';
import type { ProviderInfo } from '../../../shared/contract';
import { api, errorMessage } from '../../api';

/** Add a user-defined OpenAI-compatible endpoint (vLLM, a corporate gateway, …), with its key if it needs one. */
export function CustomProviderDialog({ opened, onClose, onSaved, existing }: { opened: boolean; onClose: () => void; onSaved: (p: ProviderInfo) => void; existing: string[] }) {
  const [id, setId] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [needsKey, setNeedsKey] = useState(true);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (opened) {
      setId('');
      setBaseUrl('');
      setNeedsKey(true);
      setKey('');
      setError(null);
    }
  }, [opened]);

  const idError = id && !PROVIDER_ID_RE.test(id) ? 'Lowercase letters, digits, - and _ (up to 40)' : existing.includes(id) ? 'A provider with this id exists' : null;
  let urlError: string | null = null;
  if (baseUrl) {
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') urlError = 'Enter an http:// or https:// URL';
    } catch {
      urlError = 'Enter a full URL, e.g. http://127.0.0.1:8000/v1';
    }
  }
  const canSave = id && baseUrl && !idError && !urlError && (!needsKey || key.trim());

  const submit = async () => {
    if (!canSave) return;
    const sentKey = key.trim();
    setKey('');
    setSaving(true);
    setError(null);
    try {
      let saved = await api.call('providers.addCustom', { id, baseUrl, needsKey });
      if (needsKey && sentKey) saved = await api.call('keys.set', { provider: id, key: sentKey });
      onSaved(saved);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Add a custom OpenAI-compatible endpoint</Text>} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Provider id"
            description="How clients name its models: id/model-name"
            placeholder="my-vllm"
            value={id}
            onChange={(e) => setId(e.currentTarget.value.trim())}
            error={idError}
            required
            data-autofocus
            spellCheck={false}
          />
          <TextInput
            label="Base URL"
            description="The URL that /chat/completions and /models are appended to"
            placeholder="http://127.0.0.1:8000/v1"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.currentTarget.value.trim())}
            error={urlError}
            required
            spellCheck={false}
          />
          <Switch label="Needs an API key" checked={needsKey} onChange={(e) => setNeedsKey(e.currentTarget.checked)} />
          {needsKey && (
            <PasswordInput label="API key" value={key} onChange={(e) => setKey(e.currentTarget.value)} autoComplete="off" required spellCheck={false} />
          )}
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={!canSave}>
              Add endpoint
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

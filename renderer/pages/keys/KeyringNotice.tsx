import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, List, PasswordInput, Stack, Text } from '@mantine/core';
import { IconLock, IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';
import type { z } from 'zod';
import type { KeyringInfoSchema } from '../../../shared/contract';
import { api, errorMessage } from '../../api';
import { PROTECTION, backendLabel } from './protection';

type KeyringInfo = z.infer<typeof KeyringInfoSchema>;

/** Switch sealing to a passphrase (desktop), or unlock keys sealed that way after a restart: the same call. */
function PassphraseForm({ mode, onDone }: { mode: 'switch' | 'unlock'; onDone: (info: KeyringInfo) => void }) {
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = mode === 'switch' && confirm && pass !== confirm ? 'The passphrases differ' : null;
  const tooShort = pass && pass.length < 8 ? 'Use at least 8 characters' : null;
  const ready = pass.length >= 8 && (mode === 'unlock' || pass === confirm);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ready) return;
        setBusy(true);
        setError(null);
        const sent = pass;
        setPass('');
        setConfirm('');
        try {
          onDone(await api.call('keyring.usePassphrase', { passphrase: sent }));
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Group align="flex-start" gap="sm" mt="sm" wrap="wrap">
        <PasswordInput
          label={mode === 'switch' ? 'New passphrase' : 'Passphrase'}
          value={pass}
          onChange={(e) => setPass(e.currentTarget.value)}
          error={tooShort ?? error}
          autoComplete={mode === 'switch' ? 'new-password' : 'current-password'}
          w={240}
        />
        {mode === 'switch' && (
          <PasswordInput label="Repeat it" value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch} autoComplete="new-password" w={240} />
        )}
        <Button type="submit" mt={25} loading={busy} disabled={!ready} leftSection={<IconLock size={16} />} color={mode === 'switch' ? 'orange' : undefined}>
          {mode === 'switch' ? 'Use passphrase mode' : 'Unlock keys'}
        </Button>
      </Group>
    </form>
  );
}

/** Where new keys are sealed, a loud warning when that isn't real protection, and the passphrase-mode offer. */
export function KeyringNotice({ info, lockedKeys, onChanged }: { info: KeyringInfo; lockedKeys: number; onChanged: (info: KeyringInfo) => void }) {
  const prot = PROTECTION[info.protection];
  const unlock =
    lockedKeys > 0 && info.passphraseModeAvailable ? (
      <Alert color="blue" variant="light" mb="lg" icon={<IconLock size={20} />} title={`${lockedKeys} key${lockedKeys === 1 ? ' is' : 's are'} locked with your passphrase`}>
        <Text size="sm">Enter the passphrase you chose to open them for this session.</Text>
        <PassphraseForm mode="unlock" onDone={onChanged} />
      </Alert>
    ) : null;

  if (!info.weakWarning) {
    return (
      <>
        {unlock}
        <Group gap="xs" mb="lg" wrap="wrap" data-testid="keyring-summary">
          <IconShieldCheck size={18} color={`var(--mantine-color-${prot.color}-6)`} />
          <Text size="sm">
            New keys are sealed with <b>{backendLabel(info.backend)}</b>
          </Text>
          <Badge variant="light" color={prot.color}>
            {prot.label} protection
          </Badge>
          <Text size="xs" c="dimmed">
            {info.description}
          </Text>
        </Group>
      </>
    );
  }
  return (
    <>
      {unlock}
      <Alert color="orange" variant="light" mb="lg" icon={<IconShieldExclamation size={22} />} title="Your keys are not strongly protected on this machine" data-testid="keyring-warning">
        <Stack gap={6}>
          <Text size="sm">{info.weakWarning}</Text>
          <Text size="sm">
            Backend: <b>{backendLabel(info.backend)}</b>{' '}
            <Badge size="sm" variant="light" color={prot.color}>
              {prot.label} protection
            </Badge>
          </Text>
          {info.passphraseModeAvailable ? (
            <>
              <Text size="sm" fw={600} mt={4}>
                Use passphrase mode instead
              </Text>
              <Text size="sm">
                Keys are then sealed with a key derived from a passphrase you choose, never written to disk. The keys already stored are re-sealed. You enter the
                passphrase once each time Switchboard starts.
              </Text>
              <PassphraseForm mode="switch" onDone={onChanged} />
            </>
          ) : (
            <>
              <Text size="sm" fw={600} mt={4}>
                Better options
              </Text>
              <List size="sm" spacing={2}>
                <List.Item>Install an OS secret store (GNOME Keyring or KWallet on Linux) and restart Switchboard, then re-enter your keys.</List.Item>
                <List.Item>
                  Or start it with <Code>SWITCHBOARD_KEYRING=passphrase</Code> and <Code>SWITCHBOARD_PASSPHRASE</Code> set: keys are then sealed with your
                  passphrase.
                </List.Item>
              </List>
            </>
          )}
        </Stack>
      </Alert>
    </>
  );
}

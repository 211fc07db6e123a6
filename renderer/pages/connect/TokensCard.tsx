import { useState } from 'react';
import { ActionIcon, Alert, Button, Card, Code, EmptyState, Group, Modal, Stack, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconShieldLock, IconTrash } from '@tabler/icons-react';
import { TOKEN_NAME_RE } from '../../../shared/settings';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { absoluteTime, relativeTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useStatus } from '../../status';

export interface CreatedToken {
  name: string;
  token: string;
}

/** Client tokens: what tools present to the proxy. Created here (shown once), listed by hint, revoked with a confirm. */
export function TokensCard({ onCreated }: { onCreated: (t: CreatedToken | null) => void }) {
  const tokens = useApiQuery('tokens.list', {});
  const { reload: reloadStatus } = useStatus();
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [shown, setShown] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);

  const taken = tokens.data?.some((t) => t.name === name);
  const nameError = name && !TOKEN_NAME_RE.test(name) ? 'Use 1–64 letters, digits, . _ or -' : taken ? 'A token with this name exists' : null;

  const create = async () => {
    if (!name || nameError) return;
    setCreating(true);
    setCreateError(null);
    try {
      const created = await api.call('tokens.create', { name });
      setShown(created);
      onCreated(created);
      setName('');
      await tokens.reload();
      void reloadStatus();
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : String(err));
    } finally {
      setCreating(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    try {
      await api.call('tokens.revoke', { name: revoking });
      notifySuccess(`Token “${revoking}” revoked`, 'Clients using it are refused from now on.');
      onCreated(null);
      setRevoking(null);
      await tokens.reload();
      void reloadStatus();
    } catch (err) {
      notifyError('Could not revoke the token', err);
    } finally {
      setRevokeBusy(false);
    }
  };

  return (
    <Card component="section" aria-labelledby="tokens-heading">
      <Stack gap="md">
        <div>
          <Title order={2} fz="lg" id="tokens-heading">
            Client tokens
          </Title>
          <Text size="sm" c="dimmed">
            Each tool you connect presents a token instead of a provider key. Make one per tool, so you can see and revoke them separately.
          </Text>
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Group align="flex-start" gap="sm">
            <TextInput
              label="New token name"
              placeholder="e.g. laptop, claude-code, continue"
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value.trim());
                setCreateError(null);
              }}
              error={nameError ?? createError}
              style={{ flex: '1 1 260px' }}
              maw={380}
              autoComplete="off"
              spellCheck={false}
            />
            <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={creating} disabled={!name || !!nameError}>
              Create token
            </Button>
          </Group>
        </form>

        {tokens.error && !tokens.data ? (
          <ErrorAlert title="Could not load tokens" error={tokens.error} onRetry={() => void tokens.reload()} />
        ) : tokens.data && tokens.data.length === 0 ? (
          <EmptyState
            size="sm"
            icon={<IconShieldLock size={22} />}
            variant="light"
            title="No client tokens yet"
            description="Until you create one, the proxy refuses every call. Name it after the tool that will use it."
          />
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" highlightOnHover aria-label="Client tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(tokens.data ?? []).map((t) => (
                  <Table.Tr key={t.name} data-testid={`token-row-${t.name}`}>
                    <Table.Td fw={500}>{t.name}</Table.Td>
                    <Table.Td>
                      <Code>{t.hint}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={absoluteTime(t.createdAt)}>
                        <Text size="sm" c="dimmed" span tabIndex={0}>
                          {relativeTime(t.createdAt)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label="Revoke">
                        <ActionIcon variant="subtle" color="red" onClick={() => setRevoking(t.name)} aria-label={`Revoke token ${t.name}`}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      <Modal opened={shown !== null} onClose={() => setShown(null)} title={<Text fw={600}>Token “{shown?.name}” created</Text>} size="lg" closeOnClickOutside={false}>
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="sm">
            Copy it now: this is the only time it is shown. Switchboard keeps only a hash.
          </Alert>
          {shown && <CopyField value={shown.token} label="the new token" testId="new-token" />}
          <Text size="sm" c="dimmed">
            The snippets below now include this token until you leave the page.
          </Text>
          <Group justify="flex-end">
            <Button onClick={() => setShown(null)} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>

      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke the token “${revoking ?? ''}”?`}
        confirmLabel="Revoke token"
        onConfirm={revoke}
        onClose={() => setRevoking(null)}
        loading={revokeBusy}
      >
        Clients using it are refused from the next call. This can’t be undone; you can create a new token instead.
      </ConfirmModal>
    </Card>
  );
}

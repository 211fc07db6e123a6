import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Code, Collapse, Group, Stack, Text, TextInput, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconCircleCheck, IconKey, IconPlugConnected, IconRefresh, IconSearch, IconTrash } from '@tabler/icons-react';
import type { ProviderInfo } from '../../../shared/contract';
import { absoluteTime, relativeTime } from '../../lib/format';
import { PROTECTION, backendLabel } from './protection';

export interface TestOutcome {
  ok: boolean;
  status: number;
  message: string;
  models: number;
}

function ModelList({ provider }: { provider: ProviderInfo }) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => provider.models.filter((m) => m.toLowerCase().includes(filter.toLowerCase())), [provider.models, filter]);
  if (provider.models.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No model list cached yet. Test the key to fetch it.
      </Text>
    );
  }
  const regionId = `models-${provider.id}`;
  return (
    <div>
      <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls={regionId} className="brand">
        <Group gap={4}>
          {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          <Text size="sm" fw={500}>
            {provider.models.length} models
          </Text>
          {provider.modelsFetchedAt && (
            <Tooltip label={absoluteTime(provider.modelsFetchedAt)}>
              <Text size="xs" c="dimmed">
                · fetched {relativeTime(provider.modelsFetchedAt)}, cached for offline use
              </Text>
            </Tooltip>
          )}
        </Group>
      </UnstyledButton>
      <Collapse expanded={open} id={regionId}>
        <Stack gap="xs" mt="xs">
          {provider.models.length > 12 && (
            <TextInput
              size="xs"
              maw={280}
              placeholder="Filter models"
              aria-label={`Filter ${provider.label} models`}
              leftSection={<IconSearch size={14} />}
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
            />
          )}
          <Group gap={6}>
            {shown.map((m) => (
              <Badge key={m} variant="default" tt="none" fw={500} className="model-pill" size="md">
                {m}
              </Badge>
            ))}
            {shown.length === 0 && (
              <Text size="xs" c="dimmed">
                No model matches “{filter}”.
              </Text>
            )}
          </Group>
        </Stack>
      </Collapse>
    </div>
  );
}

/** One configured provider: its masked key and who sealed it, actions, the last test answer, and its models. */
export function ProviderCard(props: {
  provider: ProviderInfo;
  test: TestOutcome | undefined;
  testing: boolean;
  onTest: () => void;
  onEditKey: () => void;
  onRemove: () => void;
}) {
  const { provider: p, test } = props;
  const key = p.key;
  const prot = key ? PROTECTION[key.protection] : null;
  const overridden = p.baseUrl !== p.defaultBaseUrl;
  return (
    <Card data-testid={`provider-${p.id}`} component="section" aria-labelledby={`provider-title-${p.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Group gap="xs" align="center">
            <Title order={3} fz="lg" id={`provider-title-${p.id}`}>
              {p.label}
            </Title>
            <Badge variant="light" color="gray" tt="none">
              {p.format === 'anthropic' ? 'Anthropic API' : 'OpenAI-compatible'}
            </Badge>
            {p.custom && (
              <Badge variant="light" color="grape">
                custom
              </Badge>
            )}
            {p.local && (
              <Badge variant="light" color="cyan">
                local
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            {(key?.available || !key) && (
              <Button size="xs" variant="light" leftSection={<IconPlugConnected size={14} />} onClick={props.onTest} loading={props.testing} aria-label={`Test the key for ${p.label}`}>
                Test
              </Button>
            )}
            {key && (
              <Button
                size="xs"
                variant={key.available ? 'default' : 'filled'}
                color={key.available ? undefined : 'orange'}
                leftSection={key.available ? <IconRefresh size={14} /> : <IconKey size={14} />}
                onClick={props.onEditKey}
                aria-label={key.available ? `Replace the key for ${p.label}` : `Re-enter the key for ${p.label}`}
              >
                {key.available ? 'Replace' : 'Re-enter key'}
              </Button>
            )}
            {!key && p.needsKey && (
              <Button size="xs" leftSection={<IconKey size={14} />} onClick={props.onEditKey} aria-label={`Add a key for ${p.label}`}>
                Add key
              </Button>
            )}
            {key && (
              <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={props.onRemove} aria-label={`Remove the key for ${p.label}`}>
                Remove
              </Button>
            )}
          </Group>
        </Group>

        {key ? (
          <Group gap="xs" wrap="wrap">
            <Code fz="sm" data-testid={`mask-${p.id}`}>
              {key.mask}
            </Code>
            <Tooltip label={key.description} multiline w={320}>
              <Badge variant="outline" color="gray" tt="none" tabIndex={0}>
                sealed by {backendLabel(key.backend)}
              </Badge>
            </Tooltip>
            {prot && (
              <Tooltip label={prot.help}>
                <Badge variant="light" color={prot.color} tabIndex={0}>
                  {prot.label} protection
                </Badge>
              </Tooltip>
            )}
            {!key.available && (
              <Badge variant="filled" color="red">
                can’t be opened here
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              saved {relativeTime(key.updatedAt)}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {p.needsKey ? 'No key stored.' : 'No key needed. Test checks that the server answers.'}
          </Text>
        )}

        {key && !key.available && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="sm">
            <Text size="sm">
              This key was sealed by <b>{backendLabel(key.backend)}</b>, which isn’t available now{key.reason ? `: ${key.reason}` : ''}. Re-enter the key to seal it
              with the current keyring.
            </Text>
          </Alert>
        )}

        <Text size="xs" c="dimmed">
          {overridden ? 'Base URL override: ' : 'Base URL: '}
          <Text span ff="monospace" size="xs" c={overridden ? undefined : 'dimmed'}>
            {p.baseUrl}
          </Text>
        </Text>

        {test && (
          <Alert
            color={test.ok ? 'teal' : 'red'}
            variant="light"
            p="sm"
            icon={test.ok ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
            title={test.ok ? `The key works · ${test.models} models available` : `${p.label} refused the key${test.status ? ` (HTTP ${test.status})` : ''}`}
            data-testid={`test-result-${p.id}`}
            role="status"
          >
            {!test.ok && <Text size="sm">{test.message}</Text>}
          </Alert>
        )}

        <ModelList provider={p} />
      </Stack>
    </Card>
  );
}

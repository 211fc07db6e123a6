import { useMemo, useState } from 'react';
import { Badge, Card, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconActivity, IconPlayerPause } from '@tabler/icons-react';
import { useApiQuery } from '../../api/hooks';
import { CodeBlock } from '../../components/CodeBlock';
import { CopyField } from '../../components/CopyField';
import { PageHeader } from '../../components/PageHeader';
import { usd } from '../../lib/format';
import { useStatus } from '../../status';
import { buildSnippets } from './snippets';
import { TokensCard, type CreatedToken } from './TokensCard';

const FALLBACK_MODEL = 'openai/gpt-4o-mini';

function LiveCard() {
  const { status } = useStatus();
  if (!status) return <Skeleton h={150} />;
  const n = status.requestsLastMinute;
  return (
    <Card component="section" aria-labelledby="live-heading">
      <Stack gap={6}>
        <Group gap="xs">
          <IconActivity size={18} />
          <Title order={2} fz="md" id="live-heading">
            Live traffic
          </Title>
          {status.paused && (
            <Badge color="orange" variant="light" leftSection={<IconPlayerPause size={12} />}>
              paused
            </Badge>
          )}
        </Group>
        <Group gap="sm" align="baseline" aria-live="polite" data-testid="live-rpm">
          <span className={n > 0 ? 'live-dot live-dot-active' : 'live-dot'} aria-hidden />
          <Text fz={34} fw={700} lh={1}>
            {n}
          </Text>
          <Text c="dimmed" size="sm">
            request{n === 1 ? '' : 's'} in the last minute
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {status.paused ? 'The proxy is paused: clients get an error until you resume it.' : n > 0 ? 'Clients are connected and calling.' : 'Waiting for the first call from a connected client.'}
        </Text>
        <SimpleGrid cols={3} spacing="xs" mt="sm">
          {[
            { label: 'Provider keys', value: String(status.keyCount) },
            { label: 'Client tokens', value: String(status.tokenCount) },
            { label: 'Spend today', value: usd(status.spendTodayUsd) },
          ].map((s) => (
            <Paper key={s.label} withBorder p="xs" radius="md">
              <Text size="xs" c="dimmed">
                {s.label}
              </Text>
              <Text fw={600} size="lg" data-testid={`live-${s.label.toLowerCase().replace(/\s+/g, '-')}`}>
                {s.value}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

export default function ConnectPage() {
  const { status } = useStatus();
  const providers = useApiQuery('providers.list', {});
  const routes = useApiQuery('routes.list', {});
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [model, setModel] = useState<string | null>(null);

  const modelOptions = useMemo(() => {
    const groups: Array<{ group: string; items: string[] }> = [];
    if (routes.data?.length) groups.push({ group: 'Routes', items: routes.data.map((r) => r.name) });
    for (const p of providers.data ?? []) {
      if ((p.key?.available || p.local || p.custom) && p.models.length) groups.push({ group: p.label, items: p.models.map((m) => `${p.id}/${m}`) });
    }
    return groups;
  }, [providers.data, routes.data]);
  const firstModel = modelOptions.find((g) => g.group !== 'Routes')?.items[0] ?? modelOptions[0]?.items[0] ?? FALLBACK_MODEL;
  const chosen = model ?? firstModel;
  const hasOption = modelOptions.some((g) => g.items.includes(chosen));
  const selectData = hasOption ? modelOptions : [...modelOptions, { group: 'Example', items: [chosen] }];

  const endpoint = status?.endpoint ?? '';
  const snippets = useMemo(() => (endpoint ? buildSnippets(endpoint, created?.token ?? null, chosen) : []), [endpoint, created, chosen]);

  return (
    <>
      <PageHeader title="Connect" description="Point your tools at Switchboard: one local endpoint for every provider, OpenAI- and Anthropic-compatible." />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Card component="section" aria-labelledby="endpoint-heading">
            <Stack gap="xs">
              <Title order={2} fz="md" id="endpoint-heading">
                Endpoint
              </Title>
              {status ? (
                <>
                  <Text size="xs" c="dimmed">
                    OpenAI-compatible base URL
                  </Text>
                  <CopyField value={`${status.endpoint}/v1`} label="the OpenAI base URL" testId="endpoint-openai" />
                  <Text size="xs" c="dimmed" mt={4}>
                    Anthropic base URL (the SDK adds /v1/messages)
                  </Text>
                  <CopyField value={status.endpoint} label="the Anthropic base URL" testId="endpoint-anthropic" />
                </>
              ) : (
                <Skeleton h={90} />
              )}
            </Stack>
          </Card>
          <LiveCard />
        </SimpleGrid>

        <TokensCard onCreated={setCreated} />

        <Card component="section" aria-labelledby="snippets-heading">
          <Stack gap="md">
            <Group justify="space-between" align="flex-end" wrap="wrap">
              <div>
                <Title order={2} fz="lg" id="snippets-heading">
                  Snippets
                </Title>
                <Text size="sm" c="dimmed">
                  {created ? (
                    <>
                      Using the token <b>{created.name}</b> you just created.
                    </>
                  ) : (
                    'Replace the placeholder with a client token (create one above and it is filled in).'
                  )}
                </Text>
              </div>
              <Select
                label="Model in the snippets"
                data={selectData}
                value={chosen}
                onChange={(v) => v && setModel(v)}
                searchable
                allowDeselect={false}
                w={300}
                nothingFoundMessage="No such model"
                comboboxProps={{ withinPortal: true }}
              />
            </Group>
            {snippets.length === 0 ? (
              <Skeleton h={240} />
            ) : (
              <Tabs defaultValue={snippets[0]!.id} keepMounted={false}>
                <Tabs.List aria-label="Clients">
                  {snippets.map((s) => (
                    <Tabs.Tab key={s.id} value={s.id}>
                      {s.label}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {snippets.map((s) => (
                  <Tabs.Panel key={s.id} value={s.id} pt="md">
                    <Stack gap="xs">
                      {s.note && (
                        <Text size="sm" c="dimmed">
                          {s.note}
                        </Text>
                      )}
                      <CodeBlock code={s.code} language={s.language} label={`${s.label} snippet`} fileName={s.fileName} />
                    </Stack>
                  </Tabs.Panel>
                ))}
              </Tabs>
            )}
          </Stack>
        </Card>
      </Stack>
    </>
  );
}

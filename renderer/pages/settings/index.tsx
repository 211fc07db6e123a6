import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, Table, TagsInput, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconDeviceFloppy, IconInfoCircle } from '@tabler/icons-react';
import { z } from 'zod';
import { EditableSettingsSchema, type MethodInput } from '../../../shared/contract';
import { api } from '../../api';
import { useApiQuery } from '../../api/hooks';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CardsSkeleton } from '../../components/PageSkeleton';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useHashLocation } from '../../router';
import { useStatus } from '../../status';
import { BudgetsCard } from './BudgetsCard';

type Editable = z.infer<typeof EditableSettingsSchema>;

const originOk = (o: string) => o === '*' || z.string().url().safeParse(o).success;

function Row({ label, description, children }: { label: string; description?: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="md" py={4}>
      <Stack gap={2} style={{ flex: '1 1 280px' }}>
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {description && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      <div style={{ flex: '0 1 360px', minWidth: 220 }}>{children}</div>
    </Group>
  );
}

export default function SettingsPage() {
  const settings = useApiQuery('settings.get', {});
  const providers = useApiQuery('providers.list', {});
  const { status } = useStatus();
  const loc = useHashLocation();
  const [form, setForm] = useState<Editable | null>(null);
  const [saving, setSaving] = useState(false);
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    if (settings.data) {
      const { dataDir: _d, ...editable } = settings.data;
      setForm(editable);
    }
  }, [settings.data]);

  // `#/settings/budgets` (the Costs page links here): bring the budgets into view once the page has rendered.
  const wantsBudgets = loc.rest[0] === 'budgets';
  const rendered = Boolean(form);
  useEffect(() => {
    if (!wantsBudgets || !rendered) return;
    const frame = requestAnimationFrame(() => document.getElementById('budgets')?.scrollIntoView({ block: 'start' }));
    return () => cancelAnimationFrame(frame);
  }, [wantsBudgets, rendered]);

  const original = useMemo(() => {
    if (!settings.data) return null;
    const { dataDir: _d, ...editable } = settings.data;
    return editable as Editable;
  }, [settings.data]);

  const changes = useMemo(() => {
    if (!form || !original) return {} as MethodInput<'settings.update'>;
    const out: MethodInput<'settings.update'> = {};
    if (form.logBodies !== original.logBodies) out.logBodies = form.logBodies;
    if (form.bodyRetentionDays !== original.bodyRetentionDays) out.bodyRetentionDays = form.bodyRetentionDays;
    if (JSON.stringify(form.allowedOrigins) !== JSON.stringify(original.allowedOrigins)) out.allowedOrigins = form.allowedOrigins;
    if (form.port !== original.port) out.port = form.port;
    const changedDiscounts = Object.entries(form.discounts).filter(([k, v]) => (original.discounts[k] ?? 1) !== v);
    if (changedDiscounts.length) out.discounts = { ...original.discounts, ...Object.fromEntries(changedDiscounts) };
    return out;
  }, [form, original]);

  const badOrigins = form?.allowedOrigins.filter((o) => !originOk(o)) ?? [];
  const parsed = EditableSettingsSchema.partial().strict().safeParse(changes);
  const dirty = Object.keys(changes).length > 0;
  const valid = parsed.success && badOrigins.length === 0;

  const save = async () => {
    if (!dirty || !valid) return;
    setSaving(true);
    try {
      const next = await api.call('settings.update', changes);
      settings.setData(next);
      notifySuccess('Settings saved', changes.port !== undefined ? 'The new port is used after Switchboard restarts.' : undefined);
    } catch (err) {
      notifyError('Settings not saved', err);
    } finally {
      setSaving(false);
    }
  };

  const set = <K extends keyof Editable>(k: K, v: Editable[K]) => setForm((f) => (f ? { ...f, [k]: v } : f));

  const discountRows = (providers.data ?? []).filter((p) => showAll || p.key || p.custom || (form?.discounts[p.id] ?? 1) !== 1);

  return (
    <>
      <PageHeader
        title="Settings"
        description="Where Switchboard keeps its data, what it logs, who may call it from a browser, your negotiated prices and your spending caps."
        actions={
          <>
            <Button variant="default" leftSection={<IconArrowBackUp size={16} />} disabled={!dirty || saving} onClick={() => original && setForm(original)}>
              Reset
            </Button>
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} disabled={!dirty || !valid} loading={saving}>
              Save changes
            </Button>
          </>
        }
      />
      {settings.error && !settings.data ? (
        <ErrorAlert title="Could not load settings" error={settings.error} onRetry={() => void settings.reload()} />
      ) : !form || !settings.data ? (
        <CardsSkeleton rows={3} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack gap="lg">
            <Card component="section" aria-labelledby="storage-heading">
              <Title order={2} fz="lg" mb="sm" id="storage-heading">
                Storage and logging
              </Title>
              <Stack gap="md">
                <Row label="Data folder" description="Settings, sealed keys and the request log. Back it up to keep your history.">
                  <CopyField value={settings.data.dataDir} label="the data folder path" testId="data-dir" />
                </Row>
                <Row label="Log request and response bodies" description="Needed to search, replay and compare past requests. Metrics are always logged.">
                  <Switch checked={form.logBodies} onChange={(e) => set('logBodies', e.currentTarget.checked)} label={form.logBodies ? 'On' : 'Off'} aria-label="Log request and response bodies" />
                </Row>
                <Row label="Body retention" description="Delete stored bodies after this many days; costs and metrics are kept.">
                  <Stack gap="xs">
                    <Switch
                      checked={form.bodyRetentionDays === null}
                      onChange={(e) => set('bodyRetentionDays', e.currentTarget.checked ? null : (original?.bodyRetentionDays ?? 30))}
                      label="Keep bodies forever"
                    />
                    {form.bodyRetentionDays !== null && (
                      <NumberInput
                        aria-label="Days to keep bodies"
                        value={form.bodyRetentionDays}
                        onChange={(v) => set('bodyRetentionDays', typeof v === 'number' ? v : 30)}
                        min={1}
                        max={3650}
                        step={1}
                        allowDecimal={false}
                        rightSection={<Text size="xs" c="dimmed" pr="md">days</Text>}
                        rightSectionWidth={56}
                        maw={200}
                      />
                    )}
                  </Stack>
                </Row>
              </Stack>
            </Card>

            <Card component="section" aria-labelledby="network-heading">
              <Title order={2} fz="lg" mb="sm" id="network-heading">
                Network
              </Title>
              <Stack gap="md">
                <Row label="Proxy port" description="The loopback port clients connect to. A change takes effect after a restart.">
                  <NumberInput
                    aria-label="Proxy port"
                    value={form.port}
                    onChange={(v) => set('port', typeof v === 'number' ? v : form.port)}
                    min={1}
                    max={65535}
                    allowDecimal={false}
                    thousandSeparator={false}
                    maw={200}
                  />
                </Row>
                <Row label="Allowed browser origins" description="Web pages at these origins may call the proxy directly (CORS). Use full origins like http://localhost:3000, or * for any.">
                  <TagsInput
                    aria-label="Allowed browser origins"
                    value={form.allowedOrigins}
                    onChange={(v) => set('allowedOrigins', v.map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean))}
                    placeholder={form.allowedOrigins.length ? 'Add another, then Enter' : 'http://localhost:3000, then Enter'}
                    error={badOrigins.length ? `Not an origin: ${badOrigins.join(', ')}` : undefined}
                    clearable
                    splitChars={[',', ' ']}
                  />
                </Row>
                {status && form.port !== original?.port && (
                  <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="sm">
                    Switchboard keeps using {status.endpoint} until it restarts; then clients need the new port.
                  </Alert>
                )}
              </Stack>
            </Card>

            <Card component="section" aria-labelledby="pricing-heading">
              <Group justify="space-between" mb="xs" wrap="wrap">
                <Title order={2} fz="lg" id="pricing-heading">
                  Provider discounts
                </Title>
                <Switch size="sm" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} label="Show all providers" />
              </Group>
              <Text size="sm" c="dimmed" mb="sm">
                A multiplier on list prices for negotiated discounts or credits: 0.8 means you pay 80% of the list price. Costs use it from now on.
              </Text>
              {discountRows.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No configured providers yet. Turn on “Show all providers” to set a discount in advance.
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={420}>
                  <Table verticalSpacing={6} aria-label="Provider discounts">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Provider</Table.Th>
                        <Table.Th w={170}>Multiplier</Table.Th>
                        <Table.Th w={160}>You pay</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {discountRows.map((p) => {
                        const v = form.discounts[p.id] ?? 1;
                        return (
                          <Table.Tr key={p.id}>
                            <Table.Td>
                              <Text size="sm" fw={500}>
                                {p.label}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <NumberInput
                                size="xs"
                                aria-label={`${p.label} price multiplier`}
                                value={v}
                                onChange={(n) => set('discounts', { ...form.discounts, [p.id]: typeof n === 'number' ? n : 1 })}
                                min={0}
                                max={10}
                                step={0.05}
                                decimalScale={3}
                                w={120}
                              />
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm" c={v === 1 ? 'dimmed' : undefined}>
                                {v === 1 ? 'list price' : `${Math.round(v * 1000) / 10}% of list`}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Card>
            {!parsed.success && (
              <ErrorAlert title="Some values are out of range" error={new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))} />
            )}
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} disabled={!dirty || !valid} loading={saving}>
                Save changes
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {/* Outside the settings form: budgets save on their own, at once. */}
      <Stack mt="lg">
        <BudgetsCard />
      </Stack>
    </>
  );
}

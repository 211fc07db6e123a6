import { useRef, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Card, Collapse, FileButton, Group, Kbd, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFileText, IconPaperclip, IconPhoto, IconPlayerPlayFilled, IconPlus, IconX } from '@tabler/icons-react';
import { imageSupport, RACE_MAX_CONTESTANTS, RACE_MIN_CONTESTANTS, type RaceAttachment } from '../../../shared/race';
import { errorMessage } from '../../api';
import { modKey } from '../../lib/format';
import { notifyError } from '../../lib/notify';
import { COLUMN_COLORS } from './Column';
import { fromValue, readAttachment, type ContestantOption } from './options';

export interface SetupState {
  prompt: string;
  system: string;
  showSystem: boolean;
  temperature: number | null;
  maxTokens: number | null;
  contestants: string[];
  attachments: RaceAttachment[];
}

export function setupProblems(s: SetupState): string[] {
  const out: string[] = [];
  if (!s.prompt.trim()) out.push('Write a prompt.');
  const picked = s.contestants.filter(Boolean);
  if (picked.length < RACE_MIN_CONTESTANTS) out.push(`Pick at least ${RACE_MIN_CONTESTANTS} contestants.`);
  return out;
}

export function Setup({
  state,
  onChange,
  options,
  onRun,
  running,
  starting,
}: {
  state: SetupState;
  onChange: (patch: Partial<SetupState>) => void;
  options: ContestantOption[];
  onRun: () => void;
  running: boolean;
  starting: boolean;
}) {
  const [reading, setReading] = useState(false);
  const resetRef = useRef<() => void>(null);
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  for (const o of options) {
    let g = groups.get(o.group);
    if (!g) groups.set(o.group, (g = []));
    g.push({ value: o.value, label: o.label });
  }
  const data = [...groups].map(([group, items]) => ({ group, items }));
  const known = new Set(options.map((o) => o.value));
  const slots = state.contestants.length ? state.contestants : ['', ''];
  const setSlot = (i: number, v: string | null) => {
    const next = slots.slice();
    next[i] = v ?? '';
    onChange({ contestants: next });
  };
  const images = state.attachments.some((a) => a.kind === 'image');
  const picked = slots.filter(Boolean).map(fromValue);
  const noImages = images ? picked.filter((c) => imageSupport(c) === 'no') : [];
  const unsure = images ? picked.filter((c) => imageSupport(c) === 'unknown') : [];
  const problems = setupProblems({ ...state, contestants: slots });

  const attach = async (files: File[]) => {
    setReading(true);
    try {
      const added: RaceAttachment[] = [];
      for (const f of files) {
        try {
          added.push(await readAttachment(f));
        } catch (err) {
          notifyError(`Could not attach ${f.name}`, new Error(errorMessage(err)));
        }
      }
      onChange({ attachments: [...state.attachments, ...added].slice(0, 4) });
    } finally {
      setReading(false);
      resetRef.current?.();
    }
  };

  return (
    <Card padding="lg" className="race-setup" data-testid="race-setup">
      <Stack gap="md">
        <Textarea
          label="Prompt"
          placeholder="Ask something, e.g. “Write a function that merges two sorted lists, with tests.”"
          autosize
          minRows={3}
          maxRows={14}
          value={state.prompt}
          onChange={(e) => onChange({ prompt: e.currentTarget.value })}
          data-testid="race-prompt"
          data-autofocus
        />
        <div>
          <Anchor component="button" type="button" size="sm" onClick={() => onChange({ showSystem: !state.showSystem })} aria-expanded={state.showSystem}>
            {state.showSystem ? 'Hide the system prompt' : state.system ? 'System prompt (set)' : 'Add a system prompt'}
          </Anchor>
          <Collapse expanded={state.showSystem}>
            <Textarea
              mt="xs"
              label="System prompt"
              autosize
              minRows={2}
              maxRows={8}
              value={state.system}
              onChange={(e) => onChange({ system: e.currentTarget.value })}
              data-testid="race-system"
            />
          </Collapse>
        </div>

        <div>
          <Group justify="space-between" mb={6}>
            <Text size="sm" fw={500}>
              Contestants{' '}
              <Text span size="xs" c="dimmed">
                ({RACE_MIN_CONTESTANTS}–{RACE_MAX_CONTESTANTS}; the same model may run twice to see its variance)
              </Text>
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
            {slots.map((v, i) => (
              <Group key={i} gap={6} wrap="nowrap">
                <Badge circle size="md" color={COLUMN_COLORS[i % COLUMN_COLORS.length]} variant="light" aria-hidden>
                  {i + 1}
                </Badge>
                <Select
                  style={{ flex: 1, minWidth: 0 }}
                  placeholder="Pick a model or route"
                  data={data}
                  value={v && known.has(v) ? v : v || null}
                  onChange={(val) => setSlot(i, val)}
                  searchable
                  clearable={false}
                  allowDeselect={false}
                  nothingFoundMessage="No such model: add a key (Keys) or a route (Routes)"
                  limit={200}
                  aria-label={`Contestant ${i + 1}`}
                  data-testid={`contestant-${i}`}
                  error={v && !known.has(v) ? 'not available now' : undefined}
                  comboboxProps={{ withinPortal: true }}
                />
                {slots.length > RACE_MIN_CONTESTANTS && (
                  <Tooltip label="Remove" withArrow>
                    <ActionIcon variant="subtle" color="gray" onClick={() => onChange({ contestants: slots.filter((_x, j) => j !== i) })} aria-label={`Remove contestant ${i + 1}`}>
                      <IconX size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            ))}
            {slots.length < RACE_MAX_CONTESTANTS && (
              <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={() => onChange({ contestants: [...slots, slots.at(-1) ?? ''] })} justify="flex-start" data-testid="add-contestant">
                Add a contestant
              </Button>
            )}
          </SimpleGrid>
        </div>

        {state.attachments.length > 0 && (
          <Group gap={6}>
            {state.attachments.map((a, i) => (
              <Badge
                key={`${a.name}-${i}`}
                size="lg"
                variant="light"
                color={a.kind === 'image' ? 'violet' : 'gray'}
                leftSection={a.kind === 'image' ? <IconPhoto size={14} /> : <IconFileText size={14} />}
                rightSection={
                  <ActionIcon size="xs" variant="transparent" color="gray" onClick={() => onChange({ attachments: state.attachments.filter((_x, j) => j !== i) })} aria-label={`Remove ${a.name}`}>
                    <IconX size={12} />
                  </ActionIcon>
                }
                tt="none"
              >
                {a.name}
              </Badge>
            ))}
          </Group>
        )}
        {(noImages.length > 0 || unsure.length > 0) && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="vision-warning" py="xs">
            <Text size="sm">
              {noImages.length > 0 && (
                <>
                  {noImages.map((c) => c.ref).join(', ')} {noImages.length === 1 ? 'does' : 'do'} not take images: expect an error or an answer that ignores the picture.{' '}
                </>
              )}
              {unsure.length > 0 && <>Can’t tell whether {unsure.map((c) => c.ref).join(', ')} take{unsure.length === 1 ? 's' : ''} images.</>}
            </Text>
          </Alert>
        )}

        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <NumberInput
              label="Temperature"
              placeholder="model default"
              min={0}
              max={2}
              step={0.1}
              decimalScale={2}
              w={140}
              value={state.temperature ?? ''}
              onChange={(v) => onChange({ temperature: typeof v === 'number' ? v : null })}
              data-testid="race-temperature"
            />
            <NumberInput
              label="Max tokens"
              placeholder="model default"
              min={1}
              max={1_000_000}
              step={256}
              allowDecimal={false}
              w={140}
              value={state.maxTokens ?? ''}
              onChange={(v) => onChange({ maxTokens: typeof v === 'number' ? v : null })}
              data-testid="race-max-tokens"
            />
            <FileButton resetRef={resetRef} onChange={(f) => void attach(f)} multiple accept="image/png,image/jpeg,image/gif,image/webp,text/*,.md,.json,.csv,.yaml,.yml,.ts,.tsx,.js,.py,.go,.rs,.java,.sql,.sh">
              {(props) => (
                <Button {...props} variant="default" leftSection={<IconPaperclip size={16} />} loading={reading} disabled={state.attachments.length >= 4}>
                  Attach
                </Button>
              )}
            </FileButton>
          </Group>
          <Tooltip label={problems.length ? problems.join(' ') : `Run the race (${modKey}+Enter)`} withArrow>
            <Button
              size="md"
              leftSection={<IconPlayerPlayFilled size={16} />}
              rightSection={
                <Kbd size="xs" className="race-kbd">
                  {modKey}↵
                </Kbd>
              }
              onClick={onRun}
              loading={starting}
              disabled={running || problems.length > 0}
              data-testid="run-race"
            >
              Run race
            </Button>
          </Tooltip>
        </Group>
      </Stack>
    </Card>
  );
}

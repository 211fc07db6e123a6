import { useEffect, useState } from 'react';
import { Button, Group, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { fmtRange, isoDay } from './format';
import { customRange, presetRange, PRESETS, type DateRange, type PresetId } from './range';

/** Presets plus a custom from/to (local days, both inclusive). */
export function RangePicker({ value, onChange, label = 'Date range' }: { value: DateRange; onChange: (r: DateRange) => void; label?: string }) {
  const [open, setOpen] = useState(false);
  const [fromDay, setFromDay] = useState(isoDay(value.from));
  const [toDay, setToDay] = useState(isoDay(value.to - 1));
  useEffect(() => {
    setFromDay(isoDay(value.from));
    setToDay(isoDay(value.to - 1));
  }, [value.from, value.to]);
  const custom = customRange(fromDay, toDay);

  return (
    <Group gap={6} wrap="nowrap">
      <Select
        size="sm"
        w={170}
        aria-label={label}
        data={[...PRESETS.map((p) => ({ value: p.id, label: p.label })), { value: 'custom', label: 'Custom range' }]}
        value={value.preset}
        allowDeselect={false}
        onChange={(v) => {
          if (!v) return;
          if (v === 'custom') setOpen(true);
          else onChange(presetRange(v as Exclude<PresetId, 'custom'>));
        }}
        leftSection={<IconCalendar size={16} />}
        comboboxProps={{ withinPortal: true }}
      />
      <Popover opened={open} onChange={setOpen} position="bottom-end" withArrow shadow="md" trapFocus>
        <Popover.Target>
          <Button variant="default" size="sm" onClick={() => setOpen((o) => !o)} aria-label={`Custom dates: ${fmtRange(value.from, value.to)}`} data-testid="range-label">
            {fmtRange(value.from, value.to)}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!custom) return;
              onChange(custom);
              setOpen(false);
            }}
          >
            <Stack gap="xs" w={260}>
              <Text size="sm" fw={600}>
                Custom range
              </Text>
              <TextInput type="date" label="From" value={fromDay} onChange={(e) => setFromDay(e.currentTarget.value)} max={isoDay(Date.now())} />
              <TextInput type="date" label="To (inclusive)" value={toDay} onChange={(e) => setToDay(e.currentTarget.value)} max={isoDay(Date.now())} />
              <Group justify="flex-end" gap="xs">
                <Button variant="default" size="xs" onClick={() => setOpen(false)}>
                  Cancel
                </Button>
                <Button type="submit" size="xs" disabled={!custom}>
                  Apply
                </Button>
              </Group>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}

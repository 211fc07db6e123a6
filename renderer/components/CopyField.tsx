import { Group, Paper, Text } from '@mantine/core';
import { CopyIcon } from './CopyIcon';

/** A read-only monospace value with a copy button. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <Paper withBorder px="sm" py={6} bg="var(--mantine-color-default-hover)">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
          {value}
        </Text>
        <CopyIcon value={value} label={`Copy ${label}`} />
      </Group>
    </Paper>
  );
}

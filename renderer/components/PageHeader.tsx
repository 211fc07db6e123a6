import type { ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';

/**
 * The page's h1, a one-line description, and page-level actions. The frame
 * focuses the first `h1` in <main> after a navigation (any page gets that, with
 * or without this component).
 */
export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="md" mb="lg">
      <Stack gap={4} style={{ minWidth: 0, flex: '1 1 420px' }}>
        <Title order={1} fz={26} tabIndex={-1} id="page-title" className="page-title">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm" maw={760}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}

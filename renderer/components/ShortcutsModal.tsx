import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { PAGES } from '../pages/registry';
import { modKey } from '../lib/format';

function Keys({ children }: { children: ReactNode }) {
  return (
    <Group gap={4} wrap="nowrap">
      {children}
    </Group>
  );
}

const GENERAL: Array<[string, ReactNode]> = [
  ['Show this help', <Kbd key="q">?</Kbd>],
  [
    'Switch light / dark theme',
    <Keys key="j">
      <Kbd>{modKey}</Kbd>+<Kbd>J</Kbd>
    </Keys>,
  ],
  [
    'Skip to the page content',
    <Keys key="s">
      <Kbd>Tab</Kbd> from the top, then <Kbd>Enter</Kbd>
    </Keys>,
  ],
  [
    'Move between controls',
    <Keys key="t">
      <Kbd>Tab</Kbd> / <Kbd>Shift</Kbd>+<Kbd>Tab</Kbd>
    </Keys>,
  ],
  [
    'Activate',
    <Keys key="e">
      <Kbd>Enter</Kbd> or <Kbd>Space</Kbd>
    </Keys>,
  ],
  ['Close a dialog', <Kbd key="esc">Esc</Kbd>],
];

export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Keyboard shortcuts</Text>} size="lg">
      <Stack gap="md">
        <Table verticalSpacing={6} withRowBorders={false} aria-label="Keyboard shortcuts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="40%">Go to page</Table.Th>
              <Table.Th w="30%">Shortcut</Table.Th>
              <Table.Th>or</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PAGES.map((p, i) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.label}</Table.Td>
                <Table.Td>
                  <Keys>
                    <Kbd>{modKey}</Kbd>+<Kbd>{i + 1}</Kbd>
                  </Keys>
                </Table.Td>
                <Table.Td>
                  <Keys>
                    <Kbd>g</Kbd> then <Kbd>{p.letter}</Kbd>
                  </Keys>
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th colSpan={3} pt="md">
                Everywhere
              </Table.Th>
            </Table.Tr>
            {GENERAL.map(([what, keys]) => (
              <Table.Tr key={what}>
                <Table.Td>{what}</Table.Td>
                <Table.Td colSpan={2}>{keys}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">g</Kbd> and <Kbd size="xs">?</Kbd> work anywhere except while typing in a field. In a browser tab, {modKey}+number may be taken by the
          browser; use <Kbd size="xs">g</Kbd> + letter there.
        </Text>
      </Stack>
    </Modal>
  );
}

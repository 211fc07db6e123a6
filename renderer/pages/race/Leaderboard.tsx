import { useEffect, useState } from 'react';
import { Badge, Loader, Modal, ScrollArea, Table, Text } from '@mantine/core';
import type { LeaderboardRow } from '../../../shared/race';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ms, money } from './Column';

/** Votes and speed per contestant over every race. */
export function LeaderboardModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [rows, setRows] = useState<LeaderboardRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!opened) return;
    setRows(null);
    api.call('race.leaderboard', {}).then(setRows, setError);
  }, [opened]);
  return (
    <Modal opened={opened} onClose={onClose} title="Leaderboard" size="xl">
      <Text size="sm" c="dimmed" mb="md">
        Over all your races: how often each contestant got your vote for the best answer, how often it finished first, and its average speed and cost (finished answers).
      </Text>
      {error ? <ErrorAlert title="Could not load the leaderboard" error={error} /> : null}
      {!rows && !error && <Loader size="sm" />}
      {rows && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No races yet.
        </Text>
      )}
      {rows && rows.length > 0 && (
        <ScrollArea>
          <Table striped highlightOnHover verticalSpacing={6} data-testid="leaderboard">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contestant</Table.Th>
                <Table.Th ta="right">Votes</Table.Th>
                <Table.Th ta="right">First</Table.Th>
                <Table.Th ta="right">Races</Table.Th>
                <Table.Th ta="right">TTFT</Table.Th>
                <Table.Th ta="right">tok/s</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th ta="right">Avg cost</Table.Th>
                <Table.Th ta="right">Errors</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={`${r.kind}:${r.contestant}`}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {r.contestant}{' '}
                      {r.kind === 'route' && (
                        <Badge size="xs" variant="light">
                          route
                        </Badge>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {r.votes}
                  </Table.Td>
                  <Table.Td ta="right">{r.speedWins}</Table.Td>
                  <Table.Td ta="right">{r.races}</Table.Td>
                  <Table.Td ta="right">{ms(r.avgTtftMs)}</Table.Td>
                  <Table.Td ta="right">{r.avgTokensPerSec === null ? '–' : r.avgTokensPerSec.toFixed(1)}</Table.Td>
                  <Table.Td ta="right">{ms(r.avgLatencyMs)}</Table.Td>
                  <Table.Td ta="right">{r.avgCostUsd === null ? '–' : money(r.avgCostUsd)}</Table.Td>
                  <Table.Td ta="right" c={r.errors ? 'red' : undefined}>
                    {r.errors}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Modal>
  );
}

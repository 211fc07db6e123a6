import { useEffect, useState } from 'react';
import { ActionIcon, Badge, Drawer, Group, Loader, ScrollArea, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { IconSearch, IconTrash, IconTrophyFilled, IconThumbUpFilled } from '@tabler/icons-react';
import type { RaceSummary } from '../../../shared/race';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { relativeTime } from '../../lib/format';
import { money } from './Column';
import { notifyError } from '../../lib/notify';
import { contestantLabel } from './options';

/** Every saved race, newest first; open one (offline), search, delete. */
export function HistoryDrawer({ opened, onClose, onOpen, currentId, version }: { opened: boolean; onClose: () => void; onOpen: (id: string) => void; currentId: string | null; version: number }) {
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<RaceSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!opened) return;
    let live = true;
    const t = setTimeout(
      () =>
        void api
          .call('race.list', { limit: 200, ...(search.trim() ? { search: search.trim() } : {}) })
          .then((r) => live && (setRows(r), setError(null)))
          .catch((e) => live && setError(e)),
      search ? 200 : 0,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [opened, search, version]);

  const remove = async (id: string) => {
    try {
      await api.call('race.delete', { raceId: id });
      setRows((r) => r?.filter((x) => x.id !== id) ?? null);
    } catch (err) {
      notifyError('Could not delete the race', err);
    }
  };

  return (
    <Drawer opened={opened} onClose={onClose} title="Race history" position="right" size="md" scrollAreaComponent={ScrollArea.Autosize}>
      <TextInput
        placeholder="Search prompts, answers and models"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="md"
        aria-label="Search race history"
      />
      {error ? <ErrorAlert title="Could not load the history" error={error} /> : null}
      {!rows && !error && <Loader size="sm" />}
      {rows && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {search ? 'No race matches.' : 'No races yet. Every race you run is saved here, with its answers, metrics and votes.'}
        </Text>
      )}
      <Stack gap={6} data-testid="history-list">
        {rows?.map((r) => (
          <Group key={r.id} wrap="nowrap" gap={4} className="race-history-row" data-current={r.id === currentId || undefined}>
            <UnstyledButton style={{ flex: 1, minWidth: 0 }} onClick={() => onOpen(r.id)} aria-label={`Open race: ${r.title}`} data-testid="history-item">
              <Text size="sm" fw={600} lineClamp={2}>
                {r.title}
              </Text>
              <Group gap={6} mt={4} wrap="wrap">
                <Text size="xs" c="dimmed">
                  {relativeTime(r.createdAt)} · {r.contestants.length} contestants{r.turns > 1 ? ` · ${r.turns} turns` : ''}
                  {r.costUsd !== null ? ` · ${money(r.costUsd)}` : ''}
                </Text>
                {r.active && (
                  <Badge size="xs" color="blue" variant="light">
                    running
                  </Badge>
                )}
                {r.winner !== null && r.contestants[r.winner] && (
                  <Badge size="xs" color="yellow" variant="light" tt="none" leftSection={<IconTrophyFilled size={10} />}>
                    {contestantLabel(r.contestants[r.winner]!)}
                  </Badge>
                )}
                {r.vote !== null && r.contestants[r.vote] && (
                  <Badge size="xs" color="teal" variant="light" tt="none" leftSection={<IconThumbUpFilled size={10} />}>
                    {contestantLabel(r.contestants[r.vote]!)}
                  </Badge>
                )}
              </Group>
            </UnstyledButton>
            <Tooltip label="Delete this race" withArrow>
              <ActionIcon variant="subtle" color="gray" onClick={() => void remove(r.id)} aria-label={`Delete race: ${r.title}`}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
      </Stack>
    </Drawer>
  );
}

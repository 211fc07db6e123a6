import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { PageHeader } from './PageHeader';
import { href } from '../router';

export interface PlaceholderLink {
  page: string;
  label: string;
  description: string;
  icon: Icon;
}

/**
 * An honest stand-in for a page that a later issue builds: what it will do, and
 * links to what already works. No dead controls.
 */
export function PlaceholderPage(props: { title: string; icon: Icon; summary: ReactNode; features: string[]; issue: number; next: PlaceholderLink[] }) {
  const PageIcon = props.icon;
  return (
    <>
      <PageHeader title={props.title} description={props.summary} />
      <Card>
        <Group gap="md" align="flex-start" wrap="nowrap">
          <ThemeIcon size={48} radius="md" variant="light">
            <PageIcon size={26} />
          </ThemeIcon>
          <Stack gap="xs" style={{ flex: 1 }}>
            <Group gap="xs">
              <Title order={2} fz="lg">
                Coming next
              </Title>
              <Badge variant="light" color="gray">
                not built yet
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              This page is planned but not part of this version. Here is what it will do:
            </Text>
            <List spacing={6} size="sm" icon={<IconCircleCheck size={16} color="var(--mantine-color-dimmed)" />} mt={4}>
              {props.features.map((f) => (
                <List.Item key={f}>{f}</List.Item>
              ))}
            </List>
          </Stack>
        </Group>
      </Card>
      <Title order={2} fz="md" mt="xl" mb="sm">
        Available now
      </Title>
      <SimpleGrid cols={{ base: 1, sm: props.next.length >= 2 ? 2 : 1 }} spacing="md">
        {props.next.map((l) => {
          const LinkIcon = l.icon;
          return (
            <Card key={l.page}>
              <Group gap="sm" mb="xs" wrap="nowrap">
                <ThemeIcon variant="light" color="gray" radius="md">
                  <LinkIcon size={18} />
                </ThemeIcon>
                <Text fw={600}>{l.label}</Text>
              </Group>
              <Text size="sm" c="dimmed" mb="md">
                {l.description}
              </Text>
              <Button component="a" href={href(l.page)} variant="light" rightSection={<IconArrowRight size={16} />} w="fit-content">
                Open {l.label}
              </Button>
            </Card>
          );
        })}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xl">
        Planned in issue {props.issue} of the project.
      </Text>
    </>
  );
}

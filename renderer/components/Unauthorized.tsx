import { Button, Card, Center, Code, PasswordInput, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';

/** Shown when `switchboard serve` refuses this tab's admin token. */
export function Unauthorized() {
  const [token, setToken] = useState('');
  return (
    <Center mih="100vh" p="md">
      <Card maw={520} w="100%" shadow="sm" component="main">
        <Stack gap="md">
          <ThemeIcon size={44} variant="light" color="orange" radius="md">
            <IconLock size={24} />
          </ThemeIcon>
          <Title order={1} fz={22}>
            This tab isn’t signed in to Switchboard
          </Title>
          <Text size="sm">
            The admin UI is protected by a token that changes every time Switchboard starts. Open the link that <Code>switchboard serve</Code> printed (the line
            starting with <Code>UI:</Code>, ending in <Code>#token=…</Code>), or paste the token here.
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!token.trim()) return;
              window.location.hash = `token=${encodeURIComponent(token.trim())}`;
              window.location.reload();
            }}
          >
            <Stack gap="sm">
              <PasswordInput label="Admin token" value={token} onChange={(e) => setToken(e.currentTarget.value)} autoComplete="off" data-autofocus />
              <Button type="submit" disabled={!token.trim()}>
                Sign in
              </Button>
            </Stack>
          </form>
        </Stack>
      </Card>
    </Center>
  );
}

import { Alert, Button, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../api';

/** A clear, actionable error: the server's message, the issues if any, and a retry. */
export function ErrorAlert({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const issues = error instanceof ApiError ? error.issues : undefined;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={20} />} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {issues && issues.length > 0 && (
        <List size="sm" mt="xs" ff="monospace">
          {issues.map((i) => (
            <List.Item key={i}>{i}</List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button mt="sm" size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}

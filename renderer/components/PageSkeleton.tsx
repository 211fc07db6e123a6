import { Skeleton, Stack } from '@mantine/core';

/** Shown while a page's code or first data loads. */
export function PageSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      <Skeleton h={30} w={220} />
      <Skeleton h={14} w="60%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} h={96} />
      ))}
    </Stack>
  );
}

export function CardsSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} h={88} />
      ))}
    </Stack>
  );
}

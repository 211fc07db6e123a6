import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { notifications } from '@mantine/notifications';
import type { Status } from '../shared/contract';
import { api } from './api';

interface StatusValue {
  status: Status | null;
  error: Error | null;
  reload: () => Promise<void>;
  setStatus: (s: Status) => void;
}

const StatusContext = createContext<StatusValue>({ status: null, error: null, reload: async () => {}, setStatus: () => {} });

const POLL_MS = 15_000;

/**
 * App-wide status (endpoint, pause, live request counter, today's spend): loaded
 * once, kept live by the `events` stream, and re-polled as a fallback so the
 * "last minute" counter decays even when nothing happens.
 */
export function StatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const reload = useCallback(async () => {
    try {
      setStatus(await api.call('app.status', {}));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }, []);

  useEffect(() => {
    // Live while the tab is visible. A hidden tab lets go of its event stream:
    // browsers allow only ~6 connections per host, and each stream holds one.
    let timer: ReturnType<typeof setInterval> | undefined;
    let unsubscribe: (() => void) | undefined;
    const start = () => {
      if (unsubscribe) return;
      void reload();
      timer = setInterval(() => void reload(), POLL_MS);
      unsubscribe = api.subscribe('events', {}, (e) => {
        if (e.type === 'status') {
          setStatus(e.status);
          setError(null);
        } else {
          notifications.show({
            color: e.level === 'error' ? 'red' : e.level === 'warning' ? 'orange' : 'blue',
            title: e.title,
            message: e.message,
            autoClose: e.level === 'info' ? 5000 : false,
            withBorder: true,
          });
        }
      });
    };
    const stop = () => {
      clearInterval(timer);
      unsubscribe?.();
      unsubscribe = undefined;
    };
    const onVisibility = () => (document.visibilityState === 'hidden' ? stop() : start());
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      stop();
    };
  }, [reload]);

  const value = useMemo(() => ({ status, error, reload, setStatus }), [status, error, reload]);
  return <StatusContext.Provider value={value}>{children}</StatusContext.Provider>;
}

export function useStatus(): StatusValue {
  return useContext(StatusContext);
}

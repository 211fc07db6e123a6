import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { api } from './index';

export interface Query<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  /** Re-fetch; resolves when done (errors land in `error`). */
  reload: () => Promise<void>;
  /** Replace the data locally (after a mutation returned the new value). */
  setData: (update: T | ((prev: T | undefined) => T)) => void;
}

/** Loads one api method on mount (and when `key` changes). */
export function useApiQuery<M extends MethodName>(name: M, input: MethodInput<M>, key = ''): Query<MethodOutput<M>> {
  const [data, setDataState] = useState<MethodOutput<M> | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const inputRef = useRef(input);
  inputRef.current = input;
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const out = await api.call(name, inputRef.current);
      if (mine !== seq.current) return;
      setDataState(() => out);
      setError(null);
    } catch (err) {
      if (mine !== seq.current) return;
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [name]);

  useEffect(() => {
    void reload();
  }, [reload, key]);

  const setData = useCallback((update: MethodOutput<M> | ((prev: MethodOutput<M> | undefined) => MethodOutput<M>)) => {
    setDataState((prev) => (typeof update === 'function' ? (update as (p: MethodOutput<M> | undefined) => MethodOutput<M>)(prev) : update));
  }, []);

  return { data, error, loading, reload, setData };
}

/** Tracks a pending async action; returns [run, pending]. */
export function usePending(): [<T>(fn: () => Promise<T>) => Promise<T>, boolean] {
  const [count, setCount] = useState(0);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T> => {
    setCount((c) => c + 1);
    try {
      return await fn();
    } finally {
      setCount((c) => c - 1);
    }
  }, []);
  return [run, count > 0];
}

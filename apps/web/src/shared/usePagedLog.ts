import { useCallback, useEffect, useRef, useState } from 'react';

export interface PagedLog<T> {
  rows: T[];
  loading: boolean;
  error: unknown;
  /** Whether an older page is there to load. */
  more: boolean;
  reload(): void;
  loadMore(): void;
}

/**
 * A log read newest first, a page at a time (`before` the last id shown), reloaded from the top when `deps` change.
 * An answer that arrives after the filter changed again is dropped.
 */
export function usePagedLog<T>(
  fetchPage: (before?: number) => Promise<{ items: T[]; nextBefore: number | null }>,
  deps: readonly unknown[],
): PagedLog<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);

  const load = useCallback(
    async (before?: number) => {
      const run = ++latest.current;
      setLoading(true);
      setError(null);
      try {
        const page = await fetchPage(before);
        if (run !== latest.current) return;
        setRows((old) => (before ? [...old, ...page.items] : page.items));
        setNext(page.nextBefore);
      } catch (err) {
        if (run === latest.current) setError(err);
      } finally {
        if (run === latest.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    deps,
  );
  useEffect(() => {
    setRows([]);
    void load();
  }, [load]);

  return {
    rows,
    loading,
    error,
    more: next !== null,
    reload: () => void load(),
    loadMore: () => void (next !== null && load(next)),
  };
}

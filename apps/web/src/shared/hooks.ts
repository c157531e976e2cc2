import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Group, type GroupList, type User, type UserList } from '../api.ts';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `load` whenever `deps` change; keeps the previous data while reloading; ignores stale answers. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => {
        if (run === latest.current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (run === latest.current) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

let directory: Promise<{ users: User[]; groups: Group[] }> | undefined;

/** Staff and skill groups, fetched once per session: they change rarely. */
export function useDirectory(): { users: User[]; groups: Group[] } {
  const [value, setValue] = useState<{ users: User[]; groups: Group[] }>({ users: [], groups: [] });
  useEffect(() => {
    directory ??= Promise.all([api.get<UserList>('/api/users'), api.get<GroupList>('/api/groups')])
      .then(([u, g]) => ({ users: u.users, groups: g.groups }))
      .catch((err: unknown) => {
        directory = undefined;
        throw err;
      });
    let alive = true;
    directory.then(
      (v) => {
        if (alive) setValue(v);
      },
      () => {},
    );
    return () => {
      alive = false;
    };
  }, []);
  return value;
}

export function forgetDirectory() {
  directory = undefined;
}

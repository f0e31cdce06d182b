import { useCallback, useEffect, useRef, useState } from 'react';
import { reportError } from './client.js';

export type Loaded<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }
  | { status: 'ready'; data: T; error?: undefined };

export interface ApiState<T> {
  state: Loaded<T>;
  /** Load again (after a change); the previous data stays on screen meanwhile. */
  reload: () => void;
}

/**
 * Loads data for a page: loading, error and ready states, reloaded when `deps` change. An answer
 * that arrives after the page moved on is dropped, so a slow request cannot overwrite a newer one.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiState<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const reloading = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const request = ++latest.current;
    const keep = reloading.current;
    reloading.current = false;
    setState((previous) =>
      keep && previous.status === 'ready' ? previous : { status: 'loading' },
    );
    loadRef.current().then(
      (data) => {
        if (request === latest.current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        reportError(error);
        if (request === latest.current) setState({ status: 'error', error });
      },
    );
  }, [...deps, tick]);

  const reload = useCallback(() => {
    reloading.current = true;
    setTick((t) => t + 1);
  }, []);
  return { state, reload };
}

/** Runs a change (approve, reject, create...), tracking whether it is in flight and its error. */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
): { run: (...args: A) => Promise<R | undefined>; busy: boolean; error: unknown } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(undefined);
      try {
        return await action(...args);
      } catch (caught) {
        reportError(caught);
        setError(caught);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error };
}

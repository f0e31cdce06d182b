import type { ReactNode } from 'react';
import { describeError } from '../api/client.js';
import type { Loaded } from '../api/use-api.js';

/** A placeholder while data loads; announced politely to screen readers. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </div>
  );
}

/** An error with its stable code, and a retry when the caller can load again. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { code, message } = describeError(error);
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this.</strong> <code>{code}</code> {message}
      {retry === undefined ? null : (
        <button type="button" className="button small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Nothing to show, said plainly, with what would make something appear. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** Renders loading and error states, then the data. */
export function AsyncView<T>({
  state,
  retry,
  label,
  children,
}: {
  state: Loaded<T>;
  retry?: () => void;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading {...(label === undefined ? {} : { label })} />;
  if (state.status === 'error') {
    return <ErrorState error={state.error} {...(retry === undefined ? {} : { retry })} />;
  }
  return <>{children(state.data)}</>;
}

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { describeError } from '../../api/client.js';
import { Empty } from '../../components/states.js';
import { orList, rolesHolding } from './settings-data.js';

/** The server's answer to a failed change: its stable code and message, announced. */
export function ActionError({ error }: { error: unknown }) {
  if (error === undefined) return null;
  const { code, message } = describeError(error);
  return (
    <p className="form-error" role="alert">
      <code>{code}</code> {message}
    </p>
  );
}

/** What a permission is for and who holds it, instead of a control the user may not use. */
export function NoAccess({ permission, children }: { permission: string; children: ReactNode }) {
  const roles = rolesHolding(permission);
  return (
    <Empty>
      {children} This needs the <code>{permission}</code> permission
      {roles.length === 0 ? '' : <>, held by the {orList(roles)} role</>}; ask an administrator if
      your work needs it.
    </Empty>
  );
}

/** A short line saying why a control is missing (used beside lists the user may only read). */
export function ReadOnlyNote({
  permission,
  children,
}: {
  permission: string;
  children: ReactNode;
}) {
  const roles = rolesHolding(permission);
  return (
    <p className="hint settings-readonly">
      {children} needs <code>{permission}</code>
      {roles.length === 0 ? '' : ` (${orList(roles)})`}.
    </p>
  );
}

/**
 * A destructive action in two steps: the button, then an inline question with Confirm and
 * Cancel (Escape cancels). Focus moves to Confirm, then back to the button on cancel.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
  disabled = false,
  disabledReason,
  tone = 'danger',
}: {
  label: string;
  question: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  busy?: boolean;
  disabled?: boolean;
  disabledReason?: string;
  tone?: 'danger' | 'plain';
}) {
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) trigger.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={trigger}
        type="button"
        className={`button small${tone === 'danger' ? ' danger' : ''}`}
        disabled={disabled || busy}
        onClick={() => setAsking(true)}
        {...(disabled && disabledReason !== undefined ? { title: disabledReason } : {})}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm-inline"
      role="group"
      aria-label={`Confirm: ${label}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          setAsking(false);
        }
      }}
    >
      <span className="confirm-question">{question}</span>
      <button
        ref={confirm}
        type="button"
        className="button small danger"
        disabled={busy}
        onClick={() => {
          void onConfirm().finally(() => setAsking(false));
        }}
      >
        {busy ? 'Working…' : (confirmLabel ?? `Yes, ${label.toLowerCase()}`)}
      </button>
      <button
        type="button"
        className="button small"
        disabled={busy}
        onClick={() => setAsking(false)}
      >
        Cancel
      </button>
    </span>
  );
}

/** Copies a value to the clipboard and says so; says so too when the browser refuses. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      if (navigator.clipboard === undefined) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="button small" onClick={() => void copy()}>
        {label}
      </button>
      <span className="small muted" role="status" aria-live="polite">
        {state === 'copied'
          ? 'Copied to the clipboard.'
          : state === 'failed'
            ? 'The browser refused the clipboard: select the text and copy it.'
            : ''}
      </span>
    </>
  );
}

/**
 * A secret Verity shows exactly once (an API token, a webhook signing secret): the value, a copy
 * button, a warning, and a button to put it away for good.
 */
export function SecretOnce({
  title,
  secret,
  children,
  onDone,
}: {
  title: string;
  secret: string;
  children: ReactNode;
  onDone: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="secret-once" role="region" aria-labelledby={id}>
      <h3 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <p className="secret-warning">
        <strong>Copy it now: this is the only time Verity shows it.</strong> Verity keeps only a
        hash, so it cannot show it again; if it is lost, create a new one and revoke this one.
      </p>
      <div className="secret-value">
        <code data-secret="true">{secret}</code>
      </div>
      <div className="row">
        <CopyButton value={secret} label="Copy secret" />
      </div>
      {children}
      <div className="row" style={{ marginTop: '0.75rem' }}>
        <button type="button" className="button primary small" onClick={onDone}>
          I have stored it — hide the secret
        </button>
      </div>
    </div>
  );
}

/** A collapsible block of text that may be long (public keys), scrollable by keyboard. */
export function PreBlock({ label, text }: { label: string; text: string }) {
  return (
    <pre className="settings-pre" tabIndex={0} aria-label={label}>
      {text}
    </pre>
  );
}

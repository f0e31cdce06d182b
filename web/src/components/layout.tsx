import type { ReactNode } from 'react';

/** The page's title (its one h1), a line under it, and actions on the right. */
export function PageHeader({
  title,
  subtitle,
  actions,
  eyebrow,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        {eyebrow === undefined ? null : <div className="eyebrow">{eyebrow}</div>}
        <h1>{title}</h1>
        {subtitle === undefined ? null : <p className="subtitle">{subtitle}</p>}
      </div>
      {actions === undefined ? null : <div className="page-actions">{actions}</div>}
    </header>
  );
}

/** A titled block of a page (an h2 region, so screen readers can jump between them). */
export function Section({
  title,
  children,
  actions,
  id,
}: {
  title: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  id?: string;
}) {
  const headingId = id === undefined ? undefined : `${id}-title`;
  return (
    <section className="panel" {...(id === undefined ? {} : { id, 'aria-labelledby': headingId })}>
      <div className="panel-header">
        <h2 {...(headingId === undefined ? {} : { id: headingId })}>{title}</h2>
        {actions === undefined ? null : <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** Label / value pairs as a description list. */
export function Facts({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([label, value], i) => (
        <div key={i}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A headline number with its label (KPIs, counts). */
export function Stat({
  label,
  value,
  tone,
}: {
  label: string;
  value: ReactNode;
  tone?: 'good' | 'warn' | 'bad';
}) {
  return (
    <div className={`stat${tone === undefined ? '' : ` stat-${tone}`}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** What an incident notification says. Free-text fields may hold anything a user typed. */
export interface IncidentEmailInput {
  incidentKey: string;
  title: string;
  severity: string;
  status: string;
  type: string;
  summary: string;
  /** A link to the incident in the dashboard. */
  url?: string;
  /** Why this notification is sent: "opened", "escalation level 2: not acknowledged in 15 min". */
  reason: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

/** Subjects beyond this are cut: mail clients show about 60 characters anyway. */
const MAX_SUBJECT = 200;

/**
 * The plain-text e-mail for an incident notification: `[SEV1] INC-7: title (open)` and a body
 * with the facts, the summary, the link and the reason. Pure. Every field but the summary is
 * flattened to one line, so the subject is always safe to put in a header; the summary keeps its
 * lines (with "\n" endings; the mailer writes CRLF and dot-stuffs).
 */
export function renderIncidentEmail(input: IncidentEmailInput): RenderedEmail {
  const key = oneLine(input.incidentKey);
  const title = oneLine(input.title);
  const severity = oneLine(input.severity);
  const status = oneLine(input.status);
  const prefix = `[${severity}] ${key}: `;
  const suffix = ` (${status})`;
  const room = MAX_SUBJECT - prefix.length - suffix.length;
  const shortTitle = title.length > room ? `${title.slice(0, Math.max(room - 1, 0))}…` : title;
  const subject = `${prefix}${shortTitle}${suffix}`;

  const facts: [string, string][] = [
    ['Severity', severity],
    ['Status', status],
    ['Type', oneLine(input.type)],
    ['Reason', oneLine(input.reason)],
  ];
  const width = Math.max(...facts.map(([label]) => label.length)) + 2;
  const summary = input.summary.replace(/\r\n|\r/g, '\n').trim();
  const lines = [
    `${key}: ${title}`,
    '',
    ...facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    ...(summary === '' ? [] : ['', summary]),
    ...(input.url === undefined ? [] : ['', `Open the incident: ${oneLine(input.url)}`]),
    '',
    // RFC 3676 §4.3: "-- " alone on a line marks the signature.
    '-- ',
    'Verity incident notification',
  ];
  return { subject, text: `${lines.join('\n')}\n` };
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f\s]+/g, ' ').trim();
}

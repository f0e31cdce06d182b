import type { CommittedEvent, Subject } from '../ledger/index.js';

/** The media type of a CloudEvent in structured mode (JSON Event Format 1.0.2 §3 Envelope). */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json';

/** Reverse-DNS prefix of every Verity event type, as the core spec recommends for `type`. */
export const CLOUD_EVENT_TYPE_PREFIX = 'dev.verity.';

/** What a Verity CloudEvent carries as `data`: the ledger entry it announces. */
export interface CloudEventData {
  /** The entry's position in the audit log: receivers can order events and fetch proofs by it. */
  ledgerSeq: number;
  actor: string;
  subject: Subject;
  payload: Record<string, unknown>;
}

/**
 * A CloudEvents 1.0 event in the JSON format (cloudevents/spec v1.0.2, `spec.md` and
 * `formats/json-format.md`). Only the attributes Verity sets; no extensions.
 */
export interface CloudEvent {
  /** Core spec, Context Attributes > REQUIRED: `specversion`, always `1.0`. */
  specversion: '1.0';
  /** REQUIRED `id`: unique for every distinct event from this `source`. */
  id: string;
  /** REQUIRED `source` (URI-reference): `/verity/<origin>`. */
  source: string;
  /** REQUIRED `type`: `dev.verity.<event-type>`. */
  type: string;
  /** OPTIONAL `subject`: `<kind>/<id>` of what the event is about. */
  subject: string;
  /** OPTIONAL `time` (RFC 3339): when the change was committed. */
  time: string;
  /** OPTIONAL `datacontenttype`: `data` is JSON, so it is stored as a JSON value (§3.1.1). */
  datacontenttype: 'application/json';
  data: CloudEventData;
}

/**
 * The `source` of this server's events. `origin` names the installation (the ledger origin, e.g.
 * `verity.example.com/log`); each of its path segments is percent-encoded so the result is always
 * a valid URI-reference (RFC 3986 §4.1), whatever the operator configured.
 */
export function cloudEventSource(origin: string): string {
  const segments = origin
    .split('/')
    .filter((s) => s !== '')
    .map((s) => encodeURIComponent(s));
  return `/verity/${segments.join('/')}`;
}

/**
 * Builds the structured-mode CloudEvent announcing a committed ledger event. Pure: the caller
 * supplies the event id (a UUID), so the same input always gives the same document.
 */
export function toCloudEvent(
  event: CommittedEvent,
  options: { origin: string; id: string },
): CloudEvent {
  return {
    specversion: '1.0',
    id: options.id,
    source: cloudEventSource(options.origin),
    type: `${CLOUD_EVENT_TYPE_PREFIX}${event.type}`,
    subject: `${event.subject.kind}/${event.subject.id}`,
    time: event.time,
    datacontenttype: 'application/json',
    data: {
      ledgerSeq: event.seq,
      actor: event.actor,
      subject: event.subject,
      payload: event.payload,
    },
  };
}

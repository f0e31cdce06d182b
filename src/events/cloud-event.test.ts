import { describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../ledger/index.js';
import { cloudEventSource, toCloudEvent } from './cloud-event.js';

const EVENT: CommittedEvent = {
  seq: 41,
  type: 'model-version-registered',
  actor: 'alice',
  time: '2026-03-01T09:00:00.000Z',
  subject: { kind: 'model-version', id: 'v-1', ref: 'credit-risk@1.2.0' },
  payload: { label: '1.2.0' },
};

describe('toCloudEvent', () => {
  it('builds the structured-mode JSON with every attribute Verity promises', () => {
    const event = toCloudEvent(EVENT, { origin: 'verity.example.com/log', id: 'e-1' });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'e-1',
      source: '/verity/verity.example.com/log',
      type: 'dev.verity.model-version-registered',
      subject: 'model-version/v-1',
      time: '2026-03-01T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: {
        ledgerSeq: 41,
        actor: 'alice',
        subject: { kind: 'model-version', id: 'v-1', ref: 'credit-risk@1.2.0' },
        payload: { label: '1.2.0' },
      },
    });
    // data is a JSON value, not a JSON document inside a string (JSON format §3.1.1).
    const wire = JSON.parse(JSON.stringify(event)) as { data: { payload: unknown } };
    expect(wire.data.payload).toEqual({ label: '1.2.0' });
  });
});

describe('cloudEventSource', () => {
  it('percent-encodes each origin segment so source stays a URI-reference', () => {
    expect(cloudEventSource('my host/log')).toBe('/verity/my%20host/log');
    expect(cloudEventSource('/a//b/')).toBe('/verity/a/b');
  });
});

/**
 * The `index` of `text` when `text` is certainly the RFC 8785 canonical form of an AuditEvent;
 * undefined when this fast check cannot tell (the text may still be canonical: check it the
 * generic way). See canonical-event.js.
 */
export declare function canonicalEventIndex(text: string): number | undefined;

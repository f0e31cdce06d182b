/** A JSON value whose strings may hold `{{placeholder}}`s. */
export type PayloadValue =
  string | number | boolean | null | PayloadValue[] | { [key: string]: PayloadValue };

/** What a retraining payload template may refer to, as `{{name}}` inside any string. */
export const PAYLOAD_PLACEHOLDERS = [
  'model',
  'version',
  'previousVersion',
  'environment',
  'incidentKey',
  'incidentType',
  'severity',
] as const;
export type PayloadPlaceholder = (typeof PAYLOAD_PLACEHOLDERS)[number];

/** The values placeholders stand for; an absent one renders as described on `renderWebhookPayload`. */
export type PayloadContext = Partial<Record<PayloadPlaceholder, string>>;

/** Sent when a `retrain-webhook` action gives no payload. */
export const DEFAULT_RETRAIN_PAYLOAD: Readonly<Record<string, PayloadValue>> = Object.freeze({
  model: '{{model}}',
  version: '{{version}}',
  environment: '{{environment}}',
  incident: '{{incidentKey}}',
});

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}$/;

/** Every placeholder in a template, with the path of the string that holds it. */
export function placeholdersIn(
  value: PayloadValue,
  path: (string | number)[] = [],
): { name: string; path: (string | number)[] }[] {
  if (typeof value === 'string') {
    return [...value.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] ?? '', path }));
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => placeholdersIn(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => placeholdersIn(item, [...path, key]));
  }
  return [];
}

/**
 * Fills a payload template. A string that is exactly one placeholder becomes the value, or
 * `null` when the context lacks it (so a receiver can tell "unknown" from ""); a placeholder
 * inside a longer string becomes the value or nothing. Values are inserted as data, never
 * re-scanned, so a model name containing `{{...}}` cannot inject further substitutions.
 */
export function renderWebhookPayload(
  template: Readonly<Record<string, PayloadValue>>,
  context: PayloadContext,
): Record<string, PayloadValue> {
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(context, name) ? context[name as PayloadPlaceholder] : undefined;
  const render = (value: PayloadValue): PayloadValue => {
    if (typeof value === 'string') {
      const whole = WHOLE_PLACEHOLDER.exec(value);
      if (whole) return lookup(whole[1] ?? '') ?? null;
      return value.replace(PLACEHOLDER, (_, name: string) => lookup(name) ?? '');
    }
    if (Array.isArray(value)) return value.map(render);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v)]));
    }
    return value;
  };
  return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, render(v)]));
}

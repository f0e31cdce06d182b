/*
 * HTML escaping. Every string that comes from users (card text, evidence, column names of data files) is
 * attacker-controlled: it reaches the document only through these functions. The output is valid
 * in text content and in double-quoted attribute values (HTML Living Standard §13.1.2.3); the
 * renderers never put user text in unquoted attributes, URLs of `src`, `<script>` or `<style>`.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// C0 controls other than tab, newline and carriage return, and noncharacters, are not allowed in
// HTML documents (§13.2.2.5 "control-character-in-input-stream"); they become U+FFFD.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

/** Text safe for element content and for double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(FORBIDDEN, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** An attribute value (the caller writes the surrounding double quotes). */
export function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/\r\n?|\n/g, '&#10;');
}

/**
 * An `href` for a link to an http(s) address, or `null`: other schemes (`javascript:`, `data:`,
 * `file:`) are never made links.
 */
export function safeHref(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return escapeAttribute(url.href);
}

/**
 * Escaped text with break opportunities (`<wbr>`) inside long unbroken runs, after punctuation
 * where there is some, so that an identifier, path or URL never forces a table column (or the
 * page) wider than about `max` characters, and short words are never split.
 */
export function breakableHtml(value: string, max = 20): string {
  return value
    .split(/([\s-]+)/)
    .map((part) => {
      if (part.length <= max) return escapeHtml(part);
      const pieces = part.split(/(?<=[/@._:=&?,;)\]])(?![/@._:=&?,;)\]])/).flatMap((piece) => {
        const chunks: string[] = [];
        for (let i = 0; i < piece.length; i += max) chunks.push(piece.slice(i, i + max));
        return chunks;
      });
      return pieces.map(escapeHtml).join('<wbr>');
    })
    .join('');
}

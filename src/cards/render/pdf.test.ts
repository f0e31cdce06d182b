import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerityError } from '../../lib/index.js';
import { SAMPLE_CARD } from '../__fixtures__/sample-card.js';
import { renderCardHtml } from './html.js';
import { defaultChromiumPath, documentTitle, pdfRenderingAvailable, renderPdf } from './pdf.js';
import { renderOptions } from './__fixtures__/render-options.js';

const hasTool = (name: string) => spawnSync(name, ['-v'], { stdio: 'ignore' }).error === undefined;

const SKIP = !pdfRenderingAvailable()
  ? `Chromium not found at ${defaultChromiumPath()} (apt-get install -y chromium, or set VERITY_CHROMIUM)`
  : !hasTool('pdftotext') || !hasTool('pdfinfo')
    ? 'pdftotext/pdfinfo not found (apt-get install -y poppler-utils)'
    : undefined;
if (SKIP !== undefined) console.warn(`\n[verity] PDF rendering tests are skipped: ${SKIP}\n`);

/** The lines of `pdftotext -layout` output from the first line holding `anchor`. */
function rowsFrom(text: string, anchor: string, count: number): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(anchor));
  return start === -1 ? '' : lines.slice(start, start + count).join(' ');
}

/** Whether the words of `phrase` appear in `text` in order (table cells wrap across lines). */
function wordsInOrder(text: string, phrase: string): boolean {
  let at = 0;
  for (const word of phrase.split(/\s+/)) {
    at = text.indexOf(word, at);
    if (at === -1) return false;
    at += word.length;
  }
  return true;
}

describe.skipIf(SKIP !== undefined)(SKIP ?? 'renderPdf with Chromium', () => {
  const approval = SAMPLE_CARD.evidence.promotions[0]!.approvals[0]!;
  let dir = '';
  let pdf: Buffer;
  let text = '';
  let pages = 0;
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    // A local server the document asks for: with the CSP taken out, only the request blocking in
    // renderPdf stands between the page and the network.
    server = createServer((_req, res) => {
      requests += 1;
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const html = renderCardHtml(SAMPLE_CARD, renderOptions(SAMPLE_CARD))
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace(
        '</body>',
        `<img src="http://127.0.0.1:${port}/pixel.png" alt=""><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"></body>`,
      );
    pdf = await renderPdf(html);
    dir = mkdtempSync(join(tmpdir(), 'verity-card-pdf-'));
    const file = join(dir, 'card.pdf');
    writeFileSync(file, pdf);
    text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  }, 60_000);

  afterAll(async () => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  });

  it('writes a PDF of several A4 pages', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('prints the model, version and metric values', () => {
    expect(text).toContain('credit-risk');
    expect(text).toContain('1.1.0');
    for (const m of SAMPLE_CARD.evidence.metrics) {
      expect(text).toContain(m.value.toString());
    }
    expect(text).toContain('0.8123');
  });

  it('prints the approver and the approval reason', () => {
    expect(text).toContain(approval.approver);
    expect(wordsInOrder(rowsFrom(text, approval.approver, 3), approval.reason)).toBe(true);
  });

  it('puts the document title and page numbers in the footer', () => {
    expect(text).toContain('Model card · credit-risk 1.1.0');
    expect(text).toContain(`page 1 of ${pages}`);
    expect(text).toContain(`page ${pages} of ${pages}`);
  });

  it('fetches nothing while printing, even when the HTML asks for it', () => {
    expect(requests).toBe(0);
  });
});

describe('without Chromium', () => {
  it('reports that PDF rendering is unavailable', () => {
    expect(pdfRenderingAvailable('/nonexistent/chromium')).toBe(false);
  });

  it('throws UNAVAILABLE naming the executable it looked for', async () => {
    const error: unknown = await renderPdf('<p>x</p>', {
      executablePath: '/nonexistent/chromium',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerityError);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      message:
        'PDF rendering needs Chromium: install it (apt-get install -y chromium) or set VERITY_CHROMIUM',
      details: { executablePath: '/nonexistent/chromium' },
    });
  });
});

describe('documentTitle', () => {
  it('reads the <title> and decodes the entities escapeHtml writes', () => {
    expect(documentTitle('<head><title>Model card · a &amp; b &lt;c&gt;</title></head>')).toBe(
      'Model card · a & b <c>',
    );
    expect(documentTitle('<p>no title</p>')).toBe('');
  });
});

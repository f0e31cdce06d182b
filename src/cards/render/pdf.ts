import { accessSync, constants } from 'node:fs';
import { VerityError } from '../../lib/index.js';
import { escapeHtml } from '../../lib/html-escape.js';
import { PAGE_MARGIN } from './styles.js';

/*
 * HTML → PDF through headless Chromium (playwright-core drives it over CDP). The only IO in the
 * renderers. The page gets the document with setContent and every network request is aborted, so
 * printing cannot fetch anything even if the HTML asked to.
 */

/** Flags for a throwaway, offline, headless browser. Playwright adds its own temporary profile. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PdfOptions {
  /** Chromium to run; defaults to `$VERITY_CHROMIUM`, else `/usr/bin/chromium`. */
  executablePath?: string | undefined;
  /** Printed in the page footer; defaults to the document's `<title>`. */
  title?: string | undefined;
  /** Limit for launching, loading and printing, each (default 30 s). */
  timeoutMs?: number | undefined;
}

export function defaultChromiumPath(): string {
  return process.env.VERITY_CHROMIUM ?? '/usr/bin/chromium';
}

/** Whether `renderPdf` can run: the Chromium executable exists and may be executed. */
export function pdfRenderingAvailable(executablePath: string = defaultChromiumPath()): boolean {
  try {
    accessSync(executablePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const ENTITY: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The text of the document's `<title>`, with the entities escapeHtml writes decoded. */
export function documentTitle(html: string): string {
  const match = /<title>([^<]*)<\/title>/i.exec(html);
  return (match?.[1] ?? '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITY[e] ?? e).trim();
}

function footerTemplate(title: string): string {
  // Header and footer templates are separate documents: styles must be inline, and the default
  // font size there is tiny, so it is set explicitly.
  const style =
    'width:100%;margin:0 16mm;padding-top:4px;border-top:0.5pt solid #c8d0da;display:flex;' +
    'justify-content:space-between;font-family:"Liberation Sans",Arial,sans-serif;font-size:7.5pt;' +
    'color:#5a6472;-webkit-print-color-adjust:exact;';
  return (
    `<div style='${style}'><span>${escapeHtml(title)}</span>` +
    '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
  );
}

const HEADER_TEMPLATE = '<div style="font-size:1px;"></div>';

function unavailable(executablePath: string, cause?: Error): VerityError {
  return new VerityError(
    'UNAVAILABLE',
    'PDF rendering needs Chromium: install it (apt-get install -y chromium) or set VERITY_CHROMIUM',
    cause === undefined ? { executablePath } : { executablePath, cause: cause.message },
  );
}

/**
 * Prints an HTML document (as `renderCardHtml` writes it) to an A4 PDF whose footer names the
 * document and the page ("Model card · credit-risk 1.1.0 … page 2 of 11"). Launches one browser
 * per call and always closes it. Throws UNAVAILABLE when Chromium is missing or does not start.
 */
export async function renderPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const executablePath = options.executablePath ?? defaultChromiumPath();
  if (!pdfRenderingAvailable(executablePath)) throw unavailable(executablePath);
  const timeout = options.timeoutMs ?? 30_000;
  const title = options.title ?? documentTitle(html);
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout });
  } catch (error) {
    // The executable is there but does not start (missing libraries, wrong architecture).
    throw unavailable(executablePath, error instanceof Error ? error : new Error(String(error)));
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.route('**', (route) => {
      const url = route.request().url();
      return url.startsWith('about:') || url.startsWith('data:') ? route.continue() : route.abort();
    });
    await page.setContent(html, { waitUntil: 'load', timeout });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: HEADER_TEMPLATE,
      footerTemplate: footerTemplate(title),
      margin: { ...PAGE_MARGIN },
    });
  } finally {
    await browser.close();
  }
}

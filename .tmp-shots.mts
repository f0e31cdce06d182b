import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
const exe = '/tmp/chromium-x/root/usr/lib/chromium/chromium';
const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
for (const [file, ids] of [[process.env.FILE ?? '/tmp/compliance-report.html', process.argv.slice(2)]] as const) {
  await page.setContent(readFileSync(file, 'utf8'));
  for (const id of ids) {
    const box = await page.locator(`#${id}`).boundingBox();
    if (!box) { console.log('no', id); continue; }
    await page.screenshot({ path: `/tmp/shot-${id}.png`, clip: { x: 0, y: box.y - 10, width: 1000, height: Math.min(box.height + 20, 1600) }, fullPage: true });
  }
}
await page.emulateMedia({ media: 'print' });
const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' } });
writeFileSync('/tmp/compliance-report.pdf', pdf);
console.log('pdf pages ~', (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length);
await browser.close();

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseRefArg } from '../args.js';
import { contextOf } from '../context.js';

async function emit(
  text: string,
  out: string | undefined,
  ctx: ReturnType<typeof contextOf>,
): Promise<void> {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  await writeFile(out, text);
  ctx.out.note(`wrote ${out}`);
}

/**
 * `verity export cyclonedx|openlineage`: hand Verity's records to tools that read public formats,
 * a CycloneDX 1.6 ML-BOM for a model version, OpenLineage 2-0-2 run events for a training run.
 */
export function registerExportCommands(program: Command): void {
  const exp = program
    .command('export')
    .description('export records in public formats (CycloneDX, OpenLineage)');

  exp
    .command('cyclonedx')
    .description('the CycloneDX 1.6 ML-BOM of a model version (model card, datasets, hashes)')
    .argument('<model@version>')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (text: string, options: { out?: string }, command: Command) => {
      const ctx = contextOf(command);
      const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
      const bom = await ctx.client.cards.cyclonedx(ref.name, ref.ref!);
      await emit(`${JSON.stringify(bom, null, 2)}\n`, options.out, ctx);
    });

  exp
    .command('openlineage')
    .description('the OpenLineage 2-0-2 run events of a training run (START and its end)')
    .argument('<run-id>')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--ndjson', 'one event per line (as OpenLineage HTTP and file transports expect)')
    .action(
      async (runId: string, options: { out?: string; ndjson?: boolean }, command: Command) => {
        const ctx = contextOf(command);
        const events = await ctx.client.cards.openlineage(runId);
        const text =
          options.ndjson === true
            ? events.map((e) => `${JSON.stringify(e)}\n`).join('')
            : `${JSON.stringify(events, null, 2)}\n`;
        await emit(text, options.out, ctx);
      },
    );
}

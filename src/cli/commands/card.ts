import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { cardFromMarkdown } from '../../cards/card-markdown.js';
import { completeness, resolveTier, TIER_REQUIREMENTS } from '../../cards/templates.js';
import { EMPTY_EVIDENCE } from '../../cards/empty-evidence.js';
import { valueAt } from '../../cards/field-paths.js';
import { RENDER_FORMATS, type RenderFormat } from '../../cards/api-schemas.js';
import { parseRefArg } from '../args.js';
import { parseCardAssignments } from '../card-args.js';
import { cardText, diffText, fieldText, missingList, revisionsTable } from '../card-format.js';
import { contextOf } from '../context.js';
import { CheckFailedError, CliError, reportOf } from '../errors.js';

function revisionNumber(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('expected a whole number ≥ 0');
  }
  return value;
}

function versionRef(text: string): { model: string; version: string } {
  const ref = parseRefArg(text, { kind: 'model', ref: 'required' });
  return { model: ref.name, version: ref.ref! };
}

const revisionOption = () =>
  new Option('--revision <n>', 'a stored revision instead of the latest').argParser(revisionNumber);
const expectOption = () =>
  new Option(
    '--expect-revision <n>',
    'refuse (CONFLICT) unless the card is still at this revision',
  ).argParser(revisionNumber);

/**
 * `verity card ...`: read, write, sign off, compare and render model cards. Writing needs
 * registry:write in the model's namespace; `approve` needs promotion:approve and is refused to the
 * card's authors (separation of duties).
 */
export function registerCardCommands(program: Command): void {
  const card = program
    .command('card')
    .description('model cards: show, edit, validate, approve, diff, render');

  card
    .command('show')
    .description('the card with its completeness and missing fields (or one field with --field)')
    .argument('<model@version>')
    .addOption(revisionOption())
    .option('--field <path>', 'print only this field, e.g. intendedUse.purpose or evidence.metrics')
    .action(
      async (text: string, options: { revision?: number; field?: string }, command: Command) => {
        const ctx = contextOf(command);
        const { model, version } = versionRef(text);
        const view = await ctx.client.cards.get(model, version, { revision: options.revision });
        if (options.field === undefined) {
          ctx.out.result(view, () => cardText(view));
          return;
        }
        const path = options.field;
        const value = valueAt(path.startsWith('evidence.') ? view.card : view.card.authored, path);
        ctx.out.result({ path, value: value ?? null }, () => fieldText(value));
      },
    );

  card
    .command('set')
    .description(
      'set, append to (+=) or clear (field=) author fields; field=@file reads the value from a file',
    )
    .argument('<model@version>')
    .argument(
      '<assignment...>',
      'e.g. intendedUse.purpose="..." limitations.known+="..." compute.energyKwh=0.9',
    )
    .option('--summary <text>', 'what changed, for the change log')
    .addOption(expectOption())
    .action(
      async (
        text: string,
        assignments: string[],
        options: { summary?: string; expectRevision?: number },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const { model, version } = versionRef(text);
        const changes = parseCardAssignments(assignments);
        const view = await ctx.client.cards.patch(model, version, changes, saveOptions(options));
        ctx.out.result(
          view,
          () =>
            `card ${view.model}@${view.version} at revision ${view.revision}\n${missingList(view.completeness)}`,
        );
      },
    );

  card
    .command('edit')
    .description('edit the card as Markdown in $VISUAL / $EDITOR and save it as a new revision')
    .argument('<model@version>')
    .option('--summary <text>', 'what changed, for the change log')
    .action(async (text: string, options: { summary?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { model, version } = versionRef(text);
      const current = await ctx.client.cards.get(model, version);
      const source = await ctx.client.cards.exportMarkdown(model, version);
      const dir = mkdtempSync(join(tmpdir(), 'verity-card-'));
      const file = join(dir, `${model.replace('/', '-')}-${version}.card.md`);
      writeFileSync(file, source);
      const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
      const run = spawnSync(editor, [file], { stdio: 'inherit', shell: true });
      if (run.status !== 0) {
        throw new CliError(
          'IO_ERROR',
          `the editor '${editor}' exited with status ${run.status ?? 'unknown'}; your text is in ${file}`,
          {
            file,
          },
        );
      }
      const edited = readFileSync(file, 'utf8');
      if (edited === source) {
        rmSync(dir, { recursive: true, force: true });
        ctx.out.result(current, () => 'no changes');
        return;
      }
      try {
        const view = await ctx.client.cards.importMarkdown(model, version, edited, {
          ...(options.summary === undefined ? {} : { summary: options.summary }),
          expectedRevision: current.revision,
        });
        rmSync(dir, { recursive: true, force: true });
        ctx.out.result(
          view,
          () =>
            `card ${view.model}@${view.version} at revision ${view.revision}\n${missingList(view.completeness)}`,
        );
      } catch (error) {
        // The edit is not lost: the error says where it is, so it can be fixed and imported.
        const report = reportOf(error).error;
        throw new CliError(
          report.code,
          `${report.message}; your edited card is kept in ${file}: fix it, then run verity card import ${text} ${file}`,
          { ...report.details, file },
        );
      }
    });

  card
    .command('validate')
    .description(
      'check a card against its tier’s template (exit 1 when required fields are missing)',
    )
    .argument('[model@version]', 'a registered version (its evidence counts)')
    .option('--file <card.md>', 'check a card file offline instead (author fields only)')
    .action(async (text: string | undefined, options: { file?: string }, command: Command) => {
      const ctx = contextOf(command);
      if ((text === undefined) === (options.file === undefined)) {
        throw new CliError('USAGE_ERROR', 'give either <model@version> or --file <card.md>');
      }
      if (options.file !== undefined) {
        const parsed = cardFromMarkdown(await readFile(options.file, 'utf8'));
        const tier = resolveTier(parsed.authored, null);
        const report = completeness(parsed.authored, EMPTY_EVIDENCE, tier);
        const authorMissing = report.missing.filter((m) => m.source === 'author');
        const evidence = TIER_REQUIREMENTS[tier].filter((p) => p.startsWith('evidence.'));
        const result = {
          file: options.file,
          tier,
          missing: authorMissing,
          evidenceNotChecked: evidence,
        };
        ctx.out.result(result, () =>
          [
            `${options.file}: valid card file, ${tier} template`,
            authorMissing.length === 0
              ? 'every required author field is present'
              : `missing author fields:\n${authorMissing.map((m) => `  - ${m.path}  ${m.title} (Annex IV ${m.annexIV})`).join('\n')}`,
            `not checked offline (Verity fills them from evidence): ${evidence.join(', ')}`,
          ].join('\n'),
        );
        if (authorMissing.length > 0) throw incomplete(authorMissing.map((m) => m.path));
        return;
      }
      const { model, version } = versionRef(text!);
      const view = await ctx.client.cards.get(model, version);
      ctx.out.result(
        view.completeness,
        () => `card ${view.model}@${view.version}: ${missingList(view.completeness)}`,
      );
      if (view.completeness.missing.length > 0)
        throw incomplete(view.completeness.missing.map((m) => m.path));
    });

  card
    .command('import')
    .description('save a Markdown card file (YAML front matter + prose) as the next revision')
    .argument('<model@version>')
    .argument('<file>', 'the card file, as written by `card export`')
    .option('--summary <text>', 'what changed, for the change log')
    .addOption(expectOption())
    .action(
      async (
        text: string,
        file: string,
        options: { summary?: string; expectRevision?: number },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const { model, version } = versionRef(text);
        const view = await ctx.client.cards.importMarkdown(
          model,
          version,
          await readFile(file, 'utf8'),
          saveOptions(options),
        );
        ctx.out.result(
          view,
          () =>
            `card ${view.model}@${view.version} at revision ${view.revision}\n${missingList(view.completeness)}`,
        );
      },
    );

  card
    .command('export')
    .description(
      'write the card’s author fields as Markdown with YAML front matter (to keep in git)',
    )
    .argument('<model@version>')
    .addOption(revisionOption())
    .option('--out <file>', 'write to this file instead of stdout')
    .action(
      async (text: string, options: { revision?: number; out?: string }, command: Command) => {
        const ctx = contextOf(command);
        const { model, version } = versionRef(text);
        const markdown = await ctx.client.cards.exportMarkdown(model, version, {
          revision: options.revision,
        });
        if (options.out === undefined) {
          process.stdout.write(markdown);
          return;
        }
        await writeFile(options.out, markdown);
        ctx.out.result(
          { file: options.out, bytes: Buffer.byteLength(markdown) },
          () => `wrote ${options.out}`,
        );
      },
    );

  card
    .command('approve')
    .description('sign off the latest card revision (not by its authors or the version’s author)')
    .argument('<model@version>')
    .addOption(
      new Option('--revision <n>', 'the revision you reviewed (refused if newer exists)').argParser(
        revisionNumber,
      ),
    )
    .action(async (text: string, options: { revision?: number }, command: Command) => {
      const ctx = contextOf(command);
      const { model, version } = versionRef(text);
      const view = await ctx.client.cards.approve(model, version, { revision: options.revision });
      ctx.out.result(
        view,
        () => `approved revision ${view.revision} of the card of ${view.model}@${view.version}`,
      );
    });

  card
    .command('history')
    .description('the card’s revisions, newest first')
    .argument('<model@version>')
    .action(async (text: string, _options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { model, version } = versionRef(text);
      const items = await ctx.client.cards.revisions(model, version);
      ctx.out.result({ items }, () => revisionsTable(items));
    });

  card
    .command('diff')
    .description('what changed between two revisions (default: the latest and the one before)')
    .argument('<model@version>')
    .addOption(
      new Option('--from <n>', 'older revision (0 = the empty card)').argParser(revisionNumber),
    )
    .addOption(
      new Option('--to <n>', 'newer revision (default: the latest)').argParser(revisionNumber),
    )
    .action(async (text: string, options: { from?: number; to?: number }, command: Command) => {
      const ctx = contextOf(command);
      const { model, version } = versionRef(text);
      const diff = await ctx.client.cards.diff(model, version, {
        ...(options.from === undefined ? {} : { from: options.from }),
        ...(options.to === undefined ? {} : { to: options.to }),
      });
      ctx.out.result(diff, () => diffText(diff));
    });

  card
    .command('render')
    .description('the card as a document: PDF, self-contained HTML or Markdown')
    .argument('<model@version>')
    .addOption(
      new Option('--format <format>', 'document format').choices(RENDER_FORMATS).default('pdf'),
    )
    .addOption(revisionOption())
    .option(
      '--out <file>',
      'where to write it (default: <model>-<version>-card.<format>; - for stdout)',
    )
    .action(
      async (
        text: string,
        options: { format: RenderFormat; revision?: number; out?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const { model, version } = versionRef(text);
        const bytes = await ctx.client.cards.render(model, version, options.format, {
          revision: options.revision,
        });
        if (options.out === '-') {
          process.stdout.write(bytes);
          return;
        }
        const out = options.out ?? `${model.replace('/', '-')}-${version}-card.${options.format}`;
        await writeFile(out, bytes);
        ctx.out.result(
          { file: out, format: options.format, bytes: bytes.length },
          () => `wrote ${out} (${bytes.length} bytes)`,
        );
      },
    );
}

function saveOptions(options: { summary?: string; expectRevision?: number }) {
  return {
    ...(options.summary === undefined ? {} : { summary: options.summary }),
    ...(options.expectRevision === undefined ? {} : { expectedRevision: options.expectRevision }),
  };
}

function incomplete(missing: string[]): CheckFailedError {
  return new CheckFailedError(
    'CARD_INCOMPLETE',
    `the card is missing ${missing.length} required field(s): ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { collect, intOption } from '../args.js';
import { contextOf, outputOf, type CliContext } from '../context.js';
import { CheckFailedError, CliError } from '../errors.js';
import { fields } from '../output.js';
import { progressFor } from '../progress.js';

/**
 * `verity audit key|checkpoint|proof|verify|export|verify-bundle`: the audit log as an
 * independent auditor checks it. The verification code is loaded on demand (see ../audit.ts),
 * so other commands do not pay for it.
 */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('verify the audit log, its checkpoints and evidence bundles');

  audit
    .command('key')
    .description('show the log origin, its verifier key and the attestation public key')
    .action(async (_options: unknown, command: Command) => {
      const ctx = contextOf(command);
      const key = await ctx.client.auditKey();
      ctx.out.result(key, () =>
        [
          fields([
            ['origin', key.origin],
            ['verifier key', key.verifierKey],
            ...key.checkpointKeys
              .filter((k) => k.vkey !== key.verifierKey)
              .map((k): [string, string] => ['earlier key', `${k.vkey} (since ${k.createdAt})`]),
            [
              'attestation',
              key.attestationKey === null
                ? 'none: deployments are not attested'
                : `key id ${key.attestationKey.keyId}`,
            ],
          ]),
          ...(key.attestationKey === null ? [] : ['', key.attestationKey.publicKeyPem.trimEnd()]),
        ].join('\n'),
      );
      ctx.out.note(
        'Record the verifier key somewhere the server cannot change it, and pass it to `verity audit verify --key`.',
      );
    });

  audit
    .command('checkpoint')
    .description(
      'print or save the latest signed checkpoint (keep it to prove later that the log only grew)',
    )
    .option('--out <file>', 'write the note to this file instead of printing it')
    .option('--new', 'ask the server to sign a checkpoint of the log as it is now')
    .option(
      '--key <vkey>',
      'verify the checkpoint with this log key (or a file holding it) first; repeat it for the keys the log had before a rotation',
      collect,
    )
    .action(async (options: { out?: string; new?: boolean; key?: string[] }, command: Command) => {
      const ctx = contextOf(command);
      const { latestCheckpoint, readVerifierKeyArg, verifiedCheckpoint } =
        await import('../audit.js');
      const key = options.key === undefined ? undefined : options.key.map(readVerifierKeyArg);
      const checkpoint =
        options.new === true
          ? await ctx.client.checkpoint()
          : latestCheckpoint(await ctx.client.checkpoints());
      if (key !== undefined) verifiedCheckpoint(checkpoint.note, key, 'the checkpoint');
      if (options.out === undefined) {
        // Verbatim: the note's bytes are what its signature covers.
        ctx.out.result(checkpoint, () => checkpoint.note);
        return;
      }
      await writeFile(options.out, checkpoint.note);
      ctx.out.result({ ...checkpoint, out: options.out }, () =>
        [
          `Saved the signed checkpoint of size ${checkpoint.size} to ${options.out}`,
          fields([
            ['root', checkpoint.rootHash],
            ['signed', `${checkpoint.createdAt} by key ${checkpoint.keyId}`],
          ]),
        ].join('\n'),
      );
      ctx.out.note(
        `Keep it: \`verity audit verify --key VKEY --checkpoint ${options.out}\` later proves the log only grew since.`,
      );
    });

  audit
    .command('proof')
    .description(
      'fetch and verify an inclusion proof (--index) or a consistency proof (--from) of the log',
    )
    .option('--index <i>', 'inclusion of this entry', intOption(0, Number.MAX_SAFE_INTEGER))
    .option('--size <n>', 'in the tree of this many entries (default: current)', positive())
    .option(
      '--out <file>',
      'write a c2sp.org/tlog-proof file (needs a signed checkpoint of that size)',
    )
    .option('--from <a>', 'consistency of the tree of this many entries ...', positive())
    .option('--to <b>', '... with the tree of this many (default: current)', positive())
    .option(
      '--key <vkey>',
      'log key to verify signed checkpoints with (default: the server’s); repeat it for the keys the log had before a rotation',
      collect,
    )
    .action(
      async (
        options: {
          index?: number;
          size?: number;
          out?: string;
          from?: number;
          to?: number;
          key?: string[];
        },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const inclusion = options.index !== undefined;
        if (inclusion === (options.from !== undefined)) {
          throw new CliError(
            'USAGE_ERROR',
            'give either --index I (inclusion) or --from A (consistency)',
          );
        }
        if (inclusion && options.to !== undefined) {
          throw new CliError('USAGE_ERROR', '--to goes with --from; use --size with --index');
        }
        if (!inclusion && (options.size !== undefined || options.out !== undefined)) {
          throw new CliError(
            'USAGE_ERROR',
            '--size and --out go with --index; use --to with --from',
          );
        }
        const { trustedLogKeys } = await import('../audit.js');
        const proofs = await import('../proofs.js');
        let keys: readonly string[] | undefined;
        const keyProvider = async () =>
          (keys ??= (await trustedLogKeys(ctx.client, options.key ?? [], (t) => ctx.out.note(t)))
            .keys);
        if (options.index !== undefined) {
          const check = await proofs.checkInclusion(
            ctx.client,
            options.index,
            options.size,
            keyProvider,
            options.out !== undefined,
          );
          if (options.out !== undefined && check.tlogProof !== null) {
            await writeFile(options.out, check.tlogProof);
          }
          ctx.out.result({ ...check, verified: true, out: options.out ?? null }, () =>
            proofs.inclusionText(check, options.out),
          );
          return;
        }
        const check = await proofs.checkConsistency(
          ctx.client,
          options.from!,
          options.to,
          keyProvider,
        );
        ctx.out.result({ ...check, verified: true }, () => proofs.consistencyText(check));
      },
    );

  audit
    .command('verify')
    .description(
      'recompute the whole log from its entries and check every signed checkpoint (and, with --checkpoint, that the log extends a saved one)',
    )
    .option(
      '--key <vkey>',
      'the log key you trust (name+keyid+base64, or a file holding it); repeat it for the keys the log had before a rotation',
      collect,
    )
    .option('--checkpoint <file>', 'a checkpoint saved earlier: the log must extend it')
    .action(async (options: { key?: string[]; checkpoint?: string }, command: Command) => {
      const ctx = contextOf(command);
      await auditVerify(ctx, options);
    });

  audit
    .command('export')
    .description('write the evidence bundle of one subject (entries with inclusion proofs)')
    .requiredOption(
      '--subject <subject>',
      'model@version, dataset@version, a model, or a run id (prefix model:, dataset: or run: to say which)',
    )
    .requiredOption('--out <file>', 'where to write the JSON bundle')
    .action(async (options: { subject: string; out: string }, command: Command) => {
      const ctx = contextOf(command);
      const { parseSubjectArg, resolveSubject } = await import('../audit.js');
      const subject = await resolveSubject(ctx.client, parseSubjectArg(options.subject));
      const bundle = await ctx.client.evidence(subject.kind, subject.id, subject.ref);
      await writeFile(options.out, `${JSON.stringify(bundle, null, 2)}\n`);
      // A sanity check with the bundle's own key; auditors re-check it with theirs.
      const { verifyEvidenceBundle } = await import('../../ledger/evidence-bundle.js');
      const report = verifyEvidenceBundle(bundle);
      const entries = bundle.entries.length;
      ctx.out.result(
        { subject, out: options.out, entries, checkpointSize: report.checkpointSize },
        () =>
          `Wrote the evidence bundle of ${subject.kind} ${subject.ref} to ${options.out}: ${entries} entr${entries === 1 ? 'y' : 'ies'}, each with an inclusion proof to the signed checkpoint of size ${report.checkpointSize ?? '?'}`,
      );
      if (!report.ok) {
        throw new CheckFailedError(
          'EVIDENCE_INVALID',
          `the server's evidence bundle does not verify: ${report.problems.map((p) => p.message).join('; ')}`,
          { problems: report.problems },
        );
      }
      ctx.out.note(
        `Anyone can check it offline: \`verity audit verify-bundle ${options.out} --key VKEY\`.`,
      );
    });

  audit
    .command('verify-bundle')
    .description('verify an evidence or compliance bundle offline (no server needed)')
    .argument('<file>', 'the JSON bundle written by `audit export` or `compliance bundle`')
    .option(
      '--key <vkey>',
      'the log key you trust (default: the one inside the bundle); repeat it for the keys the log had before a rotation',
      collect,
    )
    .action(async (file: string, options: { key?: string[] }, command: Command) => {
      const out = outputOf(command);
      const { readVerifierKeyArg, evidenceReportText } = await import('../audit.js');
      const { verifyEvidenceBundle } = await import('../../ledger/evidence-bundle.js');
      const key = options.key === undefined ? undefined : options.key.map(readVerifierKeyArg);
      const text = await readFile(file, 'utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new CliError('VALIDATION_ERROR', `${file} is not JSON: ${(error as Error).message}`, {
          file,
        });
      }
      if (key === undefined) {
        out.note(
          'warning: verifying with the log key inside the bundle: this shows the bundle is consistent, not that it comes from your log. Pin the key with --key.',
        );
      }
      const compliance = await import('../../compliance/index.js');
      if (compliance.isComplianceBundle(json)) {
        // Verified from the text as read: a compliance bundle is canonical JSON, byte for byte.
        const { complianceBundleReportText } = await import('../compliance-format.js');
        const checked = compliance.verifyComplianceBundle(text, key);
        out.result({ ...checked, keySource: key === undefined ? 'bundle' : 'pinned' }, () =>
          complianceBundleReportText(checked, file),
        );
        if (!checked.ok) {
          const first = checked.problems[0];
          throw new CheckFailedError(
            'EVIDENCE_INVALID',
            `the compliance bundle does not verify${first === undefined ? '' : `: ${first.code}: ${first.message}`}`,
            { problems: checked.problems.length },
          );
        }
        return;
      }
      const report = verifyEvidenceBundle(json, key);
      out.result({ ...report, keySource: key === undefined ? 'bundle' : 'pinned' }, () =>
        evidenceReportText(report, file),
      );
      if (!report.ok) {
        const first = report.problems[0];
        throw new CheckFailedError(
          'EVIDENCE_INVALID',
          `the evidence bundle does not verify${first === undefined ? '' : `: ${first.code}${first.index === null ? '' : ` at ${first.index}`}: ${first.message}`}`,
          { problems: report.problems.length },
        );
      }
    });
}

/** `audit verify`: the full recomputation, preceded with --checkpoint by the consistency check. */
async function auditVerify(
  ctx: CliContext,
  options: { key?: string[]; checkpoint?: string },
): Promise<void> {
  const audit = await import('../audit.js');
  // Read the saved checkpoint before any network call: a wrong path costs nothing.
  const savedNote =
    options.checkpoint === undefined ? undefined : await readFile(options.checkpoint, 'utf8');
  const { keys, source } = await audit.trustedLogKeys(ctx.client, options.key ?? [], (t) =>
    ctx.out.note(t),
  );
  const extension =
    savedNote === undefined
      ? undefined
      : await audit.checkExtends(ctx.client, keys, savedNote, options.checkpoint!);
  const check = await audit.verifyLog(ctx.client, keys, {
    progress: progressFor(ctx.interactive),
    ...(savedNote === undefined ? {} : { extraNotes: [savedNote] }),
  });
  ctx.out.result(
    {
      ok: check.ok && (extension?.ok ?? true),
      key: keys[0],
      keys,
      keySource: source,
      ...(extension === undefined ? {} : { consistency: extension }),
      log: check,
    },
    () =>
      audit.logReportText(check, {
        keys,
        source,
        ...(extension === undefined ? {} : { extension }),
        ...(options.checkpoint === undefined ? {} : { savedFile: options.checkpoint }),
      }),
  );
  if (!check.ok || (extension !== undefined && !extension.ok)) {
    throw audit.logCheckFailure(check, extension);
  }
}

function positive(): (value: string) => number {
  return intOption(1, Number.MAX_SAFE_INTEGER);
}

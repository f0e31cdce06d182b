#!/usr/bin/env node
// Launcher for the `verity` command: registers tsx's ESM loader in this process (no second
// Node process to spawn) and runs the TypeScript entry point, src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv);

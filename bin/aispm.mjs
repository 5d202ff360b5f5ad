#!/usr/bin/env node
// Installed entry point: registers tsx so the TypeScript sources run as they are, then hands over to the CLI.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { main } = await import(join(root, 'shared/cli/main.ts'));
const { exitOnClosedPipe } = await import(join(root, 'shared/cli/io.ts'));
exitOnClosedPipe(process.stdout);
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
});

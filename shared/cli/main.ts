#!/usr/bin/env node
/**
 * `aispm <command> [args]`: dispatches to `shared/cli/commands/<command>.ts`. Each command module exports
 * `run(argv, io)` returning an exit code. Adding a command is adding a file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CliCommand, type CliIo, exitOnClosedPipe, UsageError } from './io.ts';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

export function listCommands(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  const file = join(commandsDir, `${name}.ts`);
  if (!existsSync(file)) return undefined;
  return (await import(pathToFileURL(file).href)) as CliCommand;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const lines = ['usage: aispm <command> [args]', '', 'commands:'];
    for (const c of listCommands()) {
      const mod = await loadCommand(c);
      lines.push(`  ${c.padEnd(10)} ${mod?.summary ?? ''}`.trimEnd());
    }
    io.stderr.write(`${lines.join('\n')}\n`);
    return name ? 0 : 2;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    io.stderr.write(`aispm: unknown command '${name}' (try: aispm help)\n`);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`aispm: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`aispm: ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  exitOnClosedPipe(process.stdout);
  main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`aispm: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

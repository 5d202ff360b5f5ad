import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitOnClosedPipe } from '../../../shared/cli/io.ts';

describe('closed stdout pipe', () => {
  it('exits 141 on EPIPE and rethrows any other stream error', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WritableStream;
    const codes: number[] = [];
    exitOnClosedPipe(stream, (c) => codes.push(c));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([141]);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
  });

  it('`aispm checks | head -c 10`: the CLI ends quietly with 141 instead of crashing on an unhandled EPIPE', async () => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', 'shared/cli/main.ts', 'checks', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy(); // the reader goes away after the first chunk
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(err).not.toMatch(/Unhandled|EPIPE/);
    // 141 when the CLI's next write met the closed pipe; 0 when it had already written everything.
    expect([141, 0]).toContain(code);
  });
});

/**
 * Temporary directories for tests, removed when the test file's tests have run (so repeated runs do not fill the
 * machine's temp folder). Import it only from test files: it registers an `afterAll` hook in the importing file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the OS temp folder, named `aispm-<prefix>-XXXXXX`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `aispm-${prefix}-`));
  made.push(dir);
  return dir;
}

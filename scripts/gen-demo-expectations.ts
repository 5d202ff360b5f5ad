/**
 * Rewrites test/fixtures/checks/demo-expected.ts from a live run over the demo account (local AWS stand-in + real
 * collectors + all checks). Use it after changing checks or the demo account, then REVIEW THE DIFF: every added
 * FAIL must be an intended flaw of the demo account, every removed one a deliberate fix.
 *   node --import tsx scripts/gen-demo-expectations.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from '../shared/checks/index.ts';
import { DEMO_REGIONS } from '../shared/demo/account.ts';
import { startAwsStandin } from '../shared/demo/aws-standin/index.ts';
import { createClientFactory } from '../shared/discovery/clients.ts';
import { evaluateChecks } from '../shared/pipeline/assess.ts';
import { runDiscovery } from '../shared/pipeline/discover.ts';
import { MemoryStore } from '../shared/store/memory.ts';
import { fixedClock } from '../shared/util/clock.ts';
import { silentLog } from '../shared/util/logger.ts';

const target = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/checks/demo-expected.ts');
const standin = await startAwsStandin();
try {
  const clock = fixedClock('2026-11-25T12:00:00.000Z');
  const d = await runDiscovery({
    target: {},
    regions: [...DEMO_REGIONS],
    clients: createClientFactory({ credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' }, endpoint: standin.url }),
    store: new MemoryStore(),
    clock,
    log: silentLog,
    trigger: 'demo',
  });
  const results = evaluateChecks(d.assets, d.gaps, ALL_CHECKS, { now: clock.now() });
  const errors = results.filter((r) => r.status === 'ERROR');
  if (errors.length > 0)
    throw new Error(`ERROR results on the demo account: ${errors.map((e) => `${e.resourceName}/${e.checkId}`).join(', ')}`);
  const block = (status: string) =>
    results
      .filter((r) => r.status === status)
      .map((r) => [r.resourceName, r.checkId])
      .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]))
      .map(([a, c]) => `  ['${a}', '${c}'],\n`)
      .join('');
  writeFileSync(
    target,
    `/**
 * What the checks must find in the demo account (\`shared/demo/account.ts\`): every failing (asset name, check id)
 * pair, nothing else. \`test/shared/checks/demo-expectations.test.ts\` enforces it and \`scripts/gen-checks-doc.ts\`
 * prints it into docs/checks.md. MANUAL results (need a person) are listed separately.
 * Regenerate with scripts/gen-demo-expectations.ts and review the diff.
 */
export const DEMO_EXPECTED_FAILS: [asset: string, checkId: string][] = [
${block('FAIL')}];

/** Results that need a human decision: no allowlist configured, or bucket ACLs not ruled out (IgnorePublicAcls off). */
export const DEMO_EXPECTED_MANUAL: [asset: string, checkId: string][] = [
${block('MANUAL')}];
`,
  );
  process.stderr.write(
    `wrote ${target}: ${results.filter((r) => r.status === 'FAIL').length} FAIL, ${results.filter((r) => r.status === 'MANUAL').length} MANUAL\n`,
  );
} finally {
  await standin.close();
}

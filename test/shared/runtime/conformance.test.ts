/**
 * Conformance: every real record in ../shared/datasets/aws-samples/ (Bedrock invocation logs and CloudTrail records
 * taken from public repositories) parses into a normalized record. Skips cleanly when the folder is absent.
 * The panther files wrap each record with test metadata (`{"rule_id", "test_name", "log": {...}}`): unwrapped here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InvocationRecord, RecordRef, TrailEvent } from '../../../shared/domain/runtime.ts';
import { dispatchParsed } from '../../../shared/runtime/reader.ts';

const ROOT = join(import.meta.dirname, '../../../../shared/datasets/aws-samples');
const present = existsSync(join(ROOT, 'bedrock-invocation-logs'));

function lines(dir: string): { file: string; line: number; value: unknown }[] {
  const out: { file: string; line: number; value: unknown }[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.jsonl'))
    .sort()) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((l, i) => {
        if (!l.trim()) return;
        const v = JSON.parse(l) as Record<string, unknown>;
        out.push({ file: f, line: i + 1, value: v.log && typeof v.log === 'object' && 'rule_id' in v ? v.log : v });
      });
  }
  return out;
}

async function parse(value: unknown, uri: string) {
  const inv: InvocationRecord[] = [];
  const trail: TrailEvent[] = [];
  const bad: { ref: RecordRef; reason: string }[] = [];
  const defaulted: string[] = [];
  await dispatchParsed(
    value,
    { uri },
    {
      invocation: (r) => void inv.push(r),
      trail: (e) => void trail.push(e),
      malformed: (ref, reason) => void bad.push({ ref, reason }),
      defaulted: (_, f) => void defaulted.push(...f),
    },
  );
  return { inv, trail, bad, defaulted };
}

describe.runIf(present)('conformance with real AWS records (../shared/datasets/aws-samples)', () => {
  it('every Bedrock invocation log record parses, with identity, model, operation, time and text where the record has it', async () => {
    const recs = lines(join(ROOT, 'bedrock-invocation-logs'));
    expect(recs.length).toBeGreaterThanOrEqual(17);
    for (const { file, line, value } of recs) {
      const r = await parse(value, `file://${file}`);
      expect(r.bad, `${file}:${line}`).toEqual([]);
      expect(r.inv, `${file}:${line}`).toHaveLength(1);
      expect(r.defaulted, `${file}:${line}`).toEqual([]);
      const rec = r.inv[0];
      const raw = value as Record<string, unknown>;
      expect(rec.requestId).toBe(raw.requestId);
      expect(rec.modelId).toBe(raw.modelId);
      expect(rec.operation).toBe(raw.operation);
      expect(Number.isNaN(Date.parse(rec.timestamp))).toBe(false);
      expect(rec.identity).not.toBe('unknown');
      const hasInput = JSON.stringify((raw.input as Record<string, unknown> | undefined)?.inputBodyJson ?? null).includes('"text"');
      if (hasInput) expect(rec.userTurns.length + rec.system.length, `${file}:${line} user text`).toBeGreaterThan(0);
      const outBody = (raw.output as Record<string, unknown> | undefined)?.outputBodyJson;
      if (outBody && JSON.stringify(outBody).includes('"text"'))
        expect(rec.outputs.join('').length, `${file}:${line} output text`).toBeGreaterThan(0);
      if (JSON.stringify(outBody ?? null).includes('guardrail_intervened') || JSON.stringify(outBody ?? null).includes('"INTERVENED"')) {
        expect(rec.guardrail?.intervened, `${file}:${line} guardrail`).toBe(true);
      }
    }
  });

  it('every CloudTrail record parses into a TrailEvent with its eventID', async () => {
    const recs = lines(join(ROOT, 'cloudtrail'));
    expect(recs.length).toBeGreaterThanOrEqual(5);
    for (const { file, line, value } of recs) {
      const r = await parse(value, `file://${file}`);
      expect(r.bad, `${file}:${line}`).toEqual([]);
      expect(r.trail, `${file}:${line}`).toHaveLength(1);
      const raw = value as Record<string, unknown>;
      expect(r.trail[0]).toMatchObject({ eventId: raw.eventID, eventName: raw.eventName, region: raw.awsRegion });
      expect(r.trail[0].identity).toMatch(/^arn:/);
    }
  });
});

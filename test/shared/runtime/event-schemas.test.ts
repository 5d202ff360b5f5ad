import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { QueueDeadLetter } from '../../../shared/runtime/deadletter.ts';
import { objectsFromMessage } from '../../../shared/runtime/events.ts';

const root = join(import.meta.dirname, '../../../events');
const load = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

describe('runtime event schemas', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  it('samples validate and are understood by the code', async () => {
    const s3 = ajv.compile(load('s3-object-created.schema.json'));
    const sample = load('samples/s3-object-created.json');
    expect(s3(sample), JSON.stringify(s3.errors)).toBe(true);
    expect(objectsFromMessage(JSON.stringify(sample))[0]).toMatchObject({ bucket: 'acme-bedrock-invocation-logs', size: 48213 });
    const dl = ajv.compile(load('runtime-dead-letter.schema.json'));
    expect(dl(load('samples/runtime-dead-letter.json')), JSON.stringify(dl.errors)).toBe(true);
    // what QueueDeadLetter actually sends validates too
    const sent: string[] = [];
    const q = new QueueDeadLetter({ sendBatch: async (_u, bodies) => void sent.push(...bodies) }, 'q');
    q.put({ ref: { uri: 'cwl://g/s', eventId: '123' }, reason: 'invalid-json', at: '2026-11-20T10:00:00.000Z' });
    await q.flush();
    expect(dl(JSON.parse(sent[0])), JSON.stringify(dl.errors)).toBe(true);
    expect(dl({ ...load('samples/runtime-dead-letter.json'), content: 'x' })).toBe(false);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { stackRuleName, stackRulePrefix } from '../../infra/constructs/queue.ts';

const prefixOf = (stackName: string) => stackRulePrefix(new Stack(new App(), 'S', { stackName }));

describe('stackRulePrefix (rule names of a stack)', () => {
  it('a stack name of up to 40 characters is the prefix as it is', () => {
    expect(prefixOf('AiSpm')).toBe('AiSpm-');
    expect(prefixOf('a'.repeat(40))).toBe(`${'a'.repeat(40)}-`);
  });

  it('a longer name: its first 31 characters, "-" and 8 hex characters of a hash of the whole name (deterministic)', () => {
    const long = `AiSpm-production-${'x'.repeat(30)}-eu-west-1`;
    const p = prefixOf(long);
    expect(p).toMatch(/^AiSpm-production-xxxxxxxxxxxxxx-[0-9a-f]{8}-$/);
    expect(p).toHaveLength(41);
    expect(prefixOf(long)).toBe(p);
  });

  it('two stacks sharing their first 40 characters get different prefixes', () => {
    const shared = `AiSpm-${'y'.repeat(34)}`;
    expect(shared).toHaveLength(40);
    const a = prefixOf(`${shared}-central`);
    const b = prefixOf(`${shared}-staging`);
    expect(a).not.toBe(b);
    expect(a.slice(0, 31)).toBe(b.slice(0, 31));
  });

  it('rule names stay within 64 characters for a 128-character stack name', () => {
    const stack = new Stack(new App(), 'S', { stackName: `A${'b'.repeat(127)}` });
    expect(stackRuleName(stack, 'after-full-scan').length).toBeLessThanOrEqual(64);
    expect(() => stackRuleName(stack, 'x'.repeat(24))).toThrow(/longer than 64/);
  });
});

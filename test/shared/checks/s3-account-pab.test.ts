import { describe, expect, it } from 'vitest';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { PAB_FLAGS } from '../../../shared/checks/lib/s3.ts';
import readCheck from '../../../shared/checks/s3/s3_ai_bucket_policy_read_not_public.ts';
import pabCheck from '../../../shared/checks/s3/s3_ai_bucket_public_access_block_enabled.ts';
import type { AccountPublicAccessBlockFacts, PublicAccessBlockFlags } from '../../../shared/domain/asset-config.ts';
import type { Check, CheckOutcome } from '../../../shared/domain/check.ts';
import { bucket, NOW, stmt } from '../../fixtures/checks/builders.ts';

type Bucket = ReturnType<typeof bucket>;
function run(check: Check<'s3.bucket'>, b: Bucket): CheckOutcome {
  const r = check.evaluate(b as never, { graph: new InventoryGraph([b], []), now: NOW, settings: {} });
  return (Array.isArray(r) ? r[0] : r) as CheckOutcome;
}
const flags = (bits: number): PublicAccessBlockFlags =>
  Object.fromEntries(PAB_FLAGS.map((f, i) => [f, Boolean(bits & (1 << i))])) as unknown as PublicAccessBlockFlags;
const publicRead = [stmt(['s3:GetObject'], ['arn:aws:s3:::b/*'], { principals: ['*'] })];

describe('s3_ai_bucket_public_access_block_enabled with the account-level setting', () => {
  it('passes a bucket without its own block when the account level blocks everything, saying so in the evidence', () => {
    const o = run(pabCheck, bucket('b', { publicAccessBlock: null, accountPublicAccessBlock: { read: true, setting: flags(15) } }));
    expect(o.status).toBe('PASS');
    expect(o.reason).toContain('blockPublicAcls (account level)');
    expect(o.evidence?.publicAccessBlockLevels).toEqual({
      blockPublicAcls: 'account',
      ignorePublicAcls: 'account',
      blockPublicPolicy: 'account',
      restrictPublicBuckets: 'account',
    });
  });

  it('names the level of each flag when they are split, and both when both set one', () => {
    const o = run(
      pabCheck,
      bucket('b', {
        publicAccessBlock: flags(0b1101),
        accountPublicAccessBlock: { read: true, setting: flags(0b0011) },
      }),
    );
    expect(o.status).toBe('PASS');
    expect(o.evidence?.publicAccessBlockLevels).toEqual({
      blockPublicAcls: 'bucket and account',
      ignorePublicAcls: 'account',
      blockPublicPolicy: 'bucket',
      restrictPublicBuckets: 'bucket',
    });
  });

  it('an unread account level is ERROR (with the error name in the evidence), never PASS, unless the bucket level alone blocks all', () => {
    const o = run(pabCheck, bucket('b', { publicAccessBlock: null, accountPublicAccessBlock: { read: false, errorName: 'AccessDenied' } }));
    expect(o.status).toBe('ERROR');
    expect(o.reason).toContain('could not be read (AccessDenied)');
    expect(o.evidence).toMatchObject({ accountPublicAccessBlockError: 'AccessDenied', unconfirmed: [...PAB_FLAGS] });
    const on = run(pabCheck, bucket('b', { accountPublicAccessBlock: { read: false, errorName: 'AccessDenied' } }));
    expect(on.status).toBe('PASS');
    expect(on.evidence?.accountPublicAccessBlockError).toBe('AccessDenied');
  });

  it('over every bucket x account combination: PASS exactly when each flag is on at one level, and only on what was read', () => {
    const accounts: (AccountPublicAccessBlockFacts | undefined)[] = [
      undefined,
      { read: false, errorName: 'AccessDenied' },
      { read: true, setting: null },
      ...Array.from({ length: 16 }, (_, i) => ({ read: true as const, setting: flags(i) })),
    ];
    for (let bits = 0; bits < 16; bits++)
      for (const acct of accounts) {
        const o = run(pabCheck, bucket('b', { publicAccessBlock: bits === 0 ? null : flags(bits), accountPublicAccessBlock: acct }));
        const accountBits = acct?.read ? PAB_FLAGS.reduce((n, f, i) => n | (acct.setting?.[f] ? 1 << i : 0), 0) : undefined;
        const expected =
          bits === 15 || (accountBits !== undefined && (bits | accountBits) === 15) ? 'PASS' : accountBits === undefined ? 'ERROR' : 'FAIL';
        expect(o.status, `bucket ${bits} account ${JSON.stringify(acct)}`).toBe(expected);
      }
  });
});

describe('s3_ai_bucket_policy_read_not_public with the account-level setting', () => {
  it('honours RestrictPublicBuckets set at the account level only, naming the level', () => {
    const o = run(
      readCheck,
      bucket('b', {
        publicAccessBlock: null,
        objectOwnership: 'BucketOwnerEnforced',
        policyStatements: publicRead,
        accountPublicAccessBlock: { read: true, setting: { ...flags(0), restrictPublicBuckets: true } },
      }),
    );
    expect(o.status).toBe('PASS');
    expect(o.reason).toContain('RestrictPublicBuckets (account level)');
  });

  it('fails when RestrictPublicBuckets is off at both levels, and is ERROR (not FAIL, not PASS) when the account level is unread', () => {
    const at = (acct: AccountPublicAccessBlockFacts) =>
      run(
        readCheck,
        bucket('b', {
          publicAccessBlock: null,
          objectOwnership: 'BucketOwnerEnforced',
          policyStatements: publicRead,
          accountPublicAccessBlock: acct,
        }),
      );
    expect(at({ read: true, setting: flags(0b0111) }).status).toBe('FAIL');
    expect(at({ read: true, setting: null }).status).toBe('FAIL');
    const unread = at({ read: false, errorName: 'AccessDenied' });
    expect(unread.status).toBe('ERROR');
    expect(unread.reason).toContain('RestrictPublicBuckets');
    expect(unread.evidence?.accountPublicAccessBlockError).toBe('AccessDenied');
  });
});

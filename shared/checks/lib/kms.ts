import type { AnyAsset, Asset } from '../../domain/asset.ts';
import type { KmsKeyFacts, KmsKeysField } from '../../domain/asset-config.ts';
import type { CheckOutcome, CheckStatus } from '../../domain/check.ts';
import { error, fail, manual, pass } from './outcome.ts';

/** Key states in which the key can be used (an allow-list: a state added to KMS later is not assumed usable). */
const USABLE = new Set(['Enabled', 'Updating']);

/** Key states in which the key cannot be used: the resource cannot decrypt its data (now or once the key is gone). */
const UNUSABLE: Record<string, string> = {
  PendingDeletion: 'pending deletion: once deleted, the data it encrypts can never be decrypted again',
  // a multi-Region primary key scheduled for deletion waits in this state until its replica keys are deleted
  PendingReplicaDeletion:
    'scheduled for deletion once its multi-Region replicas are deleted: once deleted, the data it encrypts can never be decrypted again',
  Disabled: 'disabled: the resource cannot decrypt its data until the key is enabled',
  PendingImport: 'waiting for imported key material: it cannot encrypt or decrypt',
  Unavailable: 'unavailable (its custom key store is disconnected): it cannot encrypt or decrypt',
};

/**
 * Why a key in `facts.keyState` cannot be used (`undefined`: usable, or a state this tool does not know). A
 * multi-Region replica pending deletion shares its key material with its primary: once deleted, the data can still be
 * decrypted by the primary (or a related replica) and the replica can be re-created in its Region from the primary.
 */
function unusableWhy(facts: Extract<KmsKeyFacts, { resolved: true }>): string | undefined {
  if (facts.keyState === 'PendingDeletion' && facts.multiRegion && facts.multiRegionKeyType === 'REPLICA')
    return 'pending deletion (a multi-Region replica key): once deleted, nothing in this Region can decrypt the data it encrypts until the replica is re-created from its primary key';
  if (facts.keyState === 'PendingDeletion' && facts.multiRegion && facts.multiRegionKeyType !== 'PRIMARY')
    return 'pending deletion (a multi-Region key): once deleted, the data it encrypts cannot be decrypted in this Region unless a related multi-Region key still exists (a replica can be re-created from its primary)';
  return UNUSABLE[facts.keyState];
}

/** Why a key state is not judged: neither known usable nor known unusable (e.g. `Creating`, or a state added later). */
const unknownState = (state: string) => `key state ${state} is not one this check knows to be usable (Enabled, Updating) or unusable`;

/** The note of the any-key checks, which keep their verdict for such a state (`keyUsability`). */
const stateNote = (state: string) => `${unknownState(state)}: the verdict does not judge it`;

/** What a customer-managed-key check can say about one key reference of an asset. */
export interface KeyJudgement {
  /** PASS: customer-managed and usable; FAIL: AWS-managed or unusable; MANUAL / ERROR: could not be confirmed. */
  status: CheckStatus;
  /** The reference as the asset gives it. */
  key: string;
  /** The key, for reasons: `arn:...`, `the AWS-managed key arn:...`, `the customer-managed key arn:..., which is ...`. */
  described: string;
  /** For MANUAL / ERROR: why it could not be confirmed (ends without a full stop). */
  unconfirmed?: string;
  evidence: Record<string, unknown>;
}

const ARN_ACCOUNT = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:(\d{12}):/;
/** The error name KMS DescribeKey gives for a key id, key ARN or alias that does not exist. */
const NOT_FOUND = 'NotFoundException';
/** Recorded without a call: a key id or alias name on a resource whose region is not known. */
const REGION_UNKNOWN = 'KeyRegionUnknown';

/** The key facts discovery recorded for `key` on `asset` (`undefined`: not described). */
export function keyFactsOf(asset: AnyAsset | Asset, key: string): KmsKeyFacts | undefined {
  return (asset.config as KmsKeysField | null | undefined)?.kmsKeys?.[key];
}

/**
 * Judges a KMS key reference of `asset` with the facts discovery collected (`kms:DescribeKey`). `alias/aws/...` is
 * AWS-managed without them; any other key passes only when DescribeKey confirmed KeyManager CUSTOMER and a usable
 * state (Enabled, Updating): a customer-managed key in a state neither known usable nor known unusable (`Creating`, a
 * state KMS may add later) is MANUAL, with the state in `keyStateNote`. An unresolved key is never a PASS: MANUAL for another account's key (its policy must let this account
 * describe it); for a key of this account that does not exist, FAIL for a key id or ARN (nothing can decrypt the data)
 * and MANUAL for an alias (deleted: the resource may still use the key it pointed to); ERROR otherwise.
 */
export function judgeKey(asset: AnyAsset | Asset, key: string): KeyJudgement {
  if (/(^|:)alias\/aws\//.test(key))
    return { status: 'FAIL', key, described: `the AWS-managed key ${key}`, evidence: { kmsKey: key, keyManager: 'AWS' } };
  const facts = keyFactsOf(asset, key);
  if (!facts)
    return {
      status: 'ERROR',
      key,
      described: key,
      unconfirmed: 'the key was not described (kms:DescribeKey did not run for it), so it is not known to be customer-managed',
      evidence: { kmsKey: key },
    };
  if (!facts.resolved) {
    const owner = ARN_ACCOUNT.exec(key)?.[1];
    const ev = { kmsKey: key, describeKeyError: facts.errorName };
    if (owner && owner !== asset.accountId)
      return {
        status: 'MANUAL',
        key,
        described: key,
        unconfirmed: `the key belongs to account ${owner} and could not be described from here (${facts.errorName}); confirm there that it is customer-managed and enabled`,
        evidence: { ...ev, keyAccount: owner },
      };
    if (facts.errorName === NOT_FOUND && /(^|:)alias\//.test(key))
      return {
        status: 'MANUAL',
        key,
        described: key,
        unconfirmed: `the alias no longer exists (${NOT_FOUND}); the resource may still use the key it pointed to: confirm which key that is and that it is customer-managed and enabled`,
        evidence: ev,
      };
    if (facts.errorName === NOT_FOUND)
      return {
        status: 'FAIL',
        key,
        described: `the key ${key}, which no longer exists: data encrypted under it cannot be decrypted`,
        evidence: { ...ev, keyState: null },
      };
    if (facts.errorName === REGION_UNKNOWN)
      return {
        status: 'ERROR',
        key,
        described: key,
        unconfirmed:
          'the key is given without its ARN and the region of the resource could not be read, so the key was not described and is not known to be customer-managed',
        evidence: ev,
      };
    return {
      status: 'ERROR',
      key,
      described: key,
      unconfirmed: `kms:DescribeKey failed (${facts.errorName}), so the key is not known to be customer-managed`,
      evidence: ev,
    };
  }
  const evidence = {
    kmsKey: key,
    keyArn: facts.keyArn,
    keyManager: facts.keyManager,
    keyState: facts.keyState,
    multiRegion: facts.multiRegion,
    ...(facts.multiRegionKeyType ? { multiRegionKeyType: facts.multiRegionKeyType } : {}),
  };
  if (facts.keyManager === 'AWS') return { status: 'FAIL', key, described: `the AWS-managed key ${facts.keyArn}`, evidence };
  const unusable = unusableWhy(facts);
  if (unusable) return { status: 'FAIL', key, described: `the customer-managed key ${facts.keyArn}, which is ${unusable}`, evidence };
  if (!USABLE.has(facts.keyState))
    return {
      status: 'MANUAL',
      key,
      described: key,
      unconfirmed: `its ${unknownState(facts.keyState)}, so the customer-managed key is not confirmed usable`,
      evidence: { ...evidence, keyStateNote: unknownState(facts.keyState) },
    };
  return { status: 'PASS', key, described: key, evidence };
}

/**
 * The outcome of a customer-managed-key check over one key that is set (an unset key, an AWS-owned key, stays the
 * check's own FAIL). `sentence` completes "<resource> is encrypted with <key>" in the check's words.
 */
export function cmkOutcome(
  asset: AnyAsset | Asset,
  key: string,
  sentence: (withKey: string) => string,
  evidence: Record<string, unknown> = {},
): CheckOutcome {
  const j = judgeKey(asset, key);
  const ev = { ...evidence, ...j.evidence };
  if (j.status === 'PASS') return pass(`${sentence(key)}.`, ev);
  if (j.status === 'FAIL') return fail(`${sentence(j.described)}.`, ev);
  const why = `${sentence(key)}, but ${j.unconfirmed}.`;
  return j.status === 'MANUAL' ? manual(why, ev) : error(why, ev);
}

/**
 * Several keys of one resource (flow versions, data sources): the most severe status wins, FAIL before ERROR before
 * MANUAL (a confirmed weak key is a finding even when another key could not be described).
 */
export function worstStatus(judgements: KeyJudgement[]): CheckStatus {
  for (const s of ['FAIL', 'ERROR', 'MANUAL'] as const) if (judgements.some((j) => j.status === s)) return s;
  return 'PASS';
}

/** What a check that accepts any KMS key (AWS-managed included) can say about a key set on the resource. */
export interface KeyUsability {
  /**
   * Why the key cannot be used, as a clause completing "... is encrypted with <key>, " (`which is disabled: ...`,
   * `which no longer exists: ...`); `undefined` when the key is usable or its state is not known.
   */
  unusable?: string;
  /** The key facts for the evidence; `keyStateNote` when the state could not be read (the verdict stands). */
  evidence: Record<string, unknown>;
}

/**
 * Judges only whether a key is usable, for the checks that accept any key: Enabled and Updating are usable (an
 * allow-list); disabled, pending deletion (or pending
 * replica deletion), waiting for key material, unavailable, or a key of this account that no longer exists
 * (DescribeKey `NotFoundException` on a key id or ARN) is unusable: the data cannot be decrypted, now or once the key
 * is gone. `alias/aws/...` keys are AWS-managed (never disabled or deleted by a customer). A key that was not
 * described or could not be (denied, throttled, another account's key, a deleted alias whose key may live on) is not
 * judged: these checks did not need the key before, so they keep their verdict with a note instead of an ERROR, and a
 * key whose state is unknown is never a FAIL.
 */
export function keyUsability(asset: AnyAsset | Asset, key: string): KeyUsability {
  if (/(^|:)alias\/aws\//.test(key)) return { evidence: { kmsKey: key, keyManager: 'AWS' } };
  const facts = keyFactsOf(asset, key);
  if (!facts)
    return {
      evidence: { kmsKey: key, keyStateNote: 'not described (kms:DescribeKey did not run for it): whether the key is usable is not known' },
    };
  if (!facts.resolved) {
    const owner = ARN_ACCOUNT.exec(key)?.[1];
    if (facts.errorName === NOT_FOUND && !/(^|:)alias\//.test(key) && (!owner || owner === asset.accountId))
      return {
        unusable: 'which no longer exists: data encrypted under it cannot be decrypted',
        evidence: { kmsKey: key, describeKeyError: NOT_FOUND, keyState: null },
      };
    return {
      evidence: {
        kmsKey: key,
        describeKeyError: facts.errorName,
        keyStateNote: `kms:DescribeKey failed (${facts.errorName}): whether the key is usable (not disabled or pending deletion) is not known`,
      },
    };
  }
  const evidence = {
    kmsKey: key,
    keyArn: facts.keyArn,
    keyManager: facts.keyManager,
    keyState: facts.keyState,
    ...(facts.multiRegionKeyType ? { multiRegionKeyType: facts.multiRegionKeyType } : {}),
  };
  const why = unusableWhy(facts);
  if (why) return { unusable: `which is ${why}`, evidence };
  return USABLE.has(facts.keyState) ? { evidence } : { evidence: { ...evidence, keyStateNote: stateNote(facts.keyState) } };
}

/**
 * The outcome of a check that accepts any KMS key, for a resource encrypted with `key`: PASS (`passReason`) unless the
 * key is unusable (`keyUsability`), then FAIL with `sentence(key)` + the reason. A key whose state is not known keeps
 * the PASS, with the note in the evidence.
 */
export function anyKeyOutcome(
  asset: AnyAsset | Asset,
  key: string,
  passReason: string,
  sentence: (key: string) => string,
  evidence: Record<string, unknown> = {},
): CheckOutcome {
  const u = keyUsability(asset, key);
  const ev = { ...evidence, ...u.evidence };
  return u.unusable ? fail(`${sentence(key)}, ${u.unusable}.`, ev) : pass(passReason, ev);
}

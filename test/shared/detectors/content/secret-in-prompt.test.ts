import { describe, expect, it } from 'vitest';
import { secretInPromptDetector } from '../../../../shared/detectors/content/secret-in-prompt.ts';
import { createDetectorContext } from '../../../../shared/detectors/config.ts';
import type { InvocationRecord } from '../../../../shared/domain/runtime.ts';
import { rec as fixtureRecord } from '../../../fixtures/detectors/records.ts';

/** The shared record fixture with no user turn and no output unless a test gives them. */
const rec = (p: Partial<InvocationRecord>): InvocationRecord => fixtureRecord({ userTurns: [], outputs: [], ...p });
const ctx = createDetectorContext();
// built at run time so no scanner mistakes the fixtures for real keys
const GH = `ghp_${'a1B2c3D4e5F6g7H8i9J0'.repeat(2).slice(0, 36)}`;
const AKID = `AKIA${'QWERTYUIOPASDFGH'}`;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9Q2Lk7Vt';

describe('leak.secret-in-prompt', () => {
  it('a provider key in the system prompt: HIGH, masked, field system', () => {
    const d = secretInPromptDetector.detect(rec({ system: [`You are the deploy bot. Use token ${GH} for the GitHub API.`] }), ctx);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ detector: 'leak.secret-in-prompt', severity: 'HIGH', evidence: { fields: ['system'], count: 1 } });
    expect(d[0].labels).toEqual(['secret:github-token']);
    expect(JSON.stringify(d[0])).not.toContain(GH);
  });

  it('a user pasting a key is MEDIUM (an AWS key pair: HIGH); a document is HIGH', () => {
    expect(secretInPromptDetector.detect(rec({ userTurns: [`why does ${GH} get 401?`] }), ctx)[0].severity).toBe('MEDIUM');
    expect(
      secretInPromptDetector.detect(rec({ userTurns: [`my creds: aws_access_key_id=${AKID} aws_secret_access_key=${SECRET}`] }), ctx)[0]
        .severity,
    ).toBe('HIGH');
    const doc = secretInPromptDetector.detect(rec({ documents: [{ kind: 'retrieved', text: `Runbook: export GITHUB_TOKEN=${GH}` }] }), ctx);
    expect(doc[0]).toMatchObject({ severity: 'HIGH', evidence: { fields: ['document'] } });
  });

  it('reads only the newest user turn (a re-sent history is not reported again)', () => {
    expect(secretInPromptDetector.detect(rec({ userTurns: [`token ${GH}`, 'thanks, and now?'] }), ctx)).toEqual([]);
  });

  it('ignores generic high-entropy tokens, hashes, ids and documentation example keys in prompts', () => {
    const benign = [
      'Compare sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 with the release notes.',
      'Request id 3f2a9c1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b failed; trace X7kP2mQ9vR4tL8wZ3nB6yH1jF5dS0gA2.',
      'The docs use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY as placeholders.',
    ];
    expect(
      secretInPromptDetector.detect(
        rec({ system: [benign[0]], userTurns: [benign[1]], documents: [{ kind: 'document', text: benign[2] }] }),
        ctx,
      ),
    ).toEqual([]);
  });

  it('tolerates malformed fields', () => {
    const r = rec({
      system: [null as unknown as string],
      userTurns: [7 as unknown as string],
      documents: [null as unknown as { kind: 'document'; text: string }],
    });
    expect(secretInPromptDetector.detect(r, ctx)).toEqual([]);
  });

  it('severity follows the pattern too (review): a test key stays LOW, a private key or AWS key pair in a system prompt is CRITICAL', () => {
    const test = secretInPromptDetector.detect(
      rec({ system: [`Use the sandbox key sk_test_${'4eC39HqLyjWDarjtT1zdp7dc'} in examples.`] }),
      ctx,
    );
    expect(test[0]?.severity).toBe('LOW');
    const body = 'MIIEowIBAAKCAQEA'.padEnd(400, 'q1W2e3R4t5Y6');
    const pem = secretInPromptDetector.detect(
      rec({ system: [`Sign with\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`] }),
      ctx,
    );
    expect(pem[0]?.severity).toBe('CRITICAL');
    const pair = secretInPromptDetector.detect(rec({ system: [`aws_access_key_id=${AKID}\naws_secret_access_key=${SECRET}`] }), ctx);
    expect(pair[0]).toMatchObject({ severity: 'CRITICAL', evidence: { kinds: ['aws-access-key-id', 'aws-secret-access-key'] } });
  });

  it('identifiers and debugging pastes are not credentials sent (review): an access key id alone, a JWT in a user turn', () => {
    const trail = JSON.stringify({ eventName: 'GetObject', userIdentity: { type: 'AssumedRole', accessKeyId: 'ASIAQWERTYUIOPASDFGH' } });
    expect(secretInPromptDetector.detect(rec({ documents: [{ kind: 'tool-result', text: trail }] }), ctx)).toEqual([]);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '1234567890', iat: 1516239022 })}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`;
    expect(secretInPromptDetector.detect(rec({ userTurns: [`Why does my API return 401 for ${jwt}?`] }), ctx)).toEqual([]);
    // the same token embedded in a system prompt is a bearer credential every request carries
    expect(secretInPromptDetector.detect(rec({ system: [`Call the API with Authorization: Bearer ${jwt}`] }), ctx)[0]).toMatchObject({
      severity: 'HIGH',
      labels: ['secret:jwt'],
    });
  });
});

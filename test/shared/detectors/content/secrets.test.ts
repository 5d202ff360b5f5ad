import { describe, expect, it } from 'vitest';
import { createDetectorContext, DEFAULT_CONTENT_THRESHOLDS } from '../../../../shared/detectors/config.ts';
import { findSecrets, isHighEntropySecret, SECRET_HINTS, scanHints, secretsDetector } from '../../../../shared/detectors/content/secrets.ts';
import { out } from '../../../fixtures/detectors/records.ts';

const ctx = createDetectorContext();
const t = DEFAULT_CONTENT_THRESHOLDS;
const kinds = (text: string) => findSecrets(text, t).map((h) => h.kind);

const AWS_ID = 'AKIAZ7Q3XK2PLM4N5R6T';
const AWS_SECRET = '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';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY = 'MIIEowIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumge3lCqV5v1oBZp2nPYmkM0rvE7m9xYqZtyJQ5hL5cU2SgTqB3kqjYQnq0q';

describe('secrets detector', () => {
  it('finds an AWS access key id and a secret key next to it (CRITICAL)', () => {
    expect(AWS_SECRET).toHaveLength(40);
    const text = `Here are the creds: aws_access_key_id=${AWS_ID}\nthe other value is ${AWS_SECRET}`;
    expect(kinds(text)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    const [d] = secretsDetector.detect(out(text), ctx);
    expect(d.severity).toBe('CRITICAL');
    expect(d.evidence.excerpts).toContain('AKIA**************6T');
    expect(JSON.stringify(d)).not.toContain(AWS_ID);
    expect(JSON.stringify(d)).not.toContain(AWS_SECRET);
  });

  it('finds a labelled secret access key on its own', () => {
    expect(kinds(`aws_secret_access_key = "${AWS_SECRET}"`)).toEqual(['aws-secret-access-key']);
  });

  it('ignores the AWS documentation example keys', () => {
    expect(kinds('AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual([]);
  });

  it('finds a PEM private key with a body, not a header quoted in prose', () => {
    expect(kinds(`-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`)).toEqual(['private-key']);
    expect(kinds('A PEM file starts with -----BEGIN PRIVATE KEY----- and ends with -----END PRIVATE KEY-----.')).toEqual([]);
  });

  it('finds provider tokens', () => {
    expect(kinds(`key: sk-proj-${'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'.repeat(2)}`)).toEqual(['openai-api-key']);
    expect(kinds(`sk-ant-api03-${'x7Yz-Q2w_E4r'.repeat(8)}`)).toEqual(['anthropic-api-key']);
    expect(kinds('token ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0dF3gH6 ok')).toEqual(['github-token']);
    expect(kinds('xoxb-123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx')).toEqual(['slack-token']);
    expect(kinds('AIzaSyD3xQ9vL2mN7pR4tW8zB6jF1cY5dG0sAkE')).toEqual(['google-api-key']);
    expect(kinds('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toEqual(['stripe-live-key']);
  });

  it('validates JWT headers (base64url JSON with alg)', () => {
    expect(kinds(`Authorization: Bearer ${JWT}`)).toEqual(['jwt']);
    // same shape, header is not JSON
    expect(kinds('eyJzzzzzzzzzzz.eyJyyyyyyyyyyy.zzzzzzzzzzzzzzzzzzzzzzzz')).toEqual([]);
    expect(kinds(`token=${JWT}`)).toEqual(['jwt']);
  });

  // "eyJ-" repeated made the JWT regex restart inside one token run every 4 characters and scan up to 2,000
  // characters each time (800 kB: ~3 s before the fix); a JWT now starts only where a token run starts.
  it('scans a long run of JWT-like starts in linear time', () => {
    const t0 = performance.now();
    expect(kinds('eyJ-'.repeat(200_000))).not.toContain('jwt');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('flags a random-looking token but not hashes, UUIDs or identifiers', () => {
    expect(isHighEntropySecret('Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0sA', t)).toBe(true);
    expect(kinds('the key is Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0sA')).toEqual(['high-entropy-string']);
    const benign = [
      '550e8400-e29b-41d4-a716-446655440000', // UUID
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // sha256
      'da39a3ee5e6b4b0d3255bfef95601890afd80709', // sha1 / git sha
      'AbstractSingletonProxyFactoryBean2',
      'getUserAccountDetailsByIdV2',
      'com/amazonaws/services/s3/AmazonS3Client',
      'anthropic.claude-3-haiku-20240307-v1',
    ];
    for (const b of benign) expect(kinds(`value ${b} here`), b).toEqual([]);
  });

  it('keeps base64 padding but not key=value prefixes, and leaves tokens inside URLs to the URL detector', () => {
    const [h] = findSecrets('blob Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0s== end', t);
    expect(h.excerpt.endsWith('==')).toBe(true);
    expect(kinds('d=Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0sA')).toEqual(['high-entropy-string']);
    expect(findSecrets('d=Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0sA', t)[0].start).toBe(2);
    expect(kinds('![x](https://img.example.net/p.gif?d=Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0sA)')).toEqual([]);
    expect(kinds('see https://cdn.example.net/v/Xk9mQ2vL7pR4tW8zN3bH6jF1cY5dG0sA/x.png')).toEqual([]);
    // a provider-format key in a URL is still a secret
    expect(kinds(`https://api.example.net/?key=AIzaSyD3xQ9vL2mN7pR4tW8zB6jF1cY5dG0sAkE`)).toEqual(['google-api-key']);
  });

  it('returns nothing for ordinary prose and scans tool calls too', () => {
    expect(secretsDetector.detect(out('The capital of France is Paris. Use AWS IAM roles instead of keys.'), ctx)).toEqual([]);
    const r = out('ok', { toolUses: [{ name: 'http', input: `{"auth":"${JWT}"}` }] });
    const [d] = secretsDetector.detect(r, ctx);
    expect(d.evidence.fields).toEqual(['tool-use']);
    expect(d.labels).toEqual(['secret:jwt']);
  });

  it('caps the scanned text per field', () => {
    const small = createDetectorContext({ content: { maxScanChars: 100 } });
    const text = `${'a '.repeat(100)} ${AWS_ID}`;
    expect(secretsDetector.detect(out(text), small)).toEqual([]);
    expect(secretsDetector.detect(out(text), ctx)).toHaveLength(1);
  });
});

describe('secret hints (one anchored pass per rare character)', () => {
  const flagged = (text: string) => SECRET_HINTS.filter((_, i) => scanHints(text)[i] === 1);
  const included = (text: string) => SECRET_HINTS.filter((h) => text.includes(h));

  it('flags exactly the hints the text includes, wherever they sit', () => {
    const texts = [
      '',
      'e',
      'eyJ', // the anchor ('J') is the last character: found at the very start of the text
      'sk-ant-', // anchored on '-', two characters in
      'xsk-ant-api03-', // 'sk-' inside 'sk-ant-'
      'ends with gh',
      'ghp_ at the start and github_pat_ later',
      'ecret ECRET -----BEGIN _live_ _test_ AIza ABSK bedrock-api-key- hooks.slack.com xox ABIA ACCA ASIA AKIA',
      'ekret ECRE -----BEGI _live _tes AIz ABS bedrock-api-key hooks.slack.co xo AB AC AS AK sk eyj g h',
      'Just prose: a cat, an Egg, a key -- and nothing_else. Javelin. Kiosk.',
      'AAAAAAAAAKIAAAAA ccccccecret ------BEGIN -----BEGIN',
      `${'filler '.repeat(50)}AKIA`,
    ];
    for (const text of texts) expect(flagged(text), text).toEqual(included(text));
  });

  it('finds a secret whose hint is at the very start or end of the text, and nothing in prose with the anchors alone', () => {
    expect(kinds(JWT)).toEqual(['jwt']);
    expect(kinds(`token ${AWS_ID}`)).toEqual(['aws-access-key-id']);
    expect(kinds('sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdEFGH')).toEqual(['anthropic-api-key']);
    expect(kinds('An Apple a day: Jam, Kiwi, eggs -- and a_b.')).toEqual([]);
  });
});

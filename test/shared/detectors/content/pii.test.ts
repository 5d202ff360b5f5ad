import { describe, expect, it } from 'vitest';
import { createDetectorContext } from '../../../../shared/detectors/config.ts';
import { cardBrand, findPii, ibanValid, luhnValid, piiDetector, ssnValid } from '../../../../shared/detectors/content/pii.ts';
import { out, rec } from '../../../fixtures/detectors/records.ts';

const ctx = createDetectorContext();
const kinds = (text: string) => findPii(text).map((h) => h.kind);

describe('payment cards', () => {
  it('accepts Luhn-valid numbers with a scheme prefix and consistent separators', () => {
    expect(kinds('Card: 4111 1111 1111 1111, exp 12/29')).toEqual(['payment-card']);
    expect(kinds('amex 3782-822463-10005')).toEqual(['payment-card']);
    expect(kinds('mc 5555555555554444.')).toEqual(['payment-card']);
    const [h] = findPii('4111-1111-1111-1111');
    expect(h.excerpt).toBe('4111 **** **** 1111');
  });

  it('rejects a 16-digit order number that fails Luhn', () => {
    const order = '4539148803436468';
    expect(cardBrand(order)).toBe('visa');
    expect(luhnValid(order)).toBe(false);
    expect(kinds(`Your order number is ${order}.`)).toEqual([]);
  });

  it('rejects Luhn-valid digits without a scheme prefix, mixed separators, or inside longer digit runs', () => {
    expect(luhnValid('1234567812345670')).toBe(true);
    expect(kinds('ref 1234567812345670')).toEqual([]); // no card scheme starts with 1
    expect(kinds('4111 1111-1111 1111')).toEqual([]);
    expect(kinds('id 94111111111111111119')).toEqual([]);
  });
});

describe('IBAN', () => {
  it('accepts valid IBANs (mod-97 and country length) and rejects a wrong checksum', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(kinds('IBAN GB82 WEST 1234 5698 7654 32 please')).toEqual(['iban']);
    expect(kinds('DE89370400440532013000')).toEqual(['iban']);
    expect(ibanValid('GB83WEST12345698765432')).toBe(false);
    expect(kinds('IBAN GB83 WEST 1234 5698 7654 32')).toEqual([]);
    expect(kinds('DE8937040044053201300')).toEqual([]); // one character short for DE
  });
});

describe('US SSN', () => {
  it('accepts valid numbers and rejects invalid area/group/serial', () => {
    expect(kinds('SSN 536-22-1234')).toEqual(['us-ssn']);
    expect(kinds('her social security number: 536221234')).toEqual(['us-ssn']);
    for (const bad of ['000-12-3456', '666-12-3456', '912-12-3456', '536-00-1234', '536-22-0000', '078-05-1120']) {
      expect(kinds(`SSN ${bad}`), bad).toEqual([]);
    }
    expect(ssnValid('536', '22', '1234')).toBe(true);
    // 9 digits without an SSN label are not an SSN
    expect(kinds('tracking 536221234')).toEqual([]);
  });
});

describe('emails and phones', () => {
  it('finds emails but ignores reserved example domains', () => {
    expect(kinds('write to jane.doe@acme-corp.io')).toEqual(['email']);
    expect(kinds('e.g. user@example.com or a@b.test')).toEqual([]);
    expect(findPii('jane.doe@acme-corp.io')[0].excerpt).toBe('j***@a***.io');
  });

  it('finds E.164 and separated NANP numbers, not plain long numbers or fictional 555-01xx', () => {
    expect(kinds('call +44 20 7946 0958')).toEqual(['phone']);
    expect(kinds('call (415) 555-2671')).toEqual(['phone']);
    expect(kinds('call 415.555.2671')).toEqual(['phone']);
    expect(kinds('invoice 4155552671')).toEqual([]);
    expect(kinds('call (415) 555-0123')).toEqual([]);
    expect(kinds('version 2.345.6789')).toEqual([]);
  });
});

describe('pii detector', () => {
  it('reports masked excerpts and per-kind counts, never raw values', () => {
    const [d] = piiDetector.detect(out('Card 4111 1111 1111 1111 and SSN 536-22-1234, mail jane.doe@acme-corp.io'), ctx);
    expect(d.severity).toBe('HIGH');
    expect(d.evidence.kinds).toEqual(['payment-card', 'us-ssn', 'email']);
    expect(d.evidence['count.payment-card']).toBe(1);
    const s = JSON.stringify(d);
    expect(s).not.toContain('4111 1111 1111 1111');
    expect(s).not.toContain('536-22-1234');
    expect(s).not.toContain('jane.doe');
  });

  it('does not count values the user typed in the same request', () => {
    const r = rec({ userTurns: ['My email is jane.doe@acme-corp.io, please confirm.'], outputs: ['Confirmed: jane.doe@acme-corp.io'] });
    expect(piiDetector.detect(r, ctx)).toEqual([]);
  });

  it('raises bulk contact data to MEDIUM', () => {
    const list = Array.from({ length: 5 }, (_, i) => `person${i}@acme-corp.io`).join(', ');
    const [d] = piiDetector.detect(out(list), ctx);
    expect(d.severity).toBe('MEDIUM');
    const [one] = piiDetector.detect(out('contact person0@acme-corp.io'), ctx);
    expect(one.severity).toBe('LOW');
  });
});

describe('patterns that need digits start at the first digit', () => {
  it('finds values whose match starts before the first digit (IBAN letters, "+", "(") at the very start of the text', () => {
    expect(kinds('DE89 3704 0044 0532 0130 00 is the account')).toEqual(['iban']);
    expect(kinds('+44 20 7946 0958 is the number')).toEqual(['phone']);
    expect(kinds('(415) 555-2671 is the number')).toEqual(['phone']);
    expect(kinds('4111 1111 1111 1111')).toEqual(['payment-card']);
  });

  it('finds values after other digits, keeps the order of kinds, and finds only emails in a text without digits', () => {
    expect(kinds('order 7, ssn 219-45-6789, card 4111111111111111, mail ana@corp.io, call +44 20 7946 0958')).toEqual([
      'payment-card',
      'us-ssn',
      'email',
      'phone',
    ]);
    expect(kinds('SSN: 123456780')).toEqual(['us-ssn']);
    expect(kinds('Write to ana@corp.io or (four one five) five five five, social security number unknown.')).toEqual(['email']);
    expect(findPii('No digits at all, just words and a + sign (here).')).toEqual([]);
  });
});

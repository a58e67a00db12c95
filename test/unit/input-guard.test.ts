import 'reflect-metadata';
import { badString } from '../../src/graphql/input-guard';
import { checkDate } from '../../src/shared/validate';

describe('input guard', () => {
  it('refuses NUL and control characters and lone surrogates, keeps ordinary text', () => {
    expect(badString('a\u0000b')).toMatch(/control/);
    expect(badString('bell\u0007')).toMatch(/control/);
    expect(badString('lone \udfff surrogate')).toMatch(/surrogate/);
    expect(badString('high \ud800 alone')).toMatch(/surrogate/);
    expect(badString('line\nnext\ttab\r')).toBeNull();
    expect(badString('emoji 😀 and 3の2(2)2 and עברית')).toBeNull();
  });
});

describe('dates', () => {
  it('accept 1900–9999 only', () => {
    expect(() => checkDate('0000-01-01', 'input.validUntil')).toThrow(/1900 and 9999/);
    expect(() => checkDate(new Date('+275760-09-13T00:00:00Z'), 'x')).toThrow();
    expect(() => checkDate('2026-06-01', 'x')).not.toThrow();
  });
});

import { canonicalJson, toJsonValue } from '../../src/shared/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level, so key order never changes the text', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
  it('keeps array order and distinguishes different values', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
  it('turns dates into ISO strings and undefined into null, as a JSON column returns them', () => {
    expect(toJsonValue({ at: new Date('2026-01-02T03:04:05Z'), gone: undefined })).toEqual({ at: '2026-01-02T03:04:05.000Z' });
    expect(toJsonValue(undefined)).toBeNull();
  });
});

/**
 * The hostile values of the bad-input property test, per kind of field: empty, huge,
 * unicode, NUL and control characters, SQL and script fragments, wrong types, unknown and
 * foreign ids, out-of-range numbers, far dates, forged cursors; and the shape of an
 * operation under test.
 */
import fc from 'fast-check';

type Vars = Record<string, any>;
type Ctx = Record<string, any>;

export type Kind =
  | 'text'
  | 'id'
  | 'code'
  | 'int'
  | 'float'
  | 'bool'
  | 'date'
  | 'datetime'
  | 'texts'
  | 'ids'
  | 'codes'
  | 'cursor'
  | 'object'
  | 'list'
  | 'content'
  | { enum: string[] };

export interface Op {
  name: string;
  /** The root field (its data is null when the call was rejected). */
  field: string;
  doc: string;
  /** Seeded principal handle, or null for anonymous; by default the first role the operation catalogue allows. */
  as?: string | null;
  fixture?: () => Promise<Ctx>;
  /** Rebuild the fixture after a successful call (the record moved on). */
  refresh?: boolean;
  base: (ctx: Ctx) => Vars;
  /** Variable paths (dotted; numbers index arrays) and what they hold. */
  fields: Record<string, Kind>;
  /** A success that reports a rejection in its data (an import with row errors writes nothing). */
  rejectedInData?: (data: any) => boolean;
  /** Restore shared state after a successful call (the consortium policy). */
  afterSuccess?: () => Promise<void>;
}

export const enumOf = (...values: string[]): Kind => ({ enum: values });

export const OMIT = Symbol('omit');
export const KEEP = Symbol('keep');
const huge = (c: string) => c.repeat(Math.ceil(100_000 / c.length));

export const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n ',
  huge('x'),
  huge('é'),
  huge('🧪'),
  huge('\u202E'),
  '\u0000',
  'a\u0000b',
  'trailing nul\u0000',
  '\u0007\u001b[31mred\u001b[0m',
  '\r\n\r\n',
  '\u0085\u2028\u2029',
  '\uFEFFbom',
  '\u007F\u009F',
  '\u202Eexe.txt\u202C',
  'مرحبا بالعالم',
  'שלום עולם',
  '👩‍🔬🧫🧬🦠',
  'Z\u0351\u0334a\u0336\u0318l\u0335g\u0334o',
  '\uD800',
  'lone \uDFFF surrogate',
  'İıßſ',
  "'; DROP TABLE audit_event; --",
  '" OR 1=1 --',
  "1'; SELECT pg_sleep(10); --",
  "' || (SELECT version()) || '",
  '$$; COMMIT; $$',
  '%',
  '_',
  '\\',
  '%_\\',
  '$1',
  '?',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00',
  '\\u0000',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '9'.repeat(400),
  '!!&|:*("',
  '<->',
  'a:* & !b',
];
export const FOREIGN_IDS: string[] = []; // real ids of other kinds, filled in beforeAll
export const NASTY_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000g',
  ' 00000000-0000-4000-8000-000000000000 ',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000000040008000000000000000',
  '-1',
  '0',
  '1e309',
  '9223372036854775808',
];
export const NASTY_CODES = [
  'de',
  'XX',
  'EU',
  'AG',
  'D E',
  'DEU',
  'D\u0000',
  'BIO.',
  '.BIO',
  'BIO..X',
  'bio.eqp',
  'A'.repeat(300),
  `${'A.'.repeat(40)}A`,
  'BXI.FERM',
  'ZZ',
];
export const NASTY_INTS = [0, -1, 1, -2147483648, 2147483647, 2147483648, -2147483649, 1e15, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e308, -1e308];
export const NASTY_FLOATS = [0, -0, -1, 5e-324, 1e-320, 1e308, -1e308, Number.MAX_VALUE, 2 ** 53 + 1, 0.1 + 0.2];
export const NASTY_DATES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-29',
  '2024-02-29',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '1900-01-01',
  '2026-3-2',
  '20260302',
  '2026-03-02T00:00:00Z',
  'yesterday',
  '-002026-01-01',
  '+002026-01-01',
  '275760-09-13',
];
export const NASTY_DATETIMES = [
  '0001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2026-03-02T09:00:00+14:00',
  '2026-03-02T09:00:00-12:00',
  '2026-02-30T00:00:00Z',
  '2026-03-02T24:00:00Z',
  '2026-03-02T23:59:60Z',
  '2026-03-02',
  'now',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '2026-03-02T09:00:00.123456789Z',
  '2026-03-02 09:00:00',
];
export const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
export const FORGED_CURSORS = [
  b64(['a', 'b']),
  b64([1, 2]),
  b64(1e300),
  b64(-1),
  b64(2 ** 53),
  b64(1.5),
  b64(1e21),
  b64('x'),
  b64({}),
  b64([null, null]),
  b64([[], {}]),
  b64(['2026-01-01T00:00:00Z', 'not-a-uuid']),
  b64(['0000-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000']),
  b64(['99999-12-31T23:59:59Z', '00000000-0000-0000-0000-000000000000']),
  b64(["'; DROP TABLE audit_event; --", '00000000-0000-0000-0000-000000000000']),
  b64('\u0000'),
  b64(['\u0000', '\u0000']),
  b64('not json'),
  '!!!',
  '====',
  'eyJ',
  // Keyset cursors JavaScript reads as dates or ids but PostgreSQL may not.
  b64(['1', '00000000-0000-0000-0000-000000000000']),
  b64(['-271821-04-20T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
  b64(['+275760-09-13T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
  b64(['Tue, 01 Jan 2030 00:00:00 GMT', '00000000-0000-0000-0000-000000000000']),
  b64(['2026-01-01T00:00:00Z', '-'.repeat(36)]),
  b64(['2026-01-01T00:00:00Z', 'abcdefab-cdef-abcd-efab-cdefabcdefab-']),
  b64(2 ** 63),
  b64(1e16),
  b64(Number.MAX_SAFE_INTEGER),
];

const parsedProto = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');

function nastyString(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`), weight: 1 },
  );
}

function wrongType(): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>(OMIT, null, 0, -1, 2 ** 31, 1.5, true, false, [], ['a', 1], {}, parsedProto, [[['deep']]], { a: { b: { c: 1 } } });
}

export function hostile(kind: Kind): fc.Arbitrary<unknown> {
  const wrong = { arbitrary: wrongType(), weight: 1 };
  const ids = () => fc.oneof(fc.constantFrom(...NASTY_IDS, ...FOREIGN_IDS), fc.uuid(), nastyString());
  const codes = () => fc.oneof(fc.constantFrom(...NASTY_CODES), nastyString());
  const list = (item: fc.Arbitrary<unknown>) =>
    fc.oneof(
      fc.constant([]),
      fc.array(item, { minLength: 1, maxLength: 4 }),
      fc.constant(Array.from({ length: 2000 }, (_, i) => `X${i}`)),
      fc.constant([huge('y')]),
      fc.constant([['nested']]),
      fc.constant([null]),
    );
  if (typeof kind === 'object') {
    return fc.oneof(
      {
        arbitrary: fc.constantFrom(
          ...kind.enum.map((v) => v.toLowerCase()),
          ...kind.enum.map((v) => ` ${v}`),
          'NOPE',
          '',
          `${kind.enum[0]}\u0000`,
          '__proto__',
        ),
        weight: 3,
      },
      wrong,
    );
  }
  switch (kind) {
    case 'text':
      return fc.oneof({ arbitrary: nastyString(), weight: 5 }, wrong);
    case 'id':
      return fc.oneof({ arbitrary: ids(), weight: 5 }, wrong);
    case 'code':
      return fc.oneof({ arbitrary: codes(), weight: 5 }, wrong);
    case 'int':
      return fc.oneof({ arbitrary: fc.oneof(fc.constantFrom(...NASTY_INTS), fc.integer()), weight: 5 }, wrong, {
        arbitrary: fc.constantFrom('1', '1e3'),
        weight: 1,
      });
    case 'float':
      return fc.oneof({ arbitrary: fc.oneof(fc.constantFrom(...NASTY_FLOATS), fc.double({ noNaN: true, noDefaultInfinity: true })), weight: 5 }, wrong, {
        arbitrary: fc.constantFrom('1', 'NaN', 'Infinity'),
        weight: 1,
      });
    case 'bool':
      return fc.oneof(fc.constantFrom('true', 'false', 1, 0, 'yes'), wrong);
    case 'date':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...NASTY_DATES), weight: 4 },
        { arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString().split('T')[0]), weight: 2 },
        { arbitrary: nastyString(), weight: 1 },
        wrong,
      );
    case 'datetime':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...NASTY_DATETIMES), weight: 4 },
        { arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()), weight: 2 },
        { arbitrary: nastyString(), weight: 1 },
        wrong,
      );
    case 'texts':
      return fc.oneof({ arbitrary: list(nastyString()), weight: 4 }, wrong);
    case 'ids':
      return fc.oneof({ arbitrary: list(ids()), weight: 4 }, wrong);
    case 'codes':
      return fc.oneof({ arbitrary: list(codes()), weight: 4 }, wrong);
    case 'cursor':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...FORGED_CURSORS), weight: 4 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(b64), weight: 1 },
        { arbitrary: nastyString(), weight: 1 },
        wrong,
      );
    case 'object':
      return fc.oneof(fc.constantFrom({}, parsedProto, { unknownField: 1 }), wrong);
    case 'list':
      return fc.oneof(
        fc.constantFrom(
          [],
          [{}],
          [null],
          Array.from({ length: 600 }, () => ({})),
        ),
        wrong,
      );
    case 'content':
      return fc.oneof(
        { arbitrary: nastyString(), weight: 3 },
        {
          arbitrary: fc
            .record({ controlNumber: nastyString(), title: nastyString(), text: nastyString(), tier: fc.constantFrom('STANDARD', 'PLATINUM', 1) })
            .map((e) => JSON.stringify([e])),
          weight: 2,
        },
        {
          arbitrary: nastyString().map((s) => `controlNumber,title,text,tier,hsCodes,parameters\nBX-1,${String(s).slice(0, 5000)},t,STANDARD,8419,a|GTE|1|L`),
          weight: 2,
        },
        {
          arbitrary: fc.constantFrom(
            '[',
            '{"entries": 5}',
            'null',
            '[null]',
            '[[[]]]',
            `[${'['.repeat(5000)}${']'.repeat(5000)}]`,
            JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ controlNumber: `BX-${i}`, title: 't', text: 't', tier: 'NOPE' }))),
          ),
          weight: 1,
        },
        wrong,
      );
  }
}

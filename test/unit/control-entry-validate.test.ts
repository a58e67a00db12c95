import { validateEntries, validateEntry } from '../../src/modules/control-lists/control-entry.validate';
import { Comparator, ExclusionKind, LicensingTier } from '../../src/modules/control-lists/control-list.enums';

const full = {
  controlNumber: '2B352.b',
  parentNumber: '2B352',
  title: 'Fermenters',
  text: 'Fermenters capable of cultivation of micro-organisms\nwithout the propagation of aerosols.',
  parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' }],
  reasonsForControl: ['CB', 'AT'],
  regimeReferences: ['AG'],
  hsCodes: ['8419.89'],
  notes: 'Includes single-use systems.',
  exclusions: [{ kind: 'VACCINE', description: 'Vaccines' }],
  tier: 'STANDARD',
  tierIllustrative: true,
  source: 'EU Regulation 2021/821, Annex I',
};
const minimal = { controlNumber: 'EAR99', title: 'Other items', text: 'Items subject to the EAR not elsewhere specified.', tier: 'DECLARATION' };

/** The errors of an entry as "field: message" lines, for readable assertions. */
function errorsOf(raw: unknown): string[] {
  return validateEntry(raw).errors.map((e) => `${e.field}: ${e.message}`);
}
function fieldsOf(raw: unknown): string[] {
  return validateEntry(raw).errors.map((e) => e.field);
}

describe('validateEntry: valid input', () => {
  it('accepts a full entry and returns it normalised', () => {
    const result = validateEntry(full);
    expect(result.errors).toEqual([]);
    expect(result.entry).toEqual({
      ...full,
      parameters: [{ name: 'total internal volume', comparator: Comparator.GTE, value: 20, unit: 'L' }],
      exclusions: [{ kind: ExclusionKind.VACCINE, description: 'Vaccines' }],
      tier: LicensingTier.STANDARD,
    });
  });

  it('defaults absent lists to [], absent optionals to null and tierIllustrative to false', () => {
    expect(validateEntry(minimal)).toEqual({
      entry: {
        controlNumber: 'EAR99',
        parentNumber: null,
        title: 'Other items',
        text: 'Items subject to the EAR not elsewhere specified.',
        parameters: [],
        reasonsForControl: [],
        regimeReferences: [],
        hsCodes: [],
        notes: null,
        exclusions: [],
        tier: 'DECLARATION',
        tierIllustrative: false,
        source: null,
      },
      errors: [],
    });
    // null is as good as absent (GraphQL sends nulls for unset optionals)
    const withNulls = { ...minimal, parentNumber: null, parameters: null, hsCodes: null, notes: null, source: null, tierIllustrative: null };
    expect(validateEntry(withNulls).entry).toEqual(validateEntry(minimal).entry);
  });

  it('trims strings, turns empty optionals into null, converts numeric strings, dedupes codes', () => {
    const { entry, errors } = validateEntry({
      controlNumber: '  1C351.a.1 ',
      parentNumber: '   ',
      title: ' Human pathogens ',
      text: '  line one\r\nline two\rline\tthree  ',
      notes: '',
      parameters: [
        { name: ' flow rate ', comparator: ' GT ', value: ' 1.5e2 ', unit: ' L/h ' },
        { name: 'count', comparator: 'EQ', value: '-3' },
      ],
      hsCodes: ['8419.89', ' 8419.89', '8479.89'],
      reasonsForControl: ['CB', 'CB Column 1', 'CB'],
      tier: 'ENHANCED',
    });
    expect(errors).toEqual([]);
    expect(entry).toMatchObject({
      controlNumber: '1C351.a.1',
      parentNumber: null,
      title: 'Human pathogens',
      text: 'line one\nline two\nline\tthree',
      notes: null,
      parameters: [
        { name: 'flow rate', comparator: 'GT', value: 150, unit: 'L/h' },
        { name: 'count', comparator: 'EQ', value: -3, unit: '' },
      ],
      hsCodes: ['8419.89', '8479.89'],
      reasonsForControl: ['CB', 'CB Column 1'],
    });
    expect(typeof entry!.parameters![0].value).toBe('number');
  });

  it.each(['2B352.b', '1C351.a.1', '3の2(2)2', 'I.2', '2-2.B.352', 'EAR99', '1C991.d', '2B352 b', 'ML7/a', '第3の2項', '２Ｂ３５２．ｂ'])(
    'accepts the control number %s',
    (controlNumber) => {
      expect(errorsOf({ ...minimal, controlNumber })).toEqual([]);
    },
  );

  it('ignores the mappings key that seed files carry', () => {
    const result = validateEntry({ ...full, mappings: [{ node: 'fermenter', relation: 'EXACT' }] });
    expect(result.errors).toEqual([]);
    expect(result.entry).not.toHaveProperty('mappings');
  });

  it('accepts values at their limits', () => {
    expect(
      errorsOf({
        ...minimal,
        controlNumber: 'A'.repeat(40),
        title: 'T'.repeat(300),
        text: 'x'.repeat(10_000),
        notes: 'n'.repeat(5_000),
        source: 's'.repeat(1_000),
        parameters: Array.from({ length: 50 }, (_, i) => ({ name: 'p'.repeat(100), comparator: 'LT', value: i, unit: 'u'.repeat(30) })),
        reasonsForControl: Array.from({ length: 20 }, () => 'NS'),
        regimeReferences: Array.from({ length: 10 }, () => 'MTCR'),
        hsCodes: Array.from({ length: 30 }, () => '8419.8998'),
        exclusions: Array.from({ length: 30 }, () => ({ kind: 'OTHER', description: 'd'.repeat(1_000) })),
      }),
    ).toEqual([]);
    // lengths are counted in characters, not UTF-16 units
    expect(errorsOf({ ...minimal, title: '😀'.repeat(300) })).toEqual([]);
  });
});

describe('validateEntry: hostile and malformed input', () => {
  it.each([
    ['<script>alert(1)</script>'],
    ["2B352'; DROP TABLE control_entry; --"],
    ['2B352"'],
    ['2B\\352'],
    ['2B352;'],
    ['2B352>'],
    ['2B352\u0000'],
    ['2B\n352'],
    ['2B\t352'],
    ['.2B352'],
    ['(a)'],
    ['2B352_b'],
  ])('rejects the control number %j', (controlNumber) => {
    expect(fieldsOf({ ...minimal, controlNumber })).toEqual(['controlNumber']);
  });

  it('rejects a control number over 40 characters', () => {
    expect(errorsOf({ ...minimal, controlNumber: 'A'.repeat(41) })).toEqual(['controlNumber: must be at most 40 characters, got 41']);
  });

  it('reports missing required fields, each by name', () => {
    expect(errorsOf({})).toEqual(['controlNumber: is required', 'title: is required', 'text: is required', 'tier: is required']);
    expect(errorsOf({ ...minimal, title: '   ', text: '' })).toEqual(['title: must not be empty', 'text: must not be empty']);
  });

  it('applies the same rules to parentNumber, which must differ from controlNumber', () => {
    expect(fieldsOf({ ...minimal, parentNumber: '<b>' })).toEqual(['parentNumber']);
    expect(errorsOf({ ...minimal, parentNumber: ' EAR99 ' })).toEqual(['parentNumber: must differ from controlNumber']);
  });

  it('rejects over-long text fields', () => {
    expect(errorsOf({ ...minimal, title: 'x'.repeat(10_000) })).toEqual(['title: must be at most 300 characters, got 10000']);
    expect(fieldsOf({ ...minimal, text: 'x'.repeat(10_001) })).toEqual(['text']);
    expect(fieldsOf({ ...minimal, notes: 'x'.repeat(5_001) })).toEqual(['notes']);
    expect(fieldsOf({ ...minimal, source: 'x'.repeat(1_001) })).toEqual(['source']);
  });

  it('allows line feeds and tabs only in text and notes, and no other control characters anywhere', () => {
    expect(errorsOf({ ...minimal, text: 'a\nb\tc', notes: 'd\ne' })).toEqual([]);
    expect(fieldsOf({ ...minimal, title: 'Fermenters\nand more' })).toEqual(['title']);
    expect(fieldsOf({ ...minimal, source: 'a\tb' })).toEqual(['source']);
    expect(fieldsOf({ ...minimal, text: 'bell\u0007' })).toEqual(['text']);
    expect(fieldsOf({ ...minimal, notes: 'esc\u001b[31m' })).toEqual(['notes']);
    expect(fieldsOf({ ...minimal, text: 'nul\u0000' })).toEqual(['text']);
    expect(fieldsOf({ ...minimal, title: 'c1\u0085' })).toEqual(['title']);
    expect(fieldsOf({ ...minimal, title: 'del\u007f' })).toEqual(['title']);
  });

  it('rejects text that is not well-formed Unicode (a lone surrogate)', () => {
    expect(errorsOf({ ...minimal, title: 'broken \ud800 text' })).toEqual(['title: must be well-formed Unicode text']);
  });

  it('keeps markup and SQL in prose as inert text (no pattern applies there)', () => {
    const { entry } = validateEntry({ ...minimal, title: "<script>alert(1)</script>'; DROP TABLE x; --" });
    expect(entry!.title).toBe("<script>alert(1)</script>'; DROP TABLE x; --");
  });

  it('rejects wrong types with the type named', () => {
    expect(errorsOf({ ...minimal, controlNumber: 2352 })).toEqual(['controlNumber: must be a string, got number']);
    expect(errorsOf({ ...minimal, title: ['Fermenters'] })).toEqual(['title: must be a string, got array']);
    expect(errorsOf({ ...minimal, text: { html: 'x' } })).toEqual(['text: must be a string, got object']);
    expect(errorsOf({ ...minimal, parameters: { name: 'x' } })).toEqual(['parameters: must be an array, got object']);
    expect(errorsOf({ ...minimal, hsCodes: '8419.89' })).toEqual(['hsCodes: must be an array, got string']);
    expect(errorsOf({ ...minimal, hsCodes: [8419.89] })).toEqual(['hsCodes.0: must be a string, got number']);
    expect(errorsOf({ ...minimal, exclusions: [['VACCINE', 'x']] })).toEqual(['exclusions.0: must be an object, got array']);
    expect(errorsOf({ ...minimal, tierIllustrative: 'yes' })).toEqual(['tierIllustrative: must be a boolean, got string']);
    expect(errorsOf({ ...minimal, tier: 2 })).toEqual(['tier: must be one of DECLARATION, STANDARD, ENHANCED']);
  });

  it.each([[null], [undefined], ['entry'], [42], [[minimal]]])('rejects %j as an entry', (raw) => {
    expect(validateEntry(raw)).toEqual({ errors: [{ field: 'entry', message: expect.stringMatching(/^must be an object/) }] });
  });

  it('rejects unknown keys by name, including __proto__ from JSON', () => {
    expect(errorsOf({ ...minimal, colour: 'red' })).toEqual(['colour: unknown field']);
    expect(fieldsOf(JSON.parse('{"controlNumber":"EAR99","title":"t","text":"t","tier":"STANDARD","__proto__":{"admin":true}}'))).toEqual(['__proto__']);
    expect(fieldsOf({ ...minimal, parameters: [{ name: 'n', comparator: 'GT', value: 1, unit: '', extra: 1 }] })).toEqual(['parameters.0.extra']);
    expect(fieldsOf({ ...minimal, exclusions: [{ kind: 'OTHER', description: 'd', why: 'x' }] })).toEqual(['exclusions.0.why']);
  });

  it.each([
    [NaN, 'must be a finite number'],
    [Infinity, 'must be a finite number'],
    [-Infinity, 'must be a finite number'],
    ['NaN', 'must be a finite decimal number'],
    ['Infinity', 'must be a finite decimal number'],
    ['1e999', 'must be a finite decimal number'],
    ['0x10', 'must be a finite decimal number'],
    ['20 L', 'must be a finite decimal number'],
    ['', 'must be a finite decimal number'],
    [true, 'must be a number, got boolean'],
    [{ value: 1 }, 'must be a number, got object'],
    [undefined, 'is required'],
  ])('rejects the parameter value %p, naming its path', (value, message) => {
    const parameters = [
      { name: 'a', comparator: 'GT', value: 1, unit: 'L' },
      { name: 'b', comparator: 'GT', value: 2, unit: 'L' },
      { name: 'c', comparator: 'GT', value, unit: 'L' },
    ];
    expect(errorsOf({ ...minimal, parameters })).toEqual([`parameters.2.value: ${message}`]);
  });

  it('checks every part of a parameter', () => {
    expect(
      errorsOf({
        ...minimal,
        parameters: [{ name: '', comparator: 'GREATER', value: 1, unit: 'u'.repeat(31) }, 'volume >= 20 L'],
      }),
    ).toEqual([
      'parameters.0.name: must not be empty',
      'parameters.0.comparator: must be one of GT, GTE, LT, LTE, EQ',
      'parameters.0.unit: must be at most 30 characters, got 31',
      'parameters.1: must be an object, got string',
    ]);
  });

  it('checks code lists against their patterns', () => {
    expect(fieldsOf({ ...minimal, reasonsForControl: ['cb', 'CB Column', 'CBCBC', 'C', 'NS Column 2'] })).toEqual([
      'reasonsForControl.0',
      'reasonsForControl.1',
      'reasonsForControl.2',
      'reasonsForControl.3',
    ]);
    expect(fieldsOf({ ...minimal, regimeReferences: ['AG', 'wa', 'AG Column 1', 'MTCRX'] })).toEqual([
      'regimeReferences.1',
      'regimeReferences.2',
      'regimeReferences.3',
    ]);
    expect(fieldsOf({ ...minimal, hsCodes: ['8419', '8419.8', '84198', '8419.899', '8419.8998', '8419.89.98', 'abcd'] })).toEqual([
      'hsCodes.1',
      'hsCodes.2',
      'hsCodes.3',
      'hsCodes.5',
      'hsCodes.6',
    ]);
  });

  it('checks exclusions', () => {
    expect(
      errorsOf({
        ...minimal,
        exclusions: [
          { kind: 'OTHER', description: 'fine' },
          { kind: 'vaccine', description: '' },
        ],
      }),
    ).toEqual([
      'exclusions.1.kind: must be one of VACCINE, MEDICINAL_PRODUCT, MEDICAL_DEVICE, BARRIER_NURSING_ISOLATOR, DIAGNOSTIC, INACTIVATED_OR_ATTENUATED, OTHER',
      'exclusions.1.description: must not be empty',
    ]);
  });

  it('enforces the list limits', () => {
    const many = <T>(n: number, item: T) => Array.from({ length: n }, () => item);
    expect(errorsOf({ ...minimal, parameters: many(51, { name: 'n', comparator: 'GT', value: 1, unit: '' }) })).toEqual([
      'parameters: must have at most 50 items, got 51',
    ]);
    expect(fieldsOf({ ...minimal, reasonsForControl: many(21, 'NS') })).toEqual(['reasonsForControl']);
    expect(fieldsOf({ ...minimal, regimeReferences: many(11, 'AG') })).toEqual(['regimeReferences']);
    expect(fieldsOf({ ...minimal, hsCodes: many(31, '8419') })).toEqual(['hsCodes']);
    expect(fieldsOf({ ...minimal, exclusions: many(31, { kind: 'OTHER', description: 'd' }) })).toEqual(['exclusions']);
  });

  it('reports every problem at once and returns no entry', () => {
    const result = validateEntry({ controlNumber: '<x>', title: 'ok', text: 7, tier: 'MAXIMUM', hsCodes: ['1'], evil: true });
    expect(result.entry).toBeUndefined();
    expect(result.errors.map((e) => e.field)).toEqual(['evil', 'controlNumber', 'text', 'hsCodes.0', 'tier']);
  });
});

describe('validateEntry: scope and recording of exclusions and parameters', () => {
  it("keeps a parameter's or an exclusion's scope (taxonomy codes) and refuses anything else there", () => {
    const entry = validateEntry({
      ...minimal,
      parameters: [{ name: 'flow rate', comparator: 'GT', value: 100, unit: 'L/h', appliesTo: ['BIO.EQP.CENTRIFUGE'] }],
      exclusions: [{ kind: 'VACCINE', description: 'Vaccines', appliesTo: [' BIO.AGT.VIRUS ', 'BIO.AGT.VIRUS'] }],
    }).entry!;
    expect(entry.parameters![0].appliesTo).toEqual(['BIO.EQP.CENTRIFUGE']);
    expect(entry.exclusions![0].appliesTo).toEqual(['BIO.AGT.VIRUS']);
    expect(validateEntry({ ...minimal, exclusions: [{ kind: 'VACCINE', description: 'v' }] }).entry!.exclusions![0]).toEqual({
      kind: 'VACCINE',
      description: 'v',
    });
    expect(fieldsOf({ ...minimal, exclusions: [{ kind: 'VACCINE', description: 'v', appliesTo: ['bio.agt; drop'] }] })).toEqual(['exclusions.0.appliesTo.0']);
    expect(fieldsOf({ ...minimal, parameters: [{ name: 'x', comparator: 'GT', value: 1, appliesTo: 'BIO' }] })).toEqual(['parameters.0.appliesTo']);
  });
  it('records whether the exclusions were entered: explicit, or absent (writers then default to "recorded when listed")', () => {
    expect(validateEntry(minimal).entry).not.toHaveProperty('exclusionsRecorded');
    expect(validateEntry({ ...minimal, exclusionsRecorded: true }).entry!.exclusionsRecorded).toBe(true);
    // Some exclusions known, the list not known to be complete.
    expect(validateEntry({ ...minimal, exclusions: [{ kind: 'VACCINE', description: 'v' }], exclusionsRecorded: false }).entry!.exclusionsRecorded).toBe(false);
    expect(errorsOf({ ...minimal, exclusionsRecorded: 'yes' })).toEqual(['exclusionsRecorded: must be a boolean, got string']);
  });
});

describe('validateEntries', () => {
  it('returns every valid entry in order', () => {
    const { entries, errors } = validateEntries([full, minimal]);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.controlNumber)).toEqual(['2B352.b', 'EAR99']);
  });

  it('tags errors with the entry index and leaves invalid entries out', () => {
    const { entries, errors } = validateEntries([minimal, { ...full, tier: 'NONE' }]);
    expect(entries.map((e) => e.controlNumber)).toEqual(['EAR99']);
    expect(errors).toEqual([{ index: 1, field: 'tier', message: 'must be one of DECLARATION, STANDARD, ENHANCED' }]);
  });

  it('reports a duplicate control number on each later occurrence, naming it', () => {
    const { entries, errors } = validateEntries([full, minimal, { ...minimal, controlNumber: ' 2B352.b ' }, { ...full, title: 'again' }]);
    expect(errors).toEqual([
      { index: 2, field: 'controlNumber', message: 'duplicate controlNumber "2B352.b" (first at index 0)' },
      { index: 3, field: 'controlNumber', message: 'duplicate controlNumber "2B352.b" (first at index 0)' },
    ]);
    expect(entries.map((e) => e.title)).toEqual(['Fermenters', 'Other items']);
  });

  it('accepts 20,000 entries and refuses 20,001 without checking them', () => {
    const batch = Array.from({ length: 20_000 }, (_, i) => ({ ...minimal, controlNumber: `X${i}` }));
    const ok = validateEntries(batch);
    expect(ok.errors).toEqual([]);
    expect(ok.entries).toHaveLength(20_000);

    const tooMany = validateEntries([...batch, { ...minimal, controlNumber: 'X20000' }]);
    expect(tooMany.entries).toEqual([]);
    expect(tooMany.errors).toEqual([{ index: 20_000, field: 'entries', message: 'at most 20000 entries per batch, got 20001' }]);
  });
});

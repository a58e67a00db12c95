import { type ImportFormat, parseImport, type RowError } from '../../src/modules/control-lists/import.parser';

const HEADER = 'controlNumber,parentNumber,title,text,tier,parameters,reasonsForControl,regimeReferences,hsCodes,notes,exclusions,source,tierIllustrative';

/** A file of the given lines, LF-terminated. */
const csv = (...lines: string[]) => lines.join('\n') + '\n';
/** A minimal valid row for the header `controlNumber,title,text,tier`. */
const SHORT_HEADER = 'controlNumber,title,text,tier';
const row = (n: string, tier = 'STANDARD') => `${n},Title ${n},Text of ${n},${tier}`;

const where = (errors: RowError[]) => errors.map((e) => `${e.line} ${e.controlNumber} ${e.field}`);

const fermenter = {
  controlNumber: '2B352.b',
  parentNumber: '2B352',
  title: 'Fermenters',
  text: 'Fermenters capable of cultivation of micro-organisms,\nwithout the propagation of aerosols, having:\n"a total internal volume of 20 l or more"',
  parameters: [
    { name: 'total internal volume', comparator: 'GTE', value: 20, unit: 'L' },
    { name: 'flow rate', comparator: 'GT', value: 100, unit: 'L/h' },
    { name: 'stages', comparator: 'EQ', value: 2, unit: '' },
  ],
  reasonsForControl: ['CB', 'AT'],
  regimeReferences: ['AG'],
  hsCodes: ['8419.89', '8479.89'],
  notes: null,
  exclusions: [
    { kind: 'VACCINE', description: 'Vaccines for human use' },
    { kind: 'MEDICAL_DEVICE', description: 'Cleared devices' },
  ],
  source: 'EU 2021/821',
  tier: 'STANDARD',
  tierIllustrative: true,
};
const pathogen = {
  controlNumber: '3の2(2)2',
  parentNumber: null,
  title: 'Human pathogens',
  text: 'Bacteria, as follows',
  parameters: [],
  reasonsForControl: ['CB Column 1'],
  regimeReferences: [],
  hsCodes: [],
  notes: 'See also 1C351.',
  exclusions: [],
  source: null,
  tier: 'ENHANCED',
  tierIllustrative: false,
};
const ear99 = {
  ...pathogen,
  controlNumber: 'EAR99',
  title: 'Other items',
  text: 'Not elsewhere specified',
  reasonsForControl: [],
  notes: null,
  tier: 'DECLARATION',
};

/** The same three entries as CSV: the first row's text cell is quoted and spans lines 2–4. */
const VALID_CSV = csv(
  HEADER,
  '2B352.b,2B352,Fermenters,"Fermenters capable of cultivation of micro-organisms,',
  'without the propagation of aerosols, having:',
  '""a total internal volume of 20 l or more""",STANDARD,total internal volume|GTE|20|L;flow rate|GT|100|L/h;stages|EQ|2,CB;AT,AG,8419.89;8479.89,,VACCINE: Vaccines for human use;MEDICAL_DEVICE: Cleared devices,EU 2021/821,yes',
  '3の2(2)2,,Human pathogens,"Bacteria, as follows",ENHANCED,,CB Column 1,,,See also 1C351.,,,false',
  'EAR99,,Other items,Not elsewhere specified,DECLARATION,,,,,,,,',
);

describe('parseImport: valid CSV and JSON', () => {
  it('reads a CSV file, including quoted multi-line cells and every cell format', () => {
    const result = parseImport(VALID_CSV, 'CSV');
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(3);
    expect(result.entries).toEqual([fermenter, pathogen, ear99]);
  });

  it('reads the same entries from JSON, as an array or as { entries }', () => {
    const json = JSON.stringify([fermenter, pathogen, ear99], null, 2);
    expect(parseImport(json, 'JSON')).toEqual({ entries: [fermenter, pathogen, ear99], errors: [], rows: 3 });
    expect(parseImport(JSON.stringify({ entries: [fermenter] }), 'JSON')).toEqual({ entries: [fermenter], errors: [], rows: 1 });
    // what the CSV import produced round-trips through JSON unchanged
    const fromCsv = parseImport(VALID_CSV, 'CSV').entries;
    expect(parseImport(JSON.stringify(fromCsv), 'JSON').entries).toEqual(fromCsv);
  });

  it('ignores the mappings that JSON seed files carry', () => {
    const seed = JSON.stringify({ entries: [{ ...ear99, mappings: [{ node: 'x', relation: 'EXACT' }] }] });
    expect(parseImport(seed, 'JSON')).toEqual({ entries: [ear99], errors: [], rows: 1 });
  });

  it('matches header names case-insensitively and ignores spaces around them and the column order', () => {
    const result = parseImport(csv(' TIER , ControlNumber,text ,Title', 'STANDARD,1A001,Some text,Some title'), 'CSV');
    expect(result.errors).toEqual([]);
    expect(result.entries).toMatchObject([{ controlNumber: '1A001', title: 'Some title', text: 'Some text', tier: 'STANDARD' }]);
  });

  it('reads every spelling of tierIllustrative', () => {
    const values = ['true', 'TRUE', 'yes', 'Yes', '1', 'false', 'no', 'NO', '0'];
    const content = csv(`${SHORT_HEADER},tierIllustrative`, ...values.map((v, i) => `${row(`A${i}`)},${v}`));
    const result = parseImport(content, 'CSV');
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => e.tierIllustrative)).toEqual([true, true, true, true, true, false, false, false, false]);
  });

  it('handles a UTF-8 BOM and CRLF line endings, also inside quoted cells', () => {
    const content = '\uFEFF' + [SHORT_HEADER, '1A,t,"two\r\nlines",STANDARD', '', '2A,t,x,BAD', ''].join('\r\n');
    const result = parseImport(content, 'CSV');
    expect(result.entries).toEqual([expect.objectContaining({ controlNumber: '1A', text: 'two\nlines' })]);
    expect(result.errors).toEqual([{ line: 5, controlNumber: '2A', field: 'tier', message: 'must be one of DECLARATION, STANDARD, ENHANCED' }]);
    expect(result.rows).toBe(2);
    expect(parseImport('\uFEFF' + JSON.stringify([ear99]), 'JSON').entries).toEqual([ear99]);
    // a quoted first header cell right after the BOM
    expect(parseImport('\uFEFF"controlNumber",title,text,tier\r\n1A,t,x,STANDARD', 'CSV').errors).toEqual([]);
  });

  it('accepts a file without a final newline, and a header with no rows', () => {
    expect(parseImport(`${SHORT_HEADER}\n${row('1A')}`, 'CSV').entries).toHaveLength(1);
    expect(parseImport(SHORT_HEADER, 'CSV')).toEqual({ entries: [], errors: [], rows: 0 });
  });
});

describe('parseImport: CSV line numbers', () => {
  it('reports the physical line of the row after a multi-line cell, and the first line of the multi-line row', () => {
    const content = csv(
      SHORT_HEADER, //                          line 1
      '1A,t,"first', //                         line 2
      'second', //                              line 3
      'third",STANDARD', //                     line 4
      '2A,t,x,WRONG', //                        line 5
      '3A,"a title ""quoted""","x', //           line 6
      'y",WRONG', //                            line 7
      '4A,t,x,WRONG', //                        line 8
    );
    expect(where(parseImport(content, 'CSV').errors)).toEqual(['5 2A tier', '6 3A tier', '8 4A tier']);
  });

  it('skips empty lines (and lines of empty cells) but counts them', () => {
    const content = csv(SHORT_HEADER, '', row('1A'), '', '', ',,,', '   ', row('2A', 'WRONG'));
    const result = parseImport(content, 'CSV');
    expect(result.rows).toBe(2);
    expect(where(result.errors)).toEqual(['8 2A tier']);
  });
});

describe('parseImport: CSV errors', () => {
  it('requires a header row', () => {
    for (const content of ['', '\n\n', '\uFEFF', ' , ,\n']) {
      expect(parseImport(content, 'CSV')).toEqual({
        entries: [],
        errors: [{ line: 1, controlNumber: null, field: 'content', message: 'a header row is required' }],
        rows: 0,
      });
    }
  });

  it('reports unknown, duplicate and missing columns on line 1, and reads no row', () => {
    const result = parseImport(csv('controlNumber,title,Title,text,colour,mappings,', '1A,t,t,x,red,,'), 'CSV');
    expect(result.entries).toEqual([]);
    expect(result.rows).toBe(1);
    expect(result.errors.map((e) => `${e.line} ${e.field}: ${e.message}`)).toEqual([
      '1 Title: duplicate column',
      expect.stringMatching(/^1 colour: unknown column/),
      expect.stringMatching(/^1 mappings: unknown column/),
      expect.stringMatching(/^1 column 7: unknown column/),
      '1 tier: required column is missing',
    ]);
  });

  it.each(['controlNumber', 'title', 'text', 'tier'])('reports the missing required column %s', (missing) => {
    const header = SHORT_HEADER.split(',')
      .filter((c) => c !== missing)
      .join(',');
    expect(parseImport(csv(header), 'CSV').errors).toEqual([{ line: 1, controlNumber: null, field: missing, message: 'required column is missing' }]);
  });

  it('reports a row with the wrong number of cells and checks the others', () => {
    const result = parseImport(csv(SHORT_HEADER, row('1A'), '2A,Title, with a comma,text,STANDARD', '3A,t,x', row('4A')), 'CSV');
    expect(result.errors).toEqual([
      { line: 3, controlNumber: '2A', field: 'row', message: 'expected 4 cells, got 5' },
      { line: 4, controlNumber: '3A', field: 'row', message: 'expected 4 cells, got 3' },
    ]);
    expect(result.entries.map((e) => e.controlNumber)).toEqual(['1A', '4A']);
    expect(result.rows).toBe(4);
  });

  it('reports a CSV syntax error on the line csv-parse names', () => {
    const unclosed = parseImport(csv(SHORT_HEADER, row('1A'), '2A,t,"never closed,STANDARD', row('3A')), 'CSV');
    expect(unclosed.entries).toEqual([]);
    expect(unclosed.errors).toEqual([{ line: 4, controlNumber: null, field: 'content', message: expect.stringMatching(/^invalid CSV: Quote Not Closed/) }]);

    const stray = parseImport(csv(SHORT_HEADER, row('1A'), row('2A'), '3A,t,"x"y,STANDARD'), 'CSV');
    expect(stray.errors).toEqual([{ line: 4, controlNumber: null, field: 'content', message: expect.stringMatching(/^invalid CSV: Invalid Closing Quote/) }]);
  });

  it('reports malformed cells with dotted paths, and still checks the rest of the row', () => {
    const content = csv(
      `${SHORT_HEADER},parameters,exclusions,tierIllustrative`,
      `${row('1A')},volume|GTE|20|L;volume >= 20 L,VACCINE: ok;no kind here,maybe`,
      `2A,,x,STANDARD,volume|GTE|NaN|L,,`,
      `3A,t,x,STANDARD,volume|GREATER|20|L,vaccine: lower case,`,
    );
    const result = parseImport(content, 'CSV');
    expect(result.entries).toEqual([]);
    expect(result.errors.map((e) => `${e.line} ${e.controlNumber} ${e.field}: ${e.message}`)).toEqual([
      '2 1A parameters.1: must be written name|comparator|value|unit',
      '2 1A exclusions.1: must be written KIND: description',
      '2 1A tierIllustrative: must be true, false, yes, no, 1 or 0',
      '3 2A title: is required',
      '3 2A parameters.0.value: must be a finite decimal number',
      '4 3A parameters.0.comparator: must be one of GT, GTE, LT, LTE, EQ',
      expect.stringMatching(/^4 3A exclusions\.0\.kind: must be one of VACCINE/),
    ]);
  });

  it('reports code-list problems at their position in the cell', () => {
    const result = parseImport(csv(`${SHORT_HEADER},hsCodes,reasonsForControl`, `${row('1A')},8419;84.19;8419.89,CB;cb`), 'CSV');
    expect(where(result.errors)).toEqual(['2 1A reasonsForControl.1', '2 1A hsCodes.1']);
  });

  it('reports a missing control number with controlNumber null', () => {
    expect(parseImport(csv(SHORT_HEADER, ',t,x,STANDARD'), 'CSV').errors).toEqual([
      { line: 2, controlNumber: null, field: 'controlNumber', message: 'is required' },
    ]);
  });

  it('refuses hostile values and reports them against their row', () => {
    const longTitle = 'T'.repeat(10_000);
    const content = csv(
      SHORT_HEADER,
      '<script>alert(1)</script>,t,x,STANDARD',
      `"1A'; DROP TABLE control_entry; --",t,x,STANDARD`,
      `2A,${longTitle},x,STANDARD`,
      '3A,"bell\u0007",x,STANDARD',
      '4A,t,"null\u0000byte",STANDARD',
      '"5A\\",t,x,STANDARD',
    );
    const result = parseImport(content, 'CSV');
    expect(result.entries).toEqual([]);
    expect(where(result.errors)).toEqual([
      '2 <script>alert(1)</script> controlNumber',
      "3 1A'; DROP TABLE control_entry; -- controlNumber",
      '4 2A title',
      '5 3A title',
      '6 4A text',
      '7 5A\\ controlNumber',
    ]);
    expect(result.errors[2].message).toBe('must be at most 300 characters, got 10000');
  });

  it('cuts a very long unreadable control number short in errors', () => {
    const result = parseImport(csv(SHORT_HEADER, `${'X'.repeat(5000)},t,x,STANDARD`), 'CSV');
    expect(result.errors).toEqual([
      { line: 2, controlNumber: `${'X'.repeat(40)}…`, field: 'controlNumber', message: 'must be at most 40 characters, got 5000' },
    ]);
  });

  it('reports a duplicated control number on the later line only', () => {
    const result = parseImport(csv(SHORT_HEADER, row('1A'), row('2A'), ` 1A ,other,x,STANDARD`, row('2A')), 'CSV');
    expect(result.errors).toEqual([
      { line: 4, controlNumber: '1A', field: 'controlNumber', message: 'duplicate controlNumber "1A" (first at line 2)' },
      { line: 5, controlNumber: '2A', field: 'controlNumber', message: 'duplicate controlNumber "2A" (first at line 3)' },
    ]);
    expect(result.entries.map((e) => e.title)).toEqual(['Title 1A', 'Title 2A']);
  });
});

describe('parseImport: JSON errors', () => {
  it('reports entry errors on the 1-based index of the entry', () => {
    const result = parseImport(
      JSON.stringify([ear99, { ...fermenter, tier: 'NONE', colour: 'red' }, 'not an entry', null, { ...fermenter, hsCodes: [8419] }]),
      'JSON',
    );
    expect(result.rows).toBe(5);
    expect(result.entries).toEqual([ear99]);
    expect(result.errors).toEqual([
      { line: 2, controlNumber: '2B352.b', field: 'colour', message: 'unknown field' },
      { line: 2, controlNumber: '2B352.b', field: 'tier', message: 'must be one of DECLARATION, STANDARD, ENHANCED' },
      { line: 3, controlNumber: null, field: 'entry', message: 'must be an object, got string' },
      { line: 4, controlNumber: null, field: 'entry', message: 'must be an object, got null' },
      { line: 5, controlNumber: '2B352.b', field: 'hsCodes.0', message: 'must be a string, got number' },
      { line: 5, controlNumber: '2B352.b', field: 'controlNumber', message: 'duplicate controlNumber "2B352.b" (first at line 2)' },
    ]);
  });

  it('rejects wrong types and non-finite numbers', () => {
    const result = parseImport(
      JSON.stringify([
        { ...ear99, controlNumber: 99, title: { en: 'x' }, parameters: { name: 'x' } },
        { ...fermenter, controlNumber: '1A', parameters: [{ name: 'v', comparator: 'GT', value: 'Infinity', unit: 'L' }] },
        // JSON cannot write NaN or Infinity; 1e999 parses to Infinity
      ]).replace('"Infinity"', '1e999'),
      'JSON',
    );
    expect(result.errors.map((e) => `${e.line} ${e.controlNumber} ${e.field}: ${e.message}`)).toEqual([
      '1 null controlNumber: must be a string, got number',
      '1 null title: must be a string, got object',
      '1 null parameters: must be an array, got object',
      '2 1A parameters.0.value: must be a finite number',
    ]);
  });

  it('reports invalid JSON on the line the parser names, else line 1', () => {
    expect(parseImport('[\n{"controlNumber": "1A"}\n]x', 'JSON').errors).toEqual([
      { line: 3, controlNumber: null, field: 'content', message: expect.stringMatching(/^invalid JSON: /) },
    ]);
    expect(parseImport('[\n{"controlNumber": "1A",}\n]', 'JSON').errors).toEqual([
      { line: 2, controlNumber: null, field: 'content', message: expect.stringMatching(/^invalid JSON: /) },
    ]);
    for (const content of ['', '[', "{'entries': []}", 'NaN']) {
      expect(parseImport(content, 'JSON')).toEqual({
        entries: [],
        errors: [{ line: 1, controlNumber: null, field: 'content', message: expect.stringMatching(/^invalid JSON: /) }],
        rows: 0,
      });
    }
  });

  it('requires an array of entries or { entries: [...] }, and nothing else at the top level', () => {
    for (const content of ['42', '"x"', 'null', '{}', '{"entries": {}}', '{"entries": "[]"}']) {
      expect(parseImport(content, 'JSON').errors).toEqual([
        { line: 1, controlNumber: null, field: 'content', message: 'must be an array of entries or { "entries": [...] }' },
      ]);
    }
    expect(parseImport('{"jurisdiction": "JP", "entries": []}', 'JSON').errors).toEqual([
      { line: 1, controlNumber: null, field: 'jurisdiction', message: expect.stringMatching(/^unknown top-level field/) },
    ]);
  });
});

describe('parseImport: limits and robustness', () => {
  it('refuses content over 10 MB before parsing it', () => {
    const big = SHORT_HEADER + '\n' + 'x'.repeat(10 * 1024 * 1024);
    for (const format of ['CSV', 'JSON'] as const) {
      expect(parseImport(big, format)).toEqual({
        entries: [],
        errors: [{ line: 1, controlNumber: null, field: 'content', message: 'must be at most 10485760 bytes (10 MB)' }],
        rows: 0,
      });
    }
    // counted in UTF-8 bytes: 3.5 M characters of 3 bytes each are over the limit
    expect(parseImport('の'.repeat(3_500_000), 'CSV').errors[0].field).toBe('content');
  });

  it('accepts 20,000 rows and refuses 20,001', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(`X${i}`));
    const ok = parseImport(csv(SHORT_HEADER, ...rows), 'CSV');
    expect(ok.errors).toEqual([]);
    expect(ok.entries).toHaveLength(20_000);

    const tooMany = parseImport(csv(SHORT_HEADER, ...rows, row('X20000')), 'CSV');
    expect(tooMany).toEqual({
      entries: [],
      errors: [{ line: 1, controlNumber: null, field: 'content', message: 'at most 20000 rows per import, got 20001' }],
      rows: 20_001,
    });

    const json = JSON.stringify(Array.from({ length: 20_001 }, (_, i) => ({ ...ear99, controlNumber: `X${i}` })));
    expect(parseImport(json, 'JSON').errors).toEqual([
      { line: 1, controlNumber: null, field: 'content', message: 'at most 20000 entries per import, got 20001' },
    ]);
  });

  it('never throws, whatever it is given', () => {
    const inputs: unknown[] = ['"', '""', ',', '\u0000', '\uFEFF\uFEFF', '[[[[]]]]', '{"entries":[[]]}', '[1e999]', '['.repeat(100_000), null, 42, {}];
    for (const content of inputs) {
      for (const format of ['CSV', 'JSON', 'XML'] as const) {
        const result = parseImport(content as string, format as ImportFormat);
        expect(result.entries).toBeInstanceOf(Array);
        expect(result.errors.length).toBeGreaterThan(0);
      }
    }
    expect(parseImport(SHORT_HEADER, 'XML' as unknown as ImportFormat).errors).toEqual([
      { line: 1, controlNumber: null, field: 'format', message: 'must be CSV or JSON' },
    ]);
    expect(parseImport(null as unknown as string, 'CSV').errors).toEqual([{ line: 1, controlNumber: null, field: 'content', message: 'must be a string' }]);
  });
});

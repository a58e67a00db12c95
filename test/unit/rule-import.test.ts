import { parseRules, validateRule } from '../../src/modules/licensing/rule-import';

const base = {
  key: 'R-1',
  controlNumbers: ['2B352'],
  countryGroup: 'EU/EU001',
  requirement: 'GENERAL_AUTHORISATION',
  priority: 10,
  reference: 'EU001',
  confidence: 'confirmed',
  source: 'Reg. <http://data.europa.eu/eli/reg/2021/821/oj>',
};

describe('licensing rule import', () => {
  it('reads the seed layout and CSV alike', () => {
    const json = parseRules('JSON', JSON.stringify({ rules: [base] }));
    expect(json.errors).toEqual([]);
    expect(json.rules[0]).toMatchObject({
      key: 'R-1',
      controlNumbers: ['2B352'],
      requirement: 'GENERAL_AUTHORISATION',
      confidence: 'CONFIRMED',
      destinations: null,
    });
    const csv = parseRules(
      'CSV',
      'Key,controlNumbers,destinations,requirement,priority,reference,confidence,source,prohibition\nR-2,1C351;1C353,RU;BY,PRESUMPTION_OF_DENIAL,100,Sanctions,secondary,S <https://x.example>,yes\n',
    );
    expect(csv.errors).toEqual([]);
    expect(csv.rules[0]).toMatchObject({ controlNumbers: ['1C351', '1C353'], destinations: ['RU', 'BY'], prohibition: true, confidence: 'SECONDARY' });
  });
  it('refuses memory rows, missing sources, bad destinations and unknown columns, naming the field', () => {
    expect(validateRule({ ...base, confidence: 'memory' }).errors.map((e) => e.field)).toEqual(['confidence']);
    expect(validateRule({ ...base, source: 'from memory' }).errors.map((e) => e.field)).toEqual(['source']);
    expect(validateRule({ ...base, countryGroup: null, destinations: ['ZZ'] }).errors.map((e) => e.field)).toEqual(['destinations.0']);
    expect(validateRule({ ...base, priority: 101 }).errors.map((e) => e.field)).toEqual(['priority']);
    expect(validateRule({ ...base, effectiveFrom: '2026-02-30' }).errors.map((e) => e.field)).toEqual(['effectiveFrom']);
    expect(parseRules('CSV', 'key,colour\nx,y').errors[0]).toMatchObject({ field: 'content', message: expect.stringContaining('colour') });
    expect(parseRules('JSON', '[1]').errors[0]).toMatchObject({ line: 1, field: 'rule' });
    expect(parseRules('JSON', JSON.stringify([base, base])).errors[0]).toMatchObject({ line: 2, field: 'key' });
  });
});

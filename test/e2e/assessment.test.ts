/**
 * Transaction assessment on the seeded data: country groups and licensing rules,
 * assessTransaction per member (entries, thresholds with units, requirement and reference,
 * catch-all triggers), bad input, and the SQL statements per call whatever the number of members.
 */
import { createPublishedList } from '../support/factories';
import { useAssessmentApp, t, ASSESS, fermenter, assess, member } from '../support/assessment-fixtures';

useAssessmentApp();

describe('country groups and licensing rules', () => {
  it('lists the seeded EU001 destinations and US country groups with their sources, to anyone', async () => {
    const d = await t.ok<{ countryGroups: { code: string; destinations: string[]; source: string; jurisdiction: { code: string } }[] }>(
      '{ countryGroups(jurisdiction: "EU") { code name destinations source jurisdiction { code } } }',
      {},
      null,
    );
    const eu001 = d.countryGroups.find((g) => g.code === 'EU001')!;
    expect(eu001.destinations).toEqual(expect.arrayContaining(['US', 'JP', 'CA', 'IS']));
    expect(eu001.destinations).not.toContain('KE');
    expect(eu001.source).toMatch(/Regulation \(EU\) 2021\/821.*http/);
    const us = await t.ok<{ countryGroups: { code: string }[] }>('{ countryGroups(jurisdiction: "US") { code } }', {}, null);
    expect(us.countryGroups.map((g) => g.code)).toEqual(expect.arrayContaining(['A:1', 'A:3', 'D:5', 'CB2_X', 'NS2_X']));
  });

  it('finds the rules reaching a control number by prefix, for a member that adopts the EU list', async () => {
    const d = await t.ok<{
      licensingRules: {
        ruleKey: string;
        requirement: string;
        reference: string;
        source: string;
        entry: { controlNumber: string };
        countryGroup: { code: string } | null;
      }[];
    }>(
      '{ licensingRules(jurisdiction: "DE", controlNumber: "2B352.b") { ruleKey requirement reference source confidence entry { controlNumber } countryGroup { code } effectiveFrom } }',
      {},
      null,
    );
    const keys = d.licensingRules.map((r) => r.ruleKey);
    expect(keys).toEqual(expect.arrayContaining(['EU-01', 'EU-03']));
    const eu01 = d.licensingRules.find((r) => r.ruleKey === 'EU-01')!;
    expect(eu01).toMatchObject({ requirement: 'GENERAL_AUTHORISATION', entry: { controlNumber: '2B352' }, countryGroup: { code: 'EU001' } });
    expect(eu01.source).toMatch(/https?:\/\//);
    // Memory-only rows (e.g. EU-14, UK-02) are not seeded.
    const all = await t.ok<{ licensingRules: { ruleKey: string }[] }>('{ licensingRules { ruleKey } }', {}, null);
    expect(all.licensingRules.map((r) => r.ruleKey)).not.toEqual(expect.arrayContaining(['EU-14']));
    expect(all.licensingRules.map((r) => r.ruleKey)).not.toContain('UK-02');
  });
});

describe('assessTransaction: requirements per member', () => {
  it('a 50 L fermenter from DE to KE needs an individual licence under 2B352.b, the volume threshold met', async () => {
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50)] }, null);
    const de = member(a, 'DE');
    expect(de.requirement).toBe('INDIVIDUAL_LICENCE');
    const m = de.matches.find((x) => x.entry.controlNumber === '2B352.b')!;
    expect(m.applies).toBe(true);
    expect(m.thresholds.find((x) => x.name === 'total internal volume')).toMatchObject({ met: true, given: '50 L', required: '≥ 20 L' });
    expect(de.reference).toMatch(/Art\. 3\(1\)/);
    expect(de.explanation.join(' ')).toMatch(/DE is the exporting member/);
  });

  it('the same fermenter from DE to US goes under the general authorisation EU001', async () => {
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'US', items: [fermenter(50)] });
    expect(member(a, 'DE')).toMatchObject({ requirement: 'GENERAL_AUTHORISATION' });
    expect(member(a, 'DE').reference).toMatch(/EU001/);
    expect(member(a, 'FR').requirement).toBe('GENERAL_AUTHORISATION');
  });

  it('a 10 L fermenter is NOT_CONTROLLED wherever the threshold is known, the threshold shown as not met', async () => {
    const a = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(10)] });
    for (const code of ['DE', 'FR', 'NL', 'EU', 'US', 'JP']) {
      const m = member(a, code);
      expect({ code, requirement: m.requirement }).toEqual({ code, requirement: 'NOT_CONTROLLED' });
      expect(m.matches.length).toBeGreaterThan(0);
      expect(m.matches.every((x) => !x.applies)).toBe(true);
      expect(m.matches[0].thresholds.find((x) => x.name === 'total internal volume')).toMatchObject({ met: false });
    }
    // Members whose lists do not cover fermenters stay UNKNOWN, never "no licence".
    expect(member(a, 'CA').requirement).toBe('UNKNOWN');
  });

  it('lets the paragraph decide when its heading is also mapped onto the item (2B352 and 2B352.b)', async () => {
    await t.ds.query(
      `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status, note)
       SELECT e.id, 'BIO.EQP.FERMENTER', 'BROADER', 'ACCEPTED', 'test: heading also mapped'
       FROM control_entry e JOIN control_list_version v ON v.id = e.version_id AND v.status = 'PUBLISHED' JOIN control_list l ON l.id = v.list_id
       WHERE l.jurisdiction_code = 'US' AND e.control_number = '2B352'`,
    );
    const a = await assess({ exportingJurisdiction: 'US', destination: 'KE', items: [fermenter(10)] });
    expect(member(a, 'US').requirement).toBe('NOT_CONTROLLED');
    expect(member(a, 'US').matches.map((m) => m.entry.controlNumber)).toEqual(['2B352.b']);
    await t.ds.query(`DELETE FROM entry_mapping WHERE note = 'test: heading also mapped'`);
  });

  it('converts units: 0.05 m³ is 50 L, 15000 mL is 15 L', async () => {
    const big = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(0.05, 'm³')] });
    expect(member(big, 'DE').requirement).toBe('INDIVIDUAL_LICENCE');
    const small = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(15000, 'mL')] });
    expect(member(small, 'DE').requirement).toBe('NOT_CONTROLLED');
  });

  it('a 3A069 cytometer from US: no licence to CA, a licence (presumably denied) to CN', async () => {
    const cytometer = { taxonomyCode: 'BIO.EQP.FLOW_CYTOMETER', parameters: [{ name: 'detector channels', value: 40 }] };
    const ca = await assess({ exportingJurisdiction: 'US', destination: 'CA', items: [cytometer] });
    expect(member(ca, 'US')).toMatchObject({ requirement: 'NO_LICENCE' });
    expect(member(ca, 'US').matches[0].entry.controlNumber).toBe('3A069.a');
    const cn = await assess({ exportingJurisdiction: 'US', destination: 'CN', items: [cytometer] });
    expect(['INDIVIDUAL_LICENCE', 'PRESUMPTION_OF_DENIAL']).toContain(member(cn, 'US').requirement);
  });

  it('a military end use adds a catch-all trigger; a WMD-related one makes a licence necessary even below the thresholds', async () => {
    const mil = await assess({ exportingJurisdiction: 'DE', destination: 'KE', endUse: 'MILITARY', items: [fermenter(50)] });
    expect(member(mil, 'DE').catchAllTriggers.join(' ')).toMatch(/[Mm]ilitary end use/);
    const plain = await assess({ exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50)] });
    expect(member(plain, 'DE').catchAllTriggers).toEqual([]);
    const wmd = await assess({ exportingJurisdiction: 'US', destination: 'KE', endUse: 'WMD_RELATED', items: [fermenter(10)] });
    expect(member(wmd, 'US').requirement).toBe('INDIVIDUAL_LICENCE');
    expect(member(wmd, 'US').catchAllTriggers.join(' ')).toMatch(/744\.4/);
  });

  it('takes several items (the most restrictive requirement wins) and an exporter outside the consortium', async () => {
    const a = await assess({ exportingJurisdiction: 'NO', destination: 'KE', items: [fermenter(10), { taxonomyCode: 'BIO.EQP.FLOW_CYTOMETER' }] });
    // US: the 10 L fermenter is below 2B352.b, the cytometer needs a licence to KE (NS Column 2).
    expect(member(a, 'US').requirement).toBe('INDIVIDUAL_LICENCE');
    expect(member(a, 'DE').requirement).toBe('NOT_CONTROLLED');
    expect((a as unknown as { explanation: string[] }).explanation.join(' ')).toMatch(/NO is not a member of the consortium/);
    const r = await t.gql(
      ASSESS,
      {
        input: {
          endUse: 'RESEARCH',
          exportingJurisdiction: 'DE',
          destination: 'KE',
          items: [fermenter(50)],
          endUserId: '00000000-0000-4000-8000-000000000000',
        },
      },
      'analyst',
    );
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('an embargoed destination is a catch-all trigger', async () => {
    const a = await assess({ exportingJurisdiction: 'US', destination: 'IR', items: [fermenter(50)] });
    expect(member(a, 'US').catchAllTriggers.join(' ')).toMatch(/IR is on US\/EMBARGO_ROWS/);
  });
});

describe('assessTransaction: bad input names the field', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown taxonomy code', { exportingJurisdiction: 'DE', destination: 'KE', items: [{ taxonomyCode: 'BIO.EQP.NOPE' }] }, 'input.items.0.taxonomyCode'],
    ['destination not ISO 3166-1', { exportingJurisdiction: 'DE', destination: 'XK', items: [fermenter(50)] }, 'input.destination'],
    ['unit that does not convert', { exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50, 'm2')] }, 'input.items.0.parameters.0.unit'],
    ['unit Accord does not know', { exportingJurisdiction: 'DE', destination: 'KE', items: [fermenter(50, 'gallonz')] }, 'input.items.0.parameters.0.unit'],
    ['empty items', { exportingJurisdiction: 'DE', destination: 'KE', items: [] }, 'input.items'],
    ['unknown exporting jurisdiction', { exportingJurisdiction: 'ZZ', destination: 'KE', items: [fermenter(50)] }, 'input.exportingJurisdiction'],
  ];
  it.each(cases)('%s', async (_name, input, field) => {
    const r = await t.gql(ASSESS, { input: { endUse: 'RESEARCH', ...input } }, 'analyst');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});

describe('assessTransaction: SQL statements', () => {
  it('runs the same number of statements with 11 members as with 14', async () => {
    const input = {
      endUse: 'RESEARCH',
      exportingJurisdiction: 'DE',
      destination: 'KE',
      endUser: { name: 'Nairobi Institute', country: 'KE' },
      items: [fermenter(50)],
    };
    const before = await t.gqlCounted(ASSESS, { input }, 'analyst');
    expect(before.result.errors).toBeUndefined();
    const [{ id: consortiumId }] = await t.ds.query('SELECT id FROM consortium');
    for (const j of ['SQA', 'SQB', 'SQC']) {
      await t.ds.query(`INSERT INTO jurisdiction (code, name, kind) VALUES ($1, $2, 'STATE')`, [j, `State ${j}`]);
      await t.ds.query(`INSERT INTO membership (consortium_id, jurisdiction_code, role, since) VALUES ($1, $2, 'MEMBER', '2026-01-01')`, [consortiumId, j]);
      await createPublishedList(
        t.ds,
        j,
        `list ${j}`,
        ['BIO.EQP'],
        [
          {
            controlNumber: `${j}-1`,
            tier: 'STANDARD',
            title: 'fermenters',
            text: 'fermenters',
            parameters: [{ name: 'total internal volume', comparator: 'GTE', value: 5, unit: 'L' }],
            maps: { 'BIO.EQP.FERMENTER': 'EXACT' },
          },
        ],
      );
    }
    const after = await t.gqlCounted(ASSESS, { input }, 'analyst');
    expect(after.result.errors).toBeUndefined();
    expect((after.result.data as any).assessTransaction.perMember).toHaveLength(14);
    expect(after.sql.statements).toBe(before.sql.statements);
  });
});

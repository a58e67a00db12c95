/** The read rules as pure functions: drafts, the public register's fields, a panelist's reach, the audit rule. */
import type { AuthPrincipal } from '../../src/shared/actor';
import { Role } from '../../src/shared/role';
import { auditReadableSql } from '../../src/modules/audit/audit-visibility';
import { VersionStatus } from '../../src/modules/control-lists/control-list.enums';
import { mayReadVersion, readableVersionSql, readerKey } from '../../src/modules/control-lists/visibility';
import { reachSql } from '../../src/modules/auth/panel-reach';
import { publicDetails } from '../../src/modules/register/public-fields';

const as = (role: Role, jurisdiction: string | null = null, id = 'p-1'): AuthPrincipal => ({ id, role, jurisdiction });
const binder = () => {
  const params: unknown[] = [];
  return { params, bind: (v: unknown) => (params.push(v), `$${params.length}`) };
};

describe('drafts', () => {
  it("a DRAFT reaches its list's own regulators and the secretariat only; published and superseded versions everyone", () => {
    const readers = [null, as(Role.ANALYST), as(Role.PANELIST), as(Role.REGULATOR, 'DE'), as(Role.REGULATOR, 'CH'), as(Role.SECRETARIAT)];
    expect(readers.map((p) => mayReadVersion(p, { status: VersionStatus.DRAFT }, 'CH'))).toEqual([false, false, false, false, true, true]);
    for (const status of [VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED]) expect(readers.every((p) => mayReadVersion(p, { status }, 'CH'))).toBe(true);
  });

  it('the SQL says the same, with the jurisdiction as a parameter', () => {
    const b = binder();
    expect(readableVersionSql(as(Role.REGULATOR, "CH'; --"), b.bind)).toBe(`(v.status <> 'DRAFT' OR l.jurisdiction_code = $1)`);
    expect(b.params).toEqual(["CH'; --"]);
    expect(readableVersionSql(null, b.bind)).toBe(`v.status <> 'DRAFT'`);
    expect(readableVersionSql(as(Role.SECRETARIAT), b.bind)).toBe('TRUE');
  });

  it('the reader key separates every caller the rules tell apart', () => {
    expect(new Set([null, as(Role.ANALYST), as(Role.REGULATOR, 'DE'), as(Role.REGULATOR, 'CH'), as(Role.SECRETARIAT)].map(readerKey)).size).toBe(5);
  });
});

describe('the public register', () => {
  it('drops the end user, applicant and destination of a licence at any depth, keeps the rest', () => {
    expect(
      publicDetails({
        status: 'RECOGNIZED',
        destination: 'SG',
        endUser: { name: 'Lab' },
        endUserId: 'x',
        answers: [{ jurisdiction: 'FR', applicant: 'A', conditions: ['c'] }],
        at: '2026-01-01',
      }),
    ).toEqual({ status: 'RECOGNIZED', answers: [{ jurisdiction: 'FR', conditions: ['c'] }], at: '2026-01-01' });
  });
});

describe("a panelist's reach and the audit rule", () => {
  it('only a panelist is limited to its cases, by its id as a parameter', () => {
    const b = binder();
    expect(reachSql(as(Role.ANALYST), 'licenceDecision', 'd', b.bind)).toBe('TRUE');
    expect(reachSql(as(Role.PANELIST, null, 'nz'), 'recognitionRequest', 'r', b.bind)).toContain('dp.principal_id::text = $1');
    expect(b.params).toEqual(['nz']);
  });

  it("auditTrail: all for the secretariat and analysts, the own jurisdiction's events for a regulator, its own for a panelist, nothing anonymously", () => {
    const b = binder();
    expect(
      [as(Role.SECRETARIAT), as(Role.ANALYST), as(Role.REGULATOR, 'FR'), as(Role.PANELIST, null, 'nz'), null].map((p) => auditReadableSql(p, b.bind)),
    ).toEqual(['TRUE', 'TRUE', 'e.actor_jurisdiction = $1', 'e.actor_id::text = $2', 'FALSE']);
  });
});

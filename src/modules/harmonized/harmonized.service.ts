/**
 * The harmonized views — harmonizedItem, concordance, gapAnalysis — computed from ACCEPTED
 * mappings of PUBLISHED versions with a fixed number of set-based queries, whatever the
 * page size or the number of members.
 */
import type { ServiceDeps } from '../../shared/service-deps';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../shared/pagination';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { LicensingTier } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import { isUuid } from '../../shared/ids';
import { TaxonomyNode } from '../taxonomy/taxonomy-node.entity';
import type { TaxonomyKind } from '../taxonomy/taxonomy.enums';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import type { JurisdictionKind } from '../jurisdictions/jurisdiction.enums';
import { TAXONOMY_CODE } from '../taxonomy/taxonomy.service';
import type { ExclusionData, ParameterData } from '../control-lists/control-entry.types';
import {
  describeParameter,
  divergences,
  exclusionsFor,
  parametersFor,
  memberStatus,
  mostRestrictive,
  type ControlFact,
  type Divergence,
  type MemberStatus,
} from './harmonize';
import { CoverageStatus } from './harmonized.enums';
import { escapeLike, queryCoverage, queryFacts, queryItem, type FactRow, type Queryable } from './harmonized.query';

export interface Member {
  code: string;
  /** Jurisdictions whose lists apply in this member (itself and the list it adopts). */
  lists: string[];
}

/**
 * How a member stands to the lists of others: the list it applies (DE, FR and NL apply the
 * EU list), the members that apply its list, and who issues the licences for its column —
 * itself, or, for a union whose members apply its list, those members (the EU list is
 * licensed by the member states' authorities).
 */
export interface Adoption {
  adopts: string | null;
  adoptedBy: string[];
  licensedBy: string[];
}

/** Adoption of each member, from the members' list sets. A union is the one kind of list keeper that does not license itself. */
export function adoptions(members: Member[], unions: Set<string> = new Set(['EU'])): Map<string, Adoption> {
  const out = new Map<string, Adoption>();
  for (const m of members) {
    const adopts = m.lists.find((j) => j !== m.code) ?? null;
    const adoptedBy = members.filter((o) => o.code !== m.code && o.lists.includes(m.code)).map((o) => o.code);
    out.set(m.code, { adopts, adoptedBy, licensedBy: unions.has(m.code) && adoptedBy.length ? adoptedBy : [m.code] });
  }
  return out;
}

export interface HarmonizedControlView {
  jurisdiction: string;
  listJurisdiction: string;
  relation: MappingRelation;
  /** The node the mapping is on (a descendant when a group node summarises its children). */
  nodeCode: string;
  entry: ControlEntry;
  tier: LicensingTier;
  /** The entry's parameters and exclusions that concern that node. */
  parameters: ParameterData[];
  exclusions: ExclusionData[];
}

export interface HarmonizedItemView {
  node: TaxonomyNode;
  /** The day answered for (YYYY-MM-DD). */
  asOf: string;
  consortiumId: string;
  controls: HarmonizedControlView[];
  members: MemberStatus[];
  adoption: Map<string, Adoption>;
  uncontrolledIn: string[];
  unknownIn: string[];
  divergences: Divergence[];
  mostRestrictiveTier: LicensingTier | null;
  unilateral: boolean;
}

export interface ConcordanceRowView {
  node: TaxonomyNode;
  cells: {
    jurisdiction: string;
    status: CoverageStatus;
    tier: LicensingTier | null;
    entries: ControlEntry[];
    viaChildren: string[];
    adoption: Adoption;
    listJurisdictions: string[];
  }[];
}

export interface GapReportView {
  asOf: string;
  from: string;
  to: string;
  controlledOnlyInFrom: TaxonomyNode[];
  controlledOnlyInTo: TaxonomyNode[];
  unknownInTo: TaxonomyNode[];
  tierDifferences: { node: TaxonomyNode; fromTier: LicensingTier; toTier: LicensingTier }[];
  thresholdDifferences: { node: TaxonomyNode; parameter: string; fromValue: string; toValue: string }[];
}

/** ControlEntry fields (and field resolvers) a slim fact carries or can answer from id and versionId. */
export const SLIM_ENTRY_FIELDS = new Set(['__typename', 'id', 'controlNumber', 'title', 'tier', 'tierIllustrative', 'version', 'jurisdiction', 'mappings']);

export class HarmonizedService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Current members of a consortium with the lists that apply in each. One statement. */
  async members(consortiumId: string): Promise<Member[]> {
    if (!isUuid(consortiumId)) throw new NotFoundError('Consortium', consortiumId);
    const rows: { code: string | null; adopts_code: string | null; found: boolean }[] = await this.deps.dataSource.query(
      `SELECT m.jurisdiction_code AS code, j.adopts_code, true AS found
       FROM consortium c
       LEFT JOIN membership m ON m.consortium_id = c.id AND m.role = 'MEMBER' AND m.until IS NULL
       LEFT JOIN jurisdiction j ON j.code = m.jurisdiction_code
       WHERE c.id = $1 ORDER BY m.jurisdiction_code`,
      [consortiumId],
    );
    if (rows.length === 0) throw new NotFoundError('Consortium', consortiumId);
    return rows.filter((r) => r.code).map((r) => ({ code: r.code!, lists: r.adopts_code ? [r.code!, r.adopts_code] : [r.code!] }));
  }

  /** The consortium to use when none is named: the only one there is. */
  async defaultConsortium(): Promise<string> {
    const rows: { id: string }[] = await this.deps.dataSource.query('SELECT id FROM consortium ORDER BY name LIMIT 2');
    if (rows.length !== 1) throw new ValidationError('several consortia exist: give consortiumId', 'consortiumId');
    return rows[0].id;
  }

  /** Today, by the service's clock (the default `asOf`). */
  today(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /** Facts on `codes` in the lists of `listJurisdictions` on `asOf` (see queryFacts). One statement. */
  private facts(
    codes: string[],
    listJurisdictions: string[],
    asOf: string = this.today(),
    db: Queryable = this.deps.dataSource,
    slim = false,
  ): Promise<FactRow[]> {
    return queryFacts(db, codes, listJurisdictions, asOf, slim);
  }

  /**
   * The entries controlling each node in one jurisdiction (its own list and the one it adopts).
   * Called inside a transaction, pass its manager: every query there goes through it.
   */
  async controlsIn(
    jurisdiction: string,
    codes: string[],
    db: Queryable = this.deps.dataSource,
  ): Promise<Map<string, { entryId: string; controlNumber: string; tier: LicensingTier }[]>> {
    const rows: { code: string; adopts_code: string | null }[] = await db.query('SELECT code, adopts_code FROM jurisdiction WHERE code = $1', [jurisdiction]);
    if (!rows.length) throw new NotFoundError('Jurisdiction', jurisdiction);
    const lists = rows[0].adopts_code ? [jurisdiction, rows[0].adopts_code] : [jurisdiction];
    const facts = await this.facts(codes, lists, undefined, db);
    const out = new Map(codes.map((c) => [c, [] as { entryId: string; controlNumber: string; tier: LicensingTier }[]]));
    for (const f of facts)
      if (!f.summary && f.relation !== MappingRelation.RELATED)
        out.get(f.taxonomy_code)!.push({ entryId: f.id, controlNumber: f.control_number, tier: f.tier });
    return out;
  }

  private coverage(listJurisdictions: string[], asOf: string): Promise<Map<string, string[]>> {
    return queryCoverage(this.deps.dataSource, listJurisdictions, asOf);
  }

  /** Member statuses for each node code, from facts and coverage. */
  private statuses(members: Member[], codes: string[], rows: FactRow[], coverage: Map<string, string[]>) {
    const entries = new Map<string, ControlEntry>();
    const toEntry = (r: FactRow): ControlEntry => {
      let e = entries.get(r.id);
      if (!e) {
        e = Object.assign(new ControlEntry(), {
          id: r.id,
          versionId: r.version_id,
          controlNumber: r.control_number,
          parentNumber: r.parent_number,
          title: r.title,
          text: r.text,
          parameters: r.parameters,
          reasonsForControl: r.reasons_for_control,
          regimeReferences: r.regime_references,
          hsCodes: r.hs_codes,
          notes: r.notes,
          exclusions: r.exclusions,
          exclusionsRecorded: r.exclusions_recorded,
          tier: r.tier,
          tierIllustrative: r.tier_illustrative,
          source: r.source,
        });
        entries.set(r.id, e);
      }
      return e;
    };
    // Work per row and per cell, not per row × member: the members each list applies in, and each member's coverage, once.
    const membersOf = new Map<string, Member[]>();
    for (const m of members) for (const j of m.lists) membersOf.set(j, [...(membersOf.get(j) ?? []), m]);
    const coverageOf = new Map(members.map((m) => [m.code, m.lists.flatMap((j) => coverage.get(j) ?? [])]));
    /** asked code → member → its facts on (or beneath) that code, in row order. */
    const factsByNode = new Map<string, Map<string, ControlFact[]>>();
    /** asked code → member → the children through which it controls something below, and the tier. */
    const summaries = new Map<string, Map<string, { children: Set<string>; tiers: LicensingTier[] }>>();
    for (const r of rows) {
      const applying = membersOf.get(r.list_jurisdiction);
      if (!applying) continue;
      if (r.summary) {
        let byMember = summaries.get(r.asked_code);
        if (!byMember) summaries.set(r.asked_code, (byMember = new Map<string, { children: Set<string>; tiers: LicensingTier[] }>()));
        for (const m of applying) {
          let sm = byMember.get(m.code);
          if (!sm) byMember.set(m.code, (sm = { children: new Set<string>(), tiers: [] }));
          sm.children.add(r.taxonomy_code);
          sm.tiers.push(r.tier);
        }
        continue;
      }
      const entry = toEntry(r);
      let byMember = factsByNode.get(r.asked_code);
      if (!byMember) factsByNode.set(r.asked_code, (byMember = new Map<string, ControlFact[]>()));
      for (const m of applying) {
        let list = byMember.get(m.code);
        if (!list) byMember.set(m.code, (list = []));
        list.push({ jurisdiction: m.code, listJurisdiction: r.list_jurisdiction, relation: r.relation, nodeCode: r.taxonomy_code, entry });
      }
    }
    const none: ControlFact[] = [];
    const result = new Map<string, MemberStatus[]>();
    for (const code of codes) {
      const facts = factsByNode.get(code);
      const sums = summaries.get(code);
      result.set(
        code,
        members.map((m) => {
          const sm = sums?.get(m.code);
          const summary = sm ? { children: [...sm.children], tier: mostRestrictive(sm.tiers) } : null;
          return memberStatus(m.code, code, facts?.get(m.code) ?? none, coverageOf.get(m.code)!, summary);
        }),
      );
    }
    return result;
  }

  /**
   * One item: who controls it, at which tier, and where members diverge. One statement
   * (queryItem) — two when the consortium id is not a UUID. `jurisdictions` are the rows of
   * the members and of the lists they adopt, for the caller to answer their fields without
   * loading them again.
   */
  async harmonizedItem(
    code: string,
    consortiumId?: string | null,
    asOf?: string | null,
    /** Leave the entries' LEAN_OMITTED_FIELDS null (the caller's selection does not ask for them). */
    lean = false,
  ): Promise<(HarmonizedItemView & { jurisdictions: Jurisdiction[] }) | null> {
    const day = asOf ?? this.today();
    if (consortiumId != null && !isUuid(consortiumId)) {
      if (!(await this.deps.dataSource.getRepository(TaxonomyNode).existsBy({ code }))) return null;
      throw new NotFoundError('Consortium', consortiumId);
    }
    const r = await queryItem(this.deps.dataSource, code, consortiumId ?? null, day, lean);
    if (!r.node) return null;
    if (!r.consortium_id) {
      if (consortiumId != null) throw new NotFoundError('Consortium', consortiumId);
      throw new ValidationError('several consortia exist: give consortiumId', 'consortiumId');
    }
    const n = r.node;
    const node = Object.assign(new TaxonomyNode(), {
      code: n.code,
      parentCode: n.parent_code,
      label: n.label,
      description: n.description,
      kind: n.kind as TaxonomyKind,
      hsCodes: n.hs_codes,
      createdAt: new Date(n.created_at),
    });
    const members: Member[] = (r.members ?? []).map((m) => ({ code: m.code, lists: m.adopts_code ? [m.code, m.adopts_code] : [m.code] }));
    const coverage = new Map<string, string[]>();
    for (const c of r.coverage ?? []) coverage.set(c.jurisdiction_code, [...(coverage.get(c.jurisdiction_code) ?? []), ...c.coverage]);
    const jurisdictions = (r.jurisdictions ?? []).map((j) =>
      Object.assign(new Jurisdiction(), {
        code: j.code,
        name: j.name,
        kind: j.kind as JurisdictionKind,
        adoptsCode: j.adopts_code,
        adoptionNote: j.adoption_note,
      }),
    );
    return { ...this.item(node, r.consortium_id, day, members, r.facts ?? [], coverage), jurisdictions };
  }

  /** The item view from its node, members, facts and coverage (no I/O). */
  private item(node: TaxonomyNode, consortiumId: string, day: string, members: Member[], rows: FactRow[], coverage: Map<string, string[]>): HarmonizedItemView {
    const code = node.code;
    const statuses = this.statuses(members, [code], rows, coverage).get(code)!;
    const controls = statuses.flatMap((s) =>
      s.controls.map((c) => ({
        jurisdiction: c.jurisdiction,
        listJurisdiction: c.listJurisdiction,
        relation: c.relation,
        nodeCode: c.nodeCode ?? code,
        entry: c.entry as ControlEntry,
        tier: c.entry.tier,
        parameters: parametersFor(c, code),
        exclusions: exclusionsFor(c, code),
      })),
    );
    const divs = divergences(statuses, code);
    return {
      node,
      asOf: day,
      consortiumId,
      controls,
      members: statuses,
      adoption: adoptions(members),
      uncontrolledIn: statuses.filter((s) => s.status === CoverageStatus.NOT_CONTROLLED).map((s) => s.jurisdiction),
      unknownIn: statuses.filter((s) => s.status === CoverageStatus.UNKNOWN).map((s) => s.jurisdiction),
      divergences: divs,
      mostRestrictiveTier: mostRestrictive(statuses.map((s) => s.tier)),
      unilateral: divs.some((d) => d.kind === 'UNILATERAL'),
    };
  }

  /** Nodes (of a subtree) × members, paged over nodes by code. */
  async concordance(
    consortiumId: string,
    taxonomyPrefix?: string | null,
    first?: number | null,
    after?: string | null,
    asOf?: string | null,
    /** Entries of the cells carry only SLIM_ENTRY_FIELDS (the caller loads whole entries when it needs more). */
    slim = false,
  ): Promise<ConnectionShape<ConcordanceRowView>> {
    const day = asOf ?? this.today();
    const size = pageSize(first);
    const cursor = decodeCursor(after, (v): v is string => typeof v === 'string');
    const members = await this.members(consortiumId);
    const prefix = taxonomyPrefix?.trim().toUpperCase() || null;
    if (prefix && !TAXONOMY_CODE.test(prefix)) throw new ValidationError('taxonomyPrefix must be a taxonomy code such as BIO.EQP', 'taxonomyPrefix');
    const qb = this.deps.dataSource.getRepository(TaxonomyNode).createQueryBuilder('n');
    if (prefix) qb.where('(n.code = :prefix OR n.code LIKE :like)', { prefix, like: `${escapeLike(prefix)}.%` });
    const countQb = qb.clone();
    if (cursor !== undefined) qb.andWhere('n.code > :cursor', { cursor });
    const [nodes, total] = await Promise.all([
      qb
        .orderBy('n.code', 'ASC')
        .limit(size + 1)
        .getMany(),
      countQb.getCount(),
    ]);
    const page = nodes.slice(0, size);
    const codes = page.map((n) => n.code);
    const listJurisdictions = [...new Set(members.flatMap((m) => m.lists))];
    const [rows, coverage] = await Promise.all([this.facts(codes, listJurisdictions, day, this.deps.dataSource, slim), this.coverage(listJurisdictions, day)]);
    const statuses = this.statuses(members, codes, rows, coverage);
    const adoption = adoptions(members);
    const views: ConcordanceRowView[] = page.map((node) => ({
      node,
      cells: (statuses.get(node.code) ?? []).map((s) => ({
        jurisdiction: s.jurisdiction,
        status: s.status,
        tier: s.tier,
        // Most cells of a page have no control: no collections are built for those.
        entries: s.controls.length ? [...new Map(s.controls.map((c) => [c.entry.id, c.entry as ControlEntry])).values()] : [],
        viaChildren: s.viaChildren,
        adoption: adoption.get(s.jurisdiction)!,
        listJurisdictions: s.controls.length ? [...new Set(s.controls.map((c) => c.listJurisdiction))].sort() : [],
      })),
    }));
    if (nodes.length > size) views.push({ node: nodes[size], cells: [] }); // tells toConnection there is a next page
    return toConnection(views, size, total, (v) => v.node.code);
  }

  /** What `from` controls that `to` does not, and where both control at different tiers or thresholds. */
  async gapAnalysis(from: string, to: string, asOf?: string | null): Promise<GapReportView> {
    const day = asOf ?? this.today();
    const a = from.trim().toUpperCase();
    const b = to.trim().toUpperCase();
    if (a === b) throw new ValidationError('from and to must be different jurisdictions', 'to');
    const js: { code: string; adopts_code: string | null }[] = await this.deps.dataSource.query(
      'SELECT code, adopts_code FROM jurisdiction WHERE code = ANY($1)',
      [[a, b]],
    );
    const find = (c: string) => {
      const j = js.find((x) => x.code === c);
      if (!j) throw new NotFoundError('Jurisdiction', c);
      return { code: j.code, lists: j.adopts_code ? [j.code, j.adopts_code] : [j.code] };
    };
    const members = [find(a), find(b)];
    const listJurisdictions = [...new Set(members.flatMap((m) => m.lists))];
    const allNodes = await this.deps.dataSource.getRepository(TaxonomyNode).find({ order: { code: 'ASC' } });
    const codes = allNodes.map((n) => n.code);
    const [rows, coverage] = await Promise.all([this.facts(codes, listJurisdictions, day), this.coverage(listJurisdictions, day)]);
    const statuses = this.statuses(members, codes, rows, coverage);
    const report: GapReportView = {
      from: a,
      to: b,
      asOf: day,
      controlledOnlyInFrom: [],
      controlledOnlyInTo: [],
      unknownInTo: [],
      tierDifferences: [],
      thresholdDifferences: [],
    };
    for (const node of allNodes) {
      const [sa, sb] = statuses.get(node.code)!;
      if (sa.status === CoverageStatus.CONTROLLED && sb.status === CoverageStatus.NOT_CONTROLLED) report.controlledOnlyInFrom.push(node);
      if (sb.status === CoverageStatus.CONTROLLED && sa.status === CoverageStatus.NOT_CONTROLLED) report.controlledOnlyInTo.push(node);
      if (sa.status === CoverageStatus.CONTROLLED && sb.status === CoverageStatus.UNKNOWN) report.unknownInTo.push(node);
      // Tiers and thresholds are compared only between controls on the node itself (not a group's summary).
      if (sa.status === CoverageStatus.CONTROLLED && sb.status === CoverageStatus.CONTROLLED && !sa.viaChildren.length && !sb.viaChildren.length) {
        if (sa.tier !== sb.tier) report.tierDifferences.push({ node, fromTier: sa.tier!, toTier: sb.tier! });
        const params = (s: MemberStatus) => {
          const map = new Map<string, Set<string>>();
          for (const c of s.controls)
            for (const p of parametersFor(c, node.code)) {
              const name = p.name.trim().toLowerCase();
              map.set(name, (map.get(name) ?? new Set()).add(describeParameter(p)));
            }
          return map;
        };
        const pa = params(sa);
        const pb = params(sb);
        for (const [name, va] of pa) {
          const vb = pb.get(name);
          if (!vb) continue;
          const x = [...va].sort().join(' / ');
          const y = [...vb].sort().join(' / ');
          if (x !== y) report.thresholdDifferences.push({ node, parameter: name, fromValue: x, toValue: y });
        }
      }
    }
    return report;
  }
}

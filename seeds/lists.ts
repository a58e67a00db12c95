/**
 * Seed steps for the shared taxonomy and the control lists (seeds/data/taxonomy.json,
 * seeds/data/lists/*.json). Natural keys: taxonomy code; list = jurisdiction + name;
 * version = list + label. A version that exists is left alone, entries and mappings
 * included, so a re-run changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { validateEntries } from '../src/modules/control-lists/control-entry.validate';
import type { SeedStep } from './load';

export interface SeedNode {
  code: string;
  label: string;
  description?: string | null;
  kind: string;
  parentCode: string | null;
  hsCodes?: string[];
}

export interface SeedMapping {
  taxonomyCode: string;
  relation: string;
  note?: string | null;
}

export interface SeedVersion {
  label: string;
  status: 'PUBLISHED' | 'SUPERSEDED';
  effectiveFrom: string | null;
  effectiveTo: string | null;
  source: string;
  coverage: string[];
  entries: (Record<string, unknown> & { controlNumber: string; mappings?: SeedMapping[] })[];
}

export interface SeedList {
  jurisdiction: string;
  name: string;
  instrument: string;
  versions: SeedVersion[];
}

/** seeds/data, from the sources (seeds/) or from the build (dist/seeds/). */
export function seedDataDir(): string {
  // From the sources __dirname is seeds/; from the build it is dist/seeds/, where the
  // compiler copied only the JSON files that are imported — so look for the lists too.
  for (const dir of [path.join(__dirname, 'data'), path.join(__dirname, '../../seeds/data')]) {
    if (fs.existsSync(path.join(dir, 'taxonomy.json')) && fs.existsSync(path.join(dir, 'lists'))) return dir;
  }
  throw new Error('seeds/data not found');
}

export function readTaxonomy(): SeedNode[] {
  const file = path.join(seedDataDir(), 'taxonomy.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SeedNode[]) : [];
}

export function readLists(): SeedList[] {
  const dir = path.join(seedDataDir(), 'lists');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as SeedList);
}

async function rowsInserted(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  // INSERT … RETURNING comes back from TypeORM as the returned rows.
  const result: unknown = await manager.query(sql, params);
  return Array.isArray(result) ? result.length : 0;
}

const taxonomyStep: SeedStep = {
  name: 'taxonomy',
  async run(m) {
    let n = 0;
    for (const node of readTaxonomy()) {
      n += await rowsInserted(
        m,
        `INSERT INTO taxonomy_node (code, parent_code, label, description, kind, hs_codes) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (code) DO NOTHING RETURNING code`,
        [node.code, node.parentCode, node.label, node.description ?? '', node.kind, node.hsCodes ?? []],
      );
    }
    return n;
  },
};

const listsStep: SeedStep = {
  name: 'control lists',
  async run(m) {
    let n = 0;
    for (const list of readLists()) {
      await m.query(`INSERT INTO control_list (jurisdiction_code, name, instrument) VALUES ($1,$2,$3) ON CONFLICT (jurisdiction_code, name) DO NOTHING`, [
        list.jurisdiction,
        list.name,
        list.instrument,
      ]);
      const [{ id: listId }]: { id: string }[] = await m.query('SELECT id FROM control_list WHERE jurisdiction_code = $1 AND name = $2', [
        list.jurisdiction,
        list.name,
      ]);
      // Superseded versions first: at most one version of a list may be PUBLISHED.
      const versions = [...list.versions].sort((a, b) => (a.status === b.status ? 0 : a.status === 'SUPERSEDED' ? -1 : 1));
      for (const v of versions) {
        const exists: { status: string }[] = await m.query('SELECT status FROM control_list_version WHERE list_id = $1 AND label = $2', [listId, v.label]);
        if (exists.length) {
          // A reference correction: a version the seeds now close (e.g. the pre-2023 EU text) is
          // closed in a database seeded before, so the version that replaced it can be inserted.
          if (exists[0].status === 'PUBLISHED' && v.status === 'SUPERSEDED') {
            await m.query(`UPDATE control_list_version SET status = 'SUPERSEDED', effective_to = $3 WHERE list_id = $1 AND label = $2`, [
              listId,
              v.label,
              v.effectiveTo,
            ]);
          }
          continue;
        }
        const { entries, errors } = validateEntries(v.entries);
        if (errors.length) {
          const e = errors[0];
          throw new Error(`seed ${list.jurisdiction} "${v.label}" entry ${e.index} (${v.entries[e.index]?.controlNumber}): ${e.field}: ${e.message}`);
        }
        const [{ id: versionId }]: { id: string }[] = await m.query(
          `INSERT INTO control_list_version (list_id, label, status, effective_from, effective_to, source, coverage, published_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7, $4::date) RETURNING id`,
          [listId, v.label, v.status, v.effectiveFrom, v.effectiveTo, v.source, v.coverage],
        );
        n += 1;
        for (const [i, e] of entries.entries()) {
          const [{ id: entryId }]: { id: string }[] = await m.query(
            `INSERT INTO control_entry (version_id, control_number, parent_number, title, text, parameters, reasons_for_control,
               regime_references, hs_codes, notes, exclusions, tier, tier_illustrative, source, exclusions_recorded)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
            [
              versionId,
              e.controlNumber,
              e.parentNumber,
              e.title,
              e.text,
              JSON.stringify(e.parameters ?? []),
              e.reasonsForControl ?? [],
              e.regimeReferences ?? [],
              e.hsCodes ?? [],
              e.notes,
              JSON.stringify(e.exclusions ?? []),
              e.tier,
              e.tierIllustrative ?? false,
              e.source,
              e.exclusionsRecorded ?? (e.exclusions ?? []).length > 0,
            ],
          );
          for (const map of v.entries[i].mappings ?? []) {
            await m.query(
              `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status, note, proposed_at, reviewed_at, review_note)
               VALUES ($1,$2,$3,'ACCEPTED',$4, COALESCE($5::timestamptz, now()), COALESCE($5::timestamptz, now()), 'seeded reference mapping')`,
              [entryId, map.taxonomyCode, map.relation, map.note ?? null, v.effectiveFrom],
            );
          }
        }
      }
    }
    return n;
  },
};

export const listSeedSteps: SeedStep[] = [taxonomyStep, listsStep];

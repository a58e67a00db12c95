/**
 * `npm run import -- <file> --jurisdiction XX --label "..." [--list "name"] [--format csv|json]
 *   [--effective-from YYYY-MM-DD] [--source "..."] [--coverage BIO.EQP,BIO.AGT]`
 * Imports a CSV or JSON list into a new DRAFT version, with a progress bar on stderr.
 * When any row is invalid nothing is written and every bad row is listed with its line.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { readConfig } from '../config/env';
import { migrate, openDatabase } from '../db/bootstrap';
import { createLogger } from '../shared/logger';
import { Role } from '../shared/role';
import { Jurisdiction } from '../modules/jurisdictions/jurisdiction.entity';
import { JurisdictionKind } from '../modules/jurisdictions/jurisdiction.enums';
import { createServices } from '../app/services';
import { systemClock } from '../shared/clock';
import { DomainError } from '../shared/errors';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function run(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      jurisdiction: { type: 'string' },
      label: { type: 'string' },
      list: { type: 'string' },
      instrument: { type: 'string' },
      format: { type: 'string' },
      'effective-from': { type: 'string' },
      source: { type: 'string' },
      coverage: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || !values.jurisdiction || !values.label) {
    fail(
      'usage: npm run import -- <file.csv|file.json> --jurisdiction XX --label "..." [--list "name"] [--format csv|json] [--effective-from YYYY-MM-DD] [--source "..."] [--coverage BIO.EQP,BIO.AGT]',
    );
  }
  if (!fs.existsSync(file)) fail(`no such file: ${file}`);
  const format = (values.format ?? path.extname(file).slice(1)).toUpperCase();
  if (format !== 'CSV' && format !== 'JSON') fail('--format must be csv or json (or name the file .csv / .json)');
  const content = fs.readFileSync(file, 'utf8');

  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, logger);
  try {
    await migrate(db.dataSource, logger);
    const code = values.jurisdiction.toUpperCase();
    const jurisdiction = await db.dataSource.getRepository(Jurisdiction).findOneBy({ code });
    if (!jurisdiction) fail(`unknown jurisdiction ${code}`);
    // The CLI acts for the jurisdiction as its regulator would (the secretariat for regimes).
    const actor = {
      id: `cli:${os.userInfo().username}`,
      role: jurisdiction.kind === JurisdictionKind.REGIME ? Role.SECRETARIAT : Role.REGULATOR,
      jurisdiction: jurisdiction.kind === JurisdictionKind.REGIME ? null : code,
    };
    const service = createServices({ dataSource: db.dataSource, clock: systemClock, config }).lists;
    // noTTYOutput: also report progress when stderr is a file or a pipe (CI logs).
    const bar = new SingleBar(
      { format: ' {phase} [{bar}] {value}/{total} rows', stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 500 },
      Presets.shades_classic,
    );
    let started = false;
    const outcome = await service.import(
      null,
      {
        jurisdiction: code,
        listName: values.list,
        instrument: values.instrument,
        label: values.label,
        effectiveFrom: values['effective-from'],
        source: values.source,
        coverage: values.coverage
          ?.split(',')
          .map((c) => c.trim())
          .filter(Boolean),
        format,
        content,
      },
      {
        actor,
        onProgress: (phase, done, total) => {
          if (!started) {
            bar.start(total, 0, { phase });
            started = true;
          }
          bar.setTotal(total);
          bar.update(done, { phase: phase === 'parse' ? 'checked' : 'written' });
        },
      },
    );
    if (started) bar.stop();
    if (!outcome.ok) {
      process.stderr.write(`nothing was imported: ${outcome.errors.length} error(s) in ${outcome.rows} row(s)\n`);
      for (const e of outcome.errors.slice(0, 200)) {
        process.stderr.write(`  line ${e.line}${e.controlNumber ? ` (${e.controlNumber})` : ''}: ${e.field}: ${e.message}\n`);
      }
      if (outcome.errors.length > 200) process.stderr.write(`  … and ${outcome.errors.length - 200} more\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`imported ${outcome.imported} entries into DRAFT version ${outcome.version!.id} ("${outcome.version!.label}")\n`);
  } catch (err) {
    if (err instanceof DomainError) fail(`import refused (${err.code}): ${err.message}`, 1);
    throw err;
  } finally {
    await db.close();
  }
}

run().catch((err) => fail(`import failed: ${err instanceof Error ? err.message : String(err)}`, 1));

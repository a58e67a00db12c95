/**
 * `npm run export -- concordance --consortium <id> [--prefix BIO.EQP] [--as-of YYYY-MM-DD] [--out file.csv]`
 * writes the concordance matrix as CSV (stdout unless --out). Without --consortium the
 * only consortium is used.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readConfig } from '../config/env';
import { migrate, openDatabase } from '../db/bootstrap';
import { createLogger } from '../shared/logger';
import { concordanceCsv } from '../modules/harmonized/concordance-export';
import { HarmonizedService } from '../modules/harmonized/harmonized.service';
import { systemClock } from '../shared/clock';

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function run(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { consortium: { type: 'string' }, prefix: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' } },
  });
  if (positionals[0] !== 'concordance') fail('usage: npm run export -- concordance [--consortium <id>] [--prefix BIO.EQP] [--out file.csv]');
  const config = readConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, logger);
  try {
    await migrate(db.dataSource, logger);
    const service = new HarmonizedService({ dataSource: db.dataSource, clock: systemClock, config });
    const consortiumId = values.consortium ?? (await service.defaultConsortium());
    const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
    for await (const chunk of concordanceCsv(service, consortiumId, values.prefix, values['as-of'])) out.write(chunk);
    if (values.out) await new Promise<void>((resolve) => (out as fs.WriteStream).end(resolve));
  } finally {
    await db.close();
  }
}

run().catch((err) => fail(`export failed: ${err instanceof Error ? err.message : String(err)}`, 1));

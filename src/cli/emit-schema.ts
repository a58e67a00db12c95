/** `npm run schema:emit`: write schema/schema.graphql from the code (sorted, stable). */
import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../app/schema';

printAppSchema()
  .then((sdl) => {
    const file = path.resolve(__dirname, '../../../schema/schema.graphql');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, sdl);
    process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  })
  .catch((err) => {
    process.stderr.write(`schema emit failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });

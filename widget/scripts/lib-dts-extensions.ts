/**
 * tsc keeps the `.ts` in the import paths of the .d.ts files it emits; the package ships `.js` and
 * `.d.ts` only, so the published declarations name `.js` (which TypeScript maps to `.d.ts`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LIB = join(import.meta.dirname, '..', 'lib');
for (const file of readdirSync(LIB, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'))) {
  const path = join(LIB, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from\s+['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'));
}

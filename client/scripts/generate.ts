import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatedSchema } from './schema-source.ts';

const target = resolve(import.meta.dirname, '../src/schema.ts');
writeFileSync(target, await generatedSchema());
console.log(`wrote ${target}`);

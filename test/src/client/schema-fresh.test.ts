import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { generatedSchema } from '../../../client/scripts/schema-source.ts';

/** The committed client types are those of the document the server serves: regenerate when a route or schema changes. */
it('client/src/schema.ts is generated from the current OpenAPI document (npx -y pnpm@10 --filter @cim/client generate)', async () => {
  const committed = readFileSync(resolve(import.meta.dirname, '../../../client/src/schema.ts'), 'utf8');
  expect(committed === (await generatedSchema()), 'client/src/schema.ts is stale: run npx -y pnpm@10 --filter @cim/client generate').toBe(true);
});

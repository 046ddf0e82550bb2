import { openApiDocument } from '@cim/server/openapi';
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `/**
 * Generated from CIM's OpenAPI document by openapi-typescript: do not edit.
 * Regenerate with \`npx -y pnpm@10 --filter @cim/client generate\`; test/src/client/schema-fresh.test.ts fails when it is stale.
 */

`;

/** client/src/schema.ts as it should be: the types of the document the server serves at /openapi.json. */
export async function generatedSchema(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as unknown as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

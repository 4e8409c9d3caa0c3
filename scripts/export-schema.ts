// Writes schema/cutover.schema.json, the JSON Schema of cutover.yaml, from the zod schema in
// src/config (editors use it for completion; a unit test fails when the file is stale).
// Run: node scripts/export-schema.ts          (write the file)
//      node scripts/export-schema.ts --check  (exit 1 when the file is stale)
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText, SCHEMA_FILE } from '../src/config/json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, SCHEMA_FILE);
const text = configJsonSchemaText();

if (process.argv.includes('--check')) {
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(`${SCHEMA_FILE} is stale: run \`node scripts/export-schema.ts\``);
    process.exit(1);
  }
  console.log(`${SCHEMA_FILE} is up to date`);
} else {
  await writeFile(file, text);
  console.log(`wrote ${SCHEMA_FILE}`);
}

// Writes tools/src/model/schema-validators.generated.js after a change to schemas/*.schema.json:
//   node --import tsx scripts/generate-schema-validators.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VALIDATORS_FILE, schemaValidatorsSource } from '../tools/src/model/schema-validators-source.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, SCHEMA_VALIDATORS_FILE), schemaValidatorsSource());
console.log(`wrote ${SCHEMA_VALIDATORS_FILE}`);

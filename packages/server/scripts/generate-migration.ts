// Writes migrations/0002_synced_tables.sql from the schema package.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSyncedTablesMigration } from '../src/storage/synced-table-ddl.js';

const outPath = fileURLToPath(new URL('../migrations/0002_synced_tables.sql', import.meta.url));
writeFileSync(outPath, renderSyncedTablesMigration());
console.log(`wrote ${outPath}`);

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { renderTablesModule } from '../scripts/generate.js';

const specPath = fileURLToPath(new URL('../spec/hikma-mobile-schema-v9.json', import.meta.url));
const generatedPath = fileURLToPath(new URL('./tables.generated.ts', import.meta.url));
// The reference spec lives beside the clone (`../shared` from the repository
// root), on a workstation as in CI; where it is absent that one check is skipped.
const sharedSpecPath = fileURLToPath(
  new URL('../../../../shared/spec/hikma-mobile-schema-v9.json', import.meta.url),
);

test('tables.generated.ts is what `npm run generate` makes of the spec', async () => {
  const expected = await renderTablesModule(readFileSync(specPath, 'utf8'));
  expect(readFileSync(generatedPath, 'utf8')).toBe(expected);
});

test.skipIf(!existsSync(sharedSpecPath))('the spec is a copy of the shared reference spec', () => {
  expect(readFileSync(specPath, 'utf8')).toBe(readFileSync(sharedSpecPath, 'utf8'));
});

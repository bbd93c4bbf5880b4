import { tables } from '@clinicsync/schema';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pull, startTestServer } from '@clinicsync/testing/server';
import { createWatermelonDevice } from '@clinicsync/testing/watermelon';
import type { TestServer } from '@clinicsync/testing/server';
import { seedDatabase } from '../../src/seed/seed-database.js';
import type { SeedSummary } from '../../src/seed/seed-database.js';

// A data set from the seeder pulls into a fresh stock WatermelonDB device
// with every row intact and no diagnostic error.
let server: TestServer;
let summary: SeedSummary;

beforeAll(async () => {
  server = await startTestServer();
  await server.listen();
  summary = await seedDatabase(server.database.db, { seed: 3, clinics: 2, patients: 60 });
});
afterAll(() => server?.close());

test('a seeded data set pulls into a fresh WatermelonDB device with no diagnostic error', async () => {
  const user = summary.users[0]!;
  const device = await createWatermelonDevice({
    serverUrl: server.url,
    email: user.email,
    password: summary.password,
  });
  try {
    await device.sync();
    expect(device.diagnostics).toEqual([]);
    // The device holds what its user's first pull holds (their clinic's share)…
    const auth = `Basic ${Buffer.from(`${user.email}:${summary.password}`).toString('base64')}`;
    const truth = await pull(server.app, { auth }, 0);
    // …which is every patient of their clinic, and only those (PROTOCOL.md, "Scope").
    const everything = await pull(server.app, { auth: server.admin.basic }, 0);
    const home = everything.changes.users!.created.find((u) => u.email === user.email)!;
    const ofClinic = everything.changes.patients!.created.filter(
      (p) => p['primary_clinic_id'] === home['clinic_id'],
    );
    expect(ofClinic.length).toBe(30);
    expect((await device.all('patients')).map((p) => p.id).sort()).toEqual(
      ofClinic.map((p) => p.id).sort(),
    );
    let compared = 0;
    for (const table of tables.filter((t) => t.sync !== 'device_only')) {
      const expected = [...(truth.changes[table.name]?.created ?? [])].sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
      const rows = await device.all(table.name);
      expect(rows, table.name).toEqual(expected);
      compared += rows.length;
    }
    expect(compared).toBeGreaterThan(30 * 8);
  } finally {
    await device.close();
  }
});

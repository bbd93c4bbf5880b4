// Checks the device harness against a tiny real HTTP server: every assertion
// about requests is on what stock WatermelonDB actually sent over the wire.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tables } from '@clinicsync/schema';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWatermelonDevice,
  takeUnattributedDiagnostics,
} from '../src/watermelon/watermelon-device.js';
import type {
  WatermelonDevice,
  WatermelonDeviceOptions,
} from '../src/watermelon/watermelon-device.js';

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Reply {
  readonly status?: number;
  readonly body: unknown;
}

type Handler = (request: RecordedRequest) => Reply | undefined;

interface TestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

type RawRow = Record<string, unknown>;
type PushBody = Record<string, { created: RawRow[]; updated: RawRow[]; deleted: string[] }>;

const email = 'nurse@example.org';
const password = 's3cret:with:colons';
const basicHeader = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
const firstTimestamp = 1_750_000_000_000;
const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers pulls with an empty change set and rising timestamps, pushes with ok, unless `handler` answers. */
async function startServer(handler: Handler = () => undefined): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let pulls = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
      };
      requests.push(recorded);
      if (recorded.method === 'GET') pulls += 1;
      const fallback: Reply =
        recorded.method === 'GET'
          ? { body: { changes: {}, timestamp: firstTimestamp + pulls } }
          : { body: { ok: true } };
      const reply = handler(recorded) ?? fallback;
      response.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json' });
      response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  cleanups.push(() => testServer.close());
  return testServer;
}

async function newDevice(
  options: Partial<WatermelonDeviceOptions> = {},
): Promise<WatermelonDevice> {
  const device = await createWatermelonDevice({
    serverUrl: 'http://127.0.0.1:9',
    email,
    password,
    ...options,
  });
  cleanups.push(() => device.close());
  return device;
}

function patientValues(givenName: string): Record<string, unknown> {
  return {
    given_name: givenName,
    surname: 'Haddad',
    date_of_birth: '1990-02-03',
    sex: 'female',
    additional_data: '{}',
    metadata: '{}',
  };
}

function pushBody(request: RecordedRequest | undefined): PushBody {
  if (!request) throw new Error('no push was sent');
  return JSON.parse(request.body) as PushBody;
}

describe('watermelon device, local records', () => {
  it('creates, updates and reads raw rows without the sync fields', async () => {
    const device = await newDevice();
    const patientId = await device.create('patients', patientValues('Amal'));
    const visitId = await device.create('visits', {
      patient_id: patientId,
      clinic_id: 'clinic-1',
      provider_name: 'Dr. Noor',
      check_in_timestamp: 1_700_000_000_000,
      metadata: '{}',
    });
    await device.update('patients', patientId, { given_name: 'Amala' });

    expect(patientId).toMatch(uuidv7Pattern);
    const patient = await device.find('patients', patientId);
    expect(patient).toMatchObject({ id: patientId, given_name: 'Amala', surname: 'Haddad' });
    // Unset columns hold WatermelonDB's empty values; created_at/updated_at are stamped.
    expect(patient).toMatchObject({ camp: null, phone: '', is_deleted: false });
    expect(patient?.created_at).toEqual(expect.any(Number));
    expect(patient?.created_at).toBeGreaterThan(0);
    expect(patient).not.toHaveProperty('_status');
    expect(patient).not.toHaveProperty('_changed');

    const visits = await device.all('visits');
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      id: visitId,
      patient_id: patientId,
      provider_name: 'Dr. Noor',
    });
    expect(visits[0]).not.toHaveProperty('_status');
    expect(await device.find('patients', 'no-such-id')).toBeNull();
    expect(await device.hasUnsyncedChanges()).toBe(true);
  });

  it('keeps a chosen id, sorts all() by id and hides records marked deleted', async () => {
    const device = await newDevice();
    await device.create('patients', { id: 'p-2', ...patientValues('B') });
    await device.create('patients', { id: 'p-1', ...patientValues('A') });
    expect((await device.all('patients')).map((row) => row.id)).toEqual(['p-1', 'p-2']);

    await device.markAsDeleted('patients', 'p-1');
    expect(await device.find('patients', 'p-1')).toBeNull();
    expect((await device.all('patients')).map((row) => row.id)).toEqual(['p-2']);
  });

  it('refuses unknown tables and columns plainly', async () => {
    const device = await newDevice();
    await expect(device.create('sessions', {})).rejects.toThrow(/unknown table sessions/);
    await expect(device.create('patients', { nickname: 'x' })).rejects.toThrow(
      /patients has no column nickname/,
    );
  });
});

describe('watermelon device, sync over HTTP', () => {
  it('pulls then pushes with the Hikma request shapes', async () => {
    const server = await startServer();
    const device = await newDevice({ serverUrl: server.url });
    const patientId = await device.create('patients', patientValues('Amal'));
    await device.create('visits', { patient_id: patientId, clinic_id: 'c1', metadata: '{}' });

    await device.sync();

    const [pull, push, ...rest] = server.requests;
    expect(rest).toEqual([]);
    expect(pull).toMatchObject({ method: 'GET', path: '/api/v2/sync' });
    expect([...(pull?.query.entries() ?? [])]).toEqual([
      ['last_pulled_at', '0'],
      ['schema_version', '9'],
      ['migration', 'null'],
    ]);
    expect(pull?.headers.authorization).toBe(basicHeader);
    expect(pull?.headers['content-type']).toBeUndefined();

    expect(push).toMatchObject({ method: 'POST', path: '/api/v2/sync' });
    expect([...(push?.query.entries() ?? [])]).toEqual([
      ['last_pulled_at', String(firstTimestamp + 1)],
    ]);
    expect(push?.headers.authorization).toBe(basicHeader);
    expect(push?.headers['content-type']).toBe('application/json');

    // The bare change set: every registered table (device-only ones too), raws with sync fields.
    const body = pushBody(push);
    expect(Object.keys(body).sort()).toEqual(tables.map((t) => t.name).sort());
    for (const changes of Object.values(body)) {
      expect(Object.keys(changes).sort()).toEqual(['created', 'deleted', 'updated']);
    }
    const patients = body.patients?.created ?? [];
    expect(patients).toHaveLength(1);
    expect(patients[0]).toMatchObject({
      id: patientId,
      given_name: 'Amal',
      _status: 'created',
      _changed: '',
    });
    const patientColumns =
      tables.find((t) => t.name === 'patients')?.columns.map((c) => c.name) ?? [];
    expect(Object.keys(patients[0] ?? {}).sort()).toEqual(
      ['_changed', '_status', 'id', ...patientColumns].sort(),
    );
    expect(body.visits?.created[0]).toMatchObject({ patient_id: patientId, _status: 'created' });

    expect(await device.hasUnsyncedChanges()).toBe(false);
    expect(device.diagnostics).toEqual([]);
    expect(device.exchanges.map((e) => [e.method, e.status])).toEqual([
      ['GET', 200],
      ['POST', 200],
    ]);
  });

  it('sends later pulls from the last timestamp and pushes updates and tombstones', async () => {
    const server = await startServer();
    const device = await newDevice({ serverUrl: server.url });
    const keptId = await device.create('patients', { ...patientValues('Kept'), updated_at: 1000 });
    const goneId = await device.create('patients', patientValues('Gone'));
    await device.sync();

    await device.sync();
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(server.requests[2]?.query.get('last_pulled_at')).toBe(String(firstTimestamp + 1));

    await device.update('patients', keptId, { phone: '+961 1 234' });
    await device.markAsDeleted('patients', goneId);
    await device.sync();

    const push = server.requests.at(-1);
    expect(push?.query.get('last_pulled_at')).toBe(String(firstTimestamp + 3));
    const patients = pushBody(push).patients;
    expect(patients?.created).toEqual([]);
    expect(patients?.deleted).toEqual([goneId]);
    expect(patients?.updated).toHaveLength(1);
    const updated = patients?.updated[0];
    expect(updated).toMatchObject({ id: keptId, phone: '+961 1 234', _status: 'updated' });
    // WatermelonDB bumped updated_at itself and marked both columns changed.
    expect(String(updated?._changed).split(',').sort()).toEqual(['phone', 'updated_at']);
    expect(await device.hasUnsyncedChanges()).toBe(false);
  });

  it('applies pulled records', async () => {
    const pulledPatient = { id: 'srv-1', ...patientValues('Rima'), created_at: 5, updated_at: 6 };
    const server = await startServer((request) =>
      request.method === 'GET'
        ? {
            body: {
              changes: { patients: { created: [pulledPatient], updated: [], deleted: [] } },
              timestamp: firstTimestamp,
            },
          }
        : undefined,
    );
    const device = await newDevice({ serverUrl: server.url });
    await device.sync();

    expect(await device.find('patients', 'srv-1')).toMatchObject({
      given_name: 'Rima',
      created_at: 5,
    });
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
    expect(await device.hasUnsyncedChanges()).toBe(false);
  });

  it('throws the status and body of a refused request', async () => {
    const refusal = { error: { code: 'unauthorized', message: 'bad credentials' } };
    const server = await startServer(() => ({ status: 401, body: refusal }));
    const device = await newDevice({ serverUrl: server.url });
    await device.create('patients', patientValues('Amal'));

    await expect(device.sync()).rejects.toThrow(/answered 401: .*bad credentials/);
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
    expect(await device.hasUnsyncedChanges()).toBe(true);
  });

  it('can send last_pulled_at=null on a first pull, as older app builds did', async () => {
    const server = await startServer();
    const device = await newDevice({ serverUrl: server.url, nullLastPulledAtOnFirstSync: true });
    await device.sync();
    await device.sync();
    expect(server.requests.map((r) => r.query.get('last_pulled_at'))).toEqual([
      'null',
      String(firstTimestamp + 1),
    ]);
  });
});

describe('watermelon device, what WatermelonDB reports', () => {
  it('files diagnostics under the device whose sync raised them, even concurrently', async () => {
    const duplicate = { id: 'dup-1', ...patientValues('Twin'), created_at: 1, updated_at: 1 };
    const server = await startServer((request) => {
      const isNoisy =
        request.headers.authorization ===
        `Basic ${Buffer.from('noisy@x.org:pw').toString('base64')}`;
      if (request.method !== 'GET' || !isNoisy) return undefined;
      return {
        body: {
          changes: { patients: { created: [duplicate], updated: [], deleted: [] } },
          timestamp: firstTimestamp,
        },
      };
    });
    const noisy = await newDevice({ serverUrl: server.url, email: 'noisy@x.org', password: 'pw' });
    const quiet = await newDevice({ serverUrl: server.url });
    await noisy.create('patients', { id: 'dup-1', ...patientValues('Twin') });

    await Promise.all([noisy.sync(), quiet.sync()]);

    expect(noisy.diagnostics).toEqual([
      expect.stringMatching(
        /wants client to create record patients#dup-1, but it already exists locally/,
      ),
    ]);
    expect(quiet.diagnostics).toEqual([]);
    expect(takeUnattributedDiagnostics()).toEqual({ diagnostics: [], warnings: [] });
  });

  it('keeps logger warnings, e.g. for a pulled table the device does not know', async () => {
    const server = await startServer((request) =>
      request.method === 'GET'
        ? {
            body: {
              changes: { sessions: { created: [], updated: [], deleted: [] } },
              timestamp: firstTimestamp,
            },
          }
        : undefined,
    );
    const device = await newDevice({ serverUrl: server.url });
    await device.sync();
    expect(device.warnings).toEqual([expect.stringMatching(/sync a collection named sessions/)]);
  });

  it('sends a real migration description once the last synced schema version is older', async () => {
    const server = await startServer();
    const device = await newDevice({ serverUrl: server.url });
    await device.sync();
    await device.database.adapter.setLocal('__watermelon_last_pulled_schema_version', '8');

    await device.sync();

    expect(JSON.parse(server.requests.at(-1)?.query.get('migration') ?? 'null')).toEqual({
      from: 8,
      tables: ['event_logs', 'peers'],
      columns: [
        { table: 'events', columns: ['recorded_by_user_id'] },
        {
          table: 'user_clinic_permissions',
          columns: [
            'can_edit_other_provider_event',
            'can_download_patient_reports',
            'can_prescribe_medications',
            'can_dispense_medications',
            'can_delete_patient_visits',
            'can_delete_patient_records',
          ],
        },
        { table: 'event_forms', columns: ['clinic_ids', 'translations'] },
      ],
    });
  });

  it('ignores experimentalRejectedIds like the Hikma app unless told to honour them', async () => {
    const server = await startServer((request) =>
      request.method === 'POST'
        ? { body: { ok: true, experimentalRejectedIds: { patients: ['rejected-1'] } } }
        : undefined,
    );
    const hikmaLike = await newDevice({ serverUrl: server.url });
    const honouring = await newDevice({ serverUrl: server.url, honorRejectedIds: true });
    for (const device of [hikmaLike, honouring]) {
      await device.create('patients', { id: 'rejected-1', ...patientValues('No') });
      await device.sync();
    }
    expect(await hikmaLike.hasUnsyncedChanges()).toBe(false);
    expect(await honouring.hasUnsyncedChanges()).toBe(true);
  });

  it('lets stock WatermelonDB blank wrongly typed values unless the Hikma fix-ups run', async () => {
    const sloppy = {
      id: 'srv-2',
      ...patientValues('Lina'),
      date_of_birth: '1990-02-03T10:00:00Z',
      metadata: { source: 'import' },
      created_at: '2024-05-01T00:00:00.000Z',
      updated_at: '2024-05-01T00:00:00.000Z',
    };
    const server = await startServer((request) =>
      request.method === 'GET'
        ? {
            body: {
              changes: { patients: { created: [{ ...sloppy }], updated: [], deleted: [] } },
              timestamp: firstTimestamp,
            },
          }
        : undefined,
    );
    const stock = await newDevice({ serverUrl: server.url });
    const fixed = await newDevice({ serverUrl: server.url, hikmaPullFixups: true });
    await stock.sync();
    await fixed.sync();

    expect(await stock.find('patients', 'srv-2')).toMatchObject({
      created_at: 0,
      metadata: '',
      date_of_birth: '1990-02-03T10:00:00Z',
    });
    expect(await fixed.find('patients', 'srv-2')).toMatchObject({
      created_at: Date.parse('2024-05-01T00:00:00.000Z'),
      metadata: '{"source":"import"}',
      date_of_birth: '1990-02-03',
    });
  });
});

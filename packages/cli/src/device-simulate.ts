import type { LocalStore, StoreTransaction } from '@clinicsync/client/node';
import type { TableName } from '@clinicsync/schema';
import type { CliDevice } from './device-open.js';
import {
  between,
  camps,
  citizenships,
  givenNames,
  hometowns,
  pick,
  randomDateOfBirth,
  randomFormData,
  randomPhone,
  randomUuid,
  seededRandom,
  surnames,
} from './device-simulate-data.js';
import type { Random } from './device-simulate-data.js';
import { readWriteCounter } from './device-state.js';
import { syncDevice } from './device-sync.js';

export interface SimulateOptions {
  readonly steps: number;
  readonly seed: number;
  /** Sync after every this many steps (and not at the end: run `device sync`). */
  readonly syncEvery?: number;
  /** Called after each sync made by `syncEvery`. */
  readonly onSync?: (step: number) => void;
}

export const simulatedActions = [
  'register patient',
  'add visit',
  'edit patient',
  'edit event',
  'delete visit',
] as const;
export type SimulatedAction = (typeof simulatedActions)[number];

/** How often each action is drawn (out of 100). */
const weights: Record<SimulatedAction, number> = {
  'register patient': 25,
  'add visit': 35,
  'edit patient': 20,
  'edit event': 15,
  'delete visit': 5,
};

interface Context {
  readonly device: CliDevice;
  readonly random: Random;
}

/** The n-th record of `table` in id order, drawn at random; null when there is none. */
async function randomRecordId(
  store: LocalStore,
  random: Random,
  table: TableName,
): Promise<string | null> {
  const n = await store.count(table);
  if (n === 0) return null;
  const [row] = await store.query(table, {
    orderBy: [{ column: 'id' }],
    offset: Math.floor(random() * n),
    limit: 1,
  });
  return row?.id ?? null;
}

async function registerPatient({ device, random }: Context): Promise<void> {
  const { user } = device.state;
  await device.store.create('patients', {
    id: randomUuid(random),
    given_name: pick(random, givenNames),
    surname: pick(random, surnames),
    sex: pick(random, ['male', 'female']),
    date_of_birth: randomDateOfBirth(random),
    phone: randomPhone(random),
    hometown: pick(random, hometowns),
    camp: pick(random, camps),
    citizenship: pick(random, citizenships),
    additional_data: '{}',
    metadata: '{}',
    primary_clinic_id: user.clinic_id,
    last_modified_by: user.id,
  });
}

/** A visit of an existing patient with a consultation event, and vitals half of the time. */
async function addVisit(context: Context, patientId: string): Promise<void> {
  const { device, random } = context;
  const { user } = device.state;
  const formId = await randomRecordId(device.store, random, 'event_forms');
  const form = formId ? await device.store.find('event_forms', formId) : null;
  const now = Date.now();
  const ids = [randomUuid(random), randomUuid(random), randomUuid(random)] as const;
  const formData = randomFormData(random);
  const withVitals = random() < 0.5;
  const systolic = between(random, 95, 170);
  const vitals = {
    systolic_bp: systolic,
    diastolic_bp: systolic - between(random, 30, 60),
    heart_rate: between(random, 55, 120),
    temperature_celsius: between(random, 361, 395) / 10,
    oxygen_saturation: between(random, 90, 100),
    weight_kg: between(random, 40, 110),
  };
  await device.store.transaction(async (tx: StoreTransaction) => {
    await tx.create('visits', {
      id: ids[0],
      patient_id: patientId,
      clinic_id: user.clinic_id,
      provider_id: user.id,
      provider_name: user.name,
      check_in_timestamp: now,
      metadata: '{}',
    });
    await tx.create('events', {
      id: ids[1],
      patient_id: patientId,
      visit_id: ids[0],
      form_id: form?.id ?? '',
      event_type: form?.name ?? 'Consultation',
      form_data: formData,
      metadata: '{}',
      recorded_by_user_id: user.id,
    });
    if (withVitals) {
      await tx.create('patient_vitals', {
        id: ids[2],
        patient_id: patientId,
        visit_id: ids[0],
        event_id: ids[1],
        timestamp: now,
        ...vitals,
        bp_position: 'sitting',
        recorded_by_user_id: user.id,
        metadata: '{}',
      });
    }
  });
}

async function editPatient({ device, random }: Context, patientId: string): Promise<void> {
  const column = pick(random, ['phone', 'hometown', 'camp', 'citizenship'] as const);
  const value =
    column === 'phone'
      ? randomPhone(random)
      : pick(random, column === 'hometown' ? hometowns : column === 'camp' ? camps : citizenships);
  await device.store.update('patients', patientId, { [column]: value });
}

/** Deletes a visit with its events and vitals, as the app does (the server cascades too). */
async function deleteVisit({ device }: Context, visitId: string): Promise<void> {
  const events = await device.store.query('events', { where: { visit_id: visitId } });
  const vitals = await device.store.query('patient_vitals', { where: { visit_id: visitId } });
  await device.store.transaction(async (tx) => {
    for (const v of vitals) await tx.delete('patient_vitals', v.id);
    for (const e of events) await tx.delete('events', e.id);
    await tx.delete('visits', visitId);
  });
}

function drawAction(random: Random): SimulatedAction {
  let r = random() * 100;
  for (const action of simulatedActions) {
    r -= weights[action];
    if (r < 0) return action;
  }
  return 'add visit';
}

/** Runs one step: the drawn action, or registering a patient when there is nothing to act on. */
async function step(context: Context): Promise<SimulatedAction> {
  const { device, random } = context;
  const action = drawAction(random);
  const patientId = await randomRecordId(device.store, random, 'patients');
  if (patientId === null || action === 'register patient') {
    await registerPatient(context);
    return 'register patient';
  }
  if (action === 'edit patient') {
    await editPatient(context, patientId);
    return action;
  }
  if (action === 'edit event') {
    const eventId = await randomRecordId(device.store, random, 'events');
    if (eventId) {
      await device.store.update('events', eventId, { form_data: randomFormData(random) });
      return action;
    }
  }
  if (action === 'delete visit') {
    const visitId = await randomRecordId(device.store, random, 'visits');
    if (visitId) {
      await deleteVisit(context, visitId);
      return action;
    }
  }
  await addVisit(context, patientId);
  return 'add visit';
}

/**
 * `device simulate`: `steps` realistic edits, one per step, drawn by a
 * generator seeded with `seed`, this database's own key and its write
 * counter: the same seed on the same local data makes the same edits (and
 * ids); two devices, or a second run on one device, make different ones. Returns how many times each action ran and the syncs made.
 */
export async function simulate(
  device: CliDevice,
  options: SimulateOptions,
): Promise<{ actions: Record<SimulatedAction, number>; syncs: number }> {
  const writes = await readWriteCounter(device.driver);
  const random = seededRandom(`${options.seed}:${device.state.deviceKey}:${writes}`);
  const actions = Object.fromEntries(simulatedActions.map((a) => [a, 0])) as Record<
    SimulatedAction,
    number
  >;
  let syncs = 0;
  for (let i = 1; i <= options.steps; i++) {
    actions[await step({ device, random })]++;
    if (options.syncEvery !== undefined && i % options.syncEvery === 0) {
      await syncDevice(device, { progress: false });
      syncs++;
      options.onSync?.(i);
    }
  }
  return { actions, syncs };
}

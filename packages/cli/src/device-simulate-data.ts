// Values for `device simulate`: names, places and clinical answers drawn by a
// seeded generator, so a seed gives the same edits on the same local data.

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
export type Random = () => number;

/** A generator seeded with a string (FNV-1a hash of it, then mulberry32). */
export function seededRandom(seed: string): Random {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

export const between = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** A UUID v4 made from the generator (so ids repeat with the seed). */
export function randomUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const givenNames = [
  'Amina',
  'Omar',
  'Fatima',
  'Yusuf',
  'Layla',
  'Hassan',
  'Mariam',
  'Ibrahim',
  'Nour',
  'Ali',
  'Sara',
  'Khalid',
  'Grace',
  'Samuel',
  'Achieng',
  'Joseph',
  'Rosa',
  'Mateo',
  'Priya',
  'Arjun',
];
export const surnames = [
  'Haddad',
  'Khoury',
  'Mansour',
  'Nasser',
  'Saleh',
  'Hamdan',
  'Odhiambo',
  'Mwangi',
  'Okafor',
  'Garcia',
  'Lopez',
  'Sharma',
  'Patel',
  'Rahman',
  'Aziz',
  'Barakat',
];
export const hometowns = ['Aleppo', 'Homs', 'Idlib', 'Mosul', 'Kisumu', 'Juba', 'Tripoli', 'Sanaa'];
export const camps = ['Zaatari', 'Azraq', 'Kakuma', 'Dadaab', 'Bidibidi', 'Shatila', ''];
export const citizenships = ['Syrian', 'Iraqi', 'South Sudanese', 'Kenyan', 'Yemeni', 'Lebanese'];

/** A phone number such as +962 79 123 4567. */
export function randomPhone(random: Random): string {
  const digits = () => String(between(random, 0, 9));
  const block = (n: number) => Array.from({ length: n }, digits).join('');
  return `+${pick(random, ['962', '961', '254', '963'])} 7${digits()} ${block(3)} ${block(4)}`;
}

/** A date of birth between 1940 and 2024, YYYY-MM-DD. */
export function randomDateOfBirth(random: Random): string {
  const day = new Date(
    Date.UTC(between(random, 1940, 2024), between(random, 0, 11), between(random, 1, 28)),
  );
  return day.toISOString().slice(0, 10);
}

const complaints = ['cough', 'fever', 'headache', 'back pain', 'rash', 'diarrhoea', 'fatigue'];
const diagnoses = [
  'Upper respiratory infection',
  'Hypertension',
  'Type 2 diabetes',
  'Gastroenteritis',
  'Migraine',
];
const medicines = [
  'Paracetamol 500 mg',
  'Amoxicillin 250 mg',
  'Metformin 500 mg',
  'Amlodipine 5 mg',
  'ORS sachet',
];

/** An event's form_data as the Hikma app writes it: a JSON array of answers. */
export function randomFormData(random: Random): string {
  return JSON.stringify([
    {
      fieldId: 'complaint',
      fieldType: 'free-text',
      inputType: 'textarea',
      name: 'Chief complaint',
      value: `${pick(random, complaints)} for ${between(random, 1, 14)} days`,
    },
    {
      fieldId: 'diagnosis',
      fieldType: 'diagnosis',
      inputType: 'select',
      name: 'Diagnosis',
      value: [pick(random, diagnoses)],
    },
    {
      fieldId: 'plan',
      fieldType: 'medicine',
      inputType: 'input',
      name: 'Treatment',
      value: [pick(random, medicines)],
    },
    {
      fieldId: 'notes',
      fieldType: 'free-text',
      inputType: 'textarea',
      name: 'Notes',
      value: `Review in ${between(random, 1, 4)} weeks.`,
    },
  ]);
}

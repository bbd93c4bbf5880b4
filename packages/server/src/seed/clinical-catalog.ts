/**
 * The clinical vocabulary of generated records: ICD-10 diagnoses, medicines
 * and the phrases notes are built from. Primary care in the settings Hikma
 * Health serves (clinics for displaced people, rural outreach).
 */

export interface Diagnosis {
  readonly code: string;
  readonly desc: string;
  /** Seen again at follow-up visits; becomes an active problem. */
  readonly chronic: boolean;
}

export const diagnoses: readonly Diagnosis[] = [
  { code: 'J06.9', desc: 'Acute upper respiratory infection, unspecified', chronic: false },
  { code: 'J02.9', desc: 'Acute pharyngitis, unspecified', chronic: false },
  { code: 'J20.9', desc: 'Acute bronchitis, unspecified', chronic: false },
  { code: 'J18.9', desc: 'Pneumonia, unspecified organism', chronic: false },
  { code: 'H66.90', desc: 'Otitis media, unspecified, unspecified ear', chronic: false },
  { code: 'A09', desc: 'Infectious gastroenteritis and colitis, unspecified', chronic: false },
  { code: 'K29.70', desc: 'Gastritis, unspecified, without bleeding', chronic: false },
  { code: 'K21.9', desc: 'Gastro-esophageal reflux disease without esophagitis', chronic: false },
  { code: 'N39.0', desc: 'Urinary tract infection, site not specified', chronic: false },
  { code: 'B35.4', desc: 'Tinea corporis', chronic: false },
  { code: 'B86', desc: 'Scabies', chronic: false },
  { code: 'L30.9', desc: 'Dermatitis, unspecified', chronic: false },
  { code: 'M54.5', desc: 'Low back pain', chronic: false },
  { code: 'M25.50', desc: 'Pain in unspecified joint', chronic: false },
  { code: 'R51', desc: 'Headache', chronic: false },
  { code: 'R50.9', desc: 'Fever, unspecified', chronic: false },
  { code: 'D50.9', desc: 'Iron deficiency anemia, unspecified', chronic: false },
  { code: 'E44.0', desc: 'Moderate protein-calorie malnutrition', chronic: false },
  { code: 'B82.9', desc: 'Intestinal parasitism, unspecified', chronic: false },
  { code: 'H10.9', desc: 'Unspecified conjunctivitis', chronic: false },
  { code: 'K02.9', desc: 'Dental caries, unspecified', chronic: false },
  { code: 'T14.90', desc: 'Injury, unspecified', chronic: false },
  {
    code: 'Z34.90',
    desc: 'Encounter for supervision of normal pregnancy, unspecified',
    chronic: false,
  },
  { code: 'I10', desc: 'Essential (primary) hypertension', chronic: true },
  { code: 'E11.9', desc: 'Type 2 diabetes mellitus without complications', chronic: true },
  { code: 'E10.9', desc: 'Type 1 diabetes mellitus without complications', chronic: true },
  { code: 'E78.5', desc: 'Hyperlipidemia, unspecified', chronic: true },
  { code: 'J45.909', desc: 'Unspecified asthma, uncomplicated', chronic: true },
  { code: 'J44.9', desc: 'Chronic obstructive pulmonary disease, unspecified', chronic: true },
  { code: 'I50.9', desc: 'Heart failure, unspecified', chronic: true },
  { code: 'E03.9', desc: 'Hypothyroidism, unspecified', chronic: true },
  { code: 'G40.909', desc: 'Epilepsy, unspecified, not intractable', chronic: true },
  { code: 'F32.9', desc: 'Major depressive disorder, single episode, unspecified', chronic: true },
  { code: 'F41.1', desc: 'Generalized anxiety disorder', chronic: true },
  { code: 'F43.10', desc: 'Post-traumatic stress disorder, unspecified', chronic: true },
  { code: 'M19.90', desc: 'Unspecified osteoarthritis, unspecified site', chronic: true },
  { code: 'N18.9', desc: 'Chronic kidney disease, unspecified', chronic: true },
];

export const acuteDiagnoses = diagnoses.filter((d) => !d.chronic);
export const chronicDiagnoses = diagnoses.filter((d) => d.chronic);

export interface Medicine {
  readonly name: string;
  readonly form: string;
  readonly route: string;
  readonly dose: number;
  readonly doseUnits: string;
  /** Times a day. */
  readonly frequency: number;
  readonly duration: number;
  readonly durationUnits: string;
}

type MedicineTuple = readonly [string, string, string, number, string, number, number, string];

// name, form, route, dose, dose units, times a day, duration, duration units
const medicineTable: readonly MedicineTuple[] = [
  ['Paracetamol 500 mg', 'tablet', 'oral', 500, 'mg', 3, 5, 'days'],
  ['Ibuprofen 400 mg', 'tablet', 'oral', 400, 'mg', 3, 5, 'days'],
  ['Amoxicillin 500 mg', 'capsule', 'oral', 500, 'mg', 3, 7, 'days'],
  ['Amoxicillin 250 mg/5 mL', 'syrup', 'oral', 5, 'mL', 3, 7, 'days'],
  ['Azithromycin 500 mg', 'tablet', 'oral', 500, 'mg', 1, 3, 'days'],
  ['Cotrimoxazole 960 mg', 'tablet', 'oral', 960, 'mg', 2, 5, 'days'],
  ['Metronidazole 500 mg', 'tablet', 'oral', 500, 'mg', 3, 7, 'days'],
  ['Oral rehydration salts', 'other', 'oral', 200, 'mL', 4, 3, 'days'],
  ['Zinc sulfate 20 mg', 'tablet', 'oral', 20, 'mg', 1, 10, 'days'],
  ['Albendazole 400 mg', 'tablet', 'oral', 400, 'mg', 1, 1, 'days'],
  ['Omeprazole 20 mg', 'capsule', 'oral', 20, 'mg', 1, 4, 'weeks'],
  ['Ferrous sulfate 200 mg', 'tablet', 'oral', 200, 'mg', 1, 3, 'months'],
  ['Folic acid 5 mg', 'tablet', 'oral', 5, 'mg', 1, 3, 'months'],
  ['Permethrin 5% cream', 'cream', 'topical', 30, 'g', 1, 1, 'days'],
  ['Clotrimazole 1% cream', 'cream', 'topical', 1, 'g', 2, 2, 'weeks'],
  ['Chloramphenicol 0.5% eye drops', 'drops', 'ophthalmic', 1, 'units', 4, 5, 'days'],
  ['Salbutamol 100 mcg inhaler', 'inhaler', 'inhalation', 200, 'mcg', 4, 1, 'months'],
  ['Beclometasone 100 mcg inhaler', 'inhaler', 'inhalation', 200, 'mcg', 2, 3, 'months'],
  ['Amlodipine 5 mg', 'tablet', 'oral', 5, 'mg', 1, 3, 'months'],
  ['Enalapril 10 mg', 'tablet', 'oral', 10, 'mg', 1, 3, 'months'],
  ['Hydrochlorothiazide 25 mg', 'tablet', 'oral', 25, 'mg', 1, 3, 'months'],
  ['Metformin 500 mg', 'tablet', 'oral', 500, 'mg', 2, 3, 'months'],
  ['Glibenclamide 5 mg', 'tablet', 'oral', 5, 'mg', 1, 3, 'months'],
  ['Insulin NPH 100 units/mL', 'injection', 'subcutaneous', 20, 'units', 2, 1, 'months'],
  ['Atorvastatin 20 mg', 'tablet', 'oral', 20, 'mg', 1, 3, 'months'],
  ['Levothyroxine 50 mcg', 'tablet', 'oral', 50, 'mcg', 1, 3, 'months'],
  ['Carbamazepine 200 mg', 'tablet', 'oral', 200, 'mg', 2, 1, 'months'],
  ['Fluoxetine 20 mg', 'capsule', 'oral', 20, 'mg', 1, 1, 'months'],
  ['Furosemide 40 mg', 'tablet', 'oral', 40, 'mg', 1, 1, 'months'],
  ['Ceftriaxone 1 g', 'injection', 'intramuscular', 1, 'g', 1, 3, 'days'],
];

export const medicines: readonly Medicine[] = medicineTable.map(
  ([name, form, route, dose, doseUnits, frequency, duration, durationUnits]) => ({
    name,
    form,
    route,
    dose,
    doseUnits,
    frequency,
    duration,
    durationUnits,
  }),
);

/** Medicines a chronic diagnosis is usually treated with, by ICD-10 code. */
export const chronicTreatments: Readonly<Record<string, readonly string[]>> = {
  I10: ['Amlodipine 5 mg', 'Enalapril 10 mg', 'Hydrochlorothiazide 25 mg'],
  'E11.9': ['Metformin 500 mg', 'Glibenclamide 5 mg'],
  'E10.9': ['Insulin NPH 100 units/mL'],
  'E78.5': ['Atorvastatin 20 mg'],
  'J45.909': ['Salbutamol 100 mcg inhaler', 'Beclometasone 100 mcg inhaler'],
  'J44.9': ['Salbutamol 100 mcg inhaler'],
  'I50.9': ['Furosemide 40 mg', 'Enalapril 10 mg'],
  'E03.9': ['Levothyroxine 50 mcg'],
  'G40.909': ['Carbamazepine 200 mg'],
  'F32.9': ['Fluoxetine 20 mg'],
  'F41.1': ['Fluoxetine 20 mg'],
  'F43.10': ['Fluoxetine 20 mg'],
  'M19.90': ['Paracetamol 500 mg', 'Ibuprofen 400 mg'],
  'N18.9': ['Furosemide 40 mg'],
};

export const medicinesByName: ReadonlyMap<string, Medicine> = new Map(
  medicines.map((m) => [m.name, m]),
);

export const complaints: readonly string[] = [
  'cough',
  'fever',
  'sore throat',
  'headache',
  'abdominal pain',
  'diarrhoea',
  'vomiting',
  'back pain',
  'joint pain',
  'itchy rash',
  'ear pain',
  'burning on urination',
  'shortness of breath',
  'chest tightness',
  'fatigue',
  'dizziness',
  'poor appetite',
  'red eyes',
  'toothache',
  'difficulty sleeping',
];

const durations: readonly string[] = [
  '2 days',
  '3 days',
  '5 days',
  'a week',
  '10 days',
  'two weeks',
  'a month',
];
const onsetWords: readonly string[] = ['gradual', 'sudden', 'intermittent', 'progressive'];
const relievers: readonly string[] = [
  'rest',
  'paracetamol',
  'fluids',
  'nothing so far',
  'warm compresses',
];
const negatives: readonly string[] = [
  'No fever or chills.',
  'No vomiting.',
  'No blood in stool.',
  'No weight loss reported.',
  'No known drug allergies.',
  'Denies chest pain.',
  'No recent travel.',
  'Eating and drinking normally.',
];
const findings: readonly string[] = [
  'Alert and oriented, in no acute distress.',
  'Throat mildly erythematous, no exudate.',
  'Chest clear on auscultation bilaterally.',
  'Scattered wheeze on expiration.',
  'Crackles at the right base.',
  'Abdomen soft, mild epigastric tenderness.',
  'Abdomen soft, non-tender, bowel sounds normal.',
  'Tympanic membrane red and bulging.',
  'Papular rash on trunk and limbs with excoriations.',
  'Mild dehydration, capillary refill under 3 seconds.',
  'Conjunctivae pale.',
  'Heart sounds normal, no murmur.',
  'No peripheral oedema.',
  'Tender over the lumbar paraspinal muscles, neurology intact.',
  'Lymph nodes not enlarged.',
];
const plans: readonly string[] = [
  'Advised oral fluids and rest.',
  'Return if symptoms worsen or fever persists beyond 3 days.',
  'Health education on hand washing given.',
  'Review in two weeks with results.',
  'Referred for laboratory tests: full blood count and urinalysis.',
  'Adherence counselling done; patient understands the regimen.',
  'Diet and exercise advice given.',
  'Danger signs explained to the caregiver.',
  'Continue current medication, refill provided.',
  'Referred to the mental health team for follow-up.',
  'Blood pressure to be rechecked at next visit.',
  'Dose adjusted according to blood glucose readings.',
];
const historyTemplates: readonly ((a: string, b: string, c: string) => string)[] = [
  (complaint, duration) => `Patient reports ${complaint} for ${duration}.`,
  (complaint, duration, onset) =>
    `${capitalize(onset)} onset of ${complaint} over the past ${duration}.`,
  (complaint, duration) => `Presents with ${complaint}, started ${duration} ago.`,
  (complaint) => `Caregiver reports ${complaint}, worse at night.`,
  (complaint, duration) => `Complains of ${complaint} for ${duration}, partly relieved by rest.`,
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Something that draws: the generator's PRNG. */
export interface Draw {
  pick<T>(items: readonly T[]): T;
  next(): number;
}

/** One sentence of history for a complaint. */
export function historySentence(random: Draw, complaint: string): string {
  const template = random.pick(historyTemplates);
  return template(complaint, random.pick(durations), random.pick(onsetWords));
}

/** One sentence of a note, of the given kind. Plain ASCII without quotes, so its JSON is its length. */
export function noteSentence(random: Draw, kind: 'history' | 'exam' | 'plan'): string {
  switch (kind) {
    case 'history':
      return random.next() < 0.5
        ? historySentence(random, random.pick(complaints))
        : random.next() < 0.5
          ? random.pick(negatives)
          : `Tried ${random.pick(relievers)} with little effect.`;
    case 'exam':
      return random.pick(findings);
    case 'plan':
      return random.pick(plans);
  }
}

export const appointmentReasons: readonly string[] = [
  'Follow-up',
  'Review of test results',
  'Medication refill',
  'Blood pressure check',
  'Blood glucose check',
  'Antenatal visit',
  'Wound dressing',
  'Vaccination',
  'Mental health follow-up',
];

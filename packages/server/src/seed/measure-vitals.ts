import type { SeededRandom } from './seeded-random.js';

export interface Vitals {
  readonly temperatureCelsius: number;
  readonly systolic: number;
  readonly diastolic: number;
  readonly pulse: number;
  readonly respiratoryRate: number;
  readonly oxygenSaturation: number;
  readonly weightKg: number;
  readonly heightCm: number;
  readonly bmi: number;
  readonly waistCm: number | null;
  readonly painLevel: number;
}

/** Typical height (cm) for an age, from birth to adulthood. */
function heightForAge(ageYears: number, female: boolean): number {
  if (ageYears < 1) return 50 + ageYears * 25;
  if (ageYears < 13) return 75 + (ageYears - 1) * 6.2;
  const adult = female ? 160 : 172;
  return ageYears < 18 ? 150 + ((adult - 150) * (ageYears - 13)) / 5 : adult;
}

/**
 * One set of plausible vital signs for a patient of this age and sex; a
 * hypertensive patient runs higher pressures, a febrile one a fever.
 */
export function measureVitals(
  random: SeededRandom,
  ageYears: number,
  female: boolean,
  options: { hypertensive: boolean; febrile: boolean },
): Vitals {
  const child = ageYears < 13;
  const heightCm = Math.round((heightForAge(ageYears, female) + random.float(-8, 8, 1)) * 10) / 10;
  const bmiTarget = child ? random.float(14, 19, 1) : random.float(19, 33, 1);
  const weightKg = Math.max(
    2.5,
    Math.round(((bmiTarget * heightCm * heightCm) / 10_000) * 10) / 10,
  );
  const bmi = Math.round((weightKg / ((heightCm / 100) * (heightCm / 100))) * 10) / 10;
  const systolic = child
    ? random.int(90, 115)
    : options.hypertensive
      ? random.int(135, 175)
      : random.int(105, 135);
  const diastolic = Math.round(systolic * random.float(0.58, 0.68, 2));
  return {
    temperatureCelsius: options.febrile ? random.float(37.8, 39.6, 1) : random.float(36.2, 37.3, 1),
    systolic,
    diastolic,
    pulse: child ? random.int(80, 130) : random.int(58, 100) + (options.febrile ? 12 : 0),
    respiratoryRate: child ? random.int(18, 32) : random.int(12, 20),
    oxygenSaturation: random.int(94, 100),
    weightKg,
    heightCm,
    bmi,
    waistCm: ageYears >= 18 && random.chance(0.4) ? random.int(68, 112) : null,
    painLevel: random.weighted([30, 10, 12, 14, 10, 8, 6, 4, 3, 2, 1]),
  };
}

import type { LocaleDefinition } from '@faker-js/faker';

/** Names and places of one population, drawn from faker once per data set. */
export interface Population {
  readonly femaleNames: readonly string[];
  readonly maleNames: readonly string[];
  readonly surnames: readonly string[];
  readonly cities: readonly string[];
  readonly countries: readonly string[];
  readonly phonePrefix: string;
  readonly language: 'ar' | 'es' | 'en';
}

export interface NamePools {
  readonly populations: readonly Population[];
  /** How often a patient comes from each population. */
  readonly weights: readonly number[];
}

interface PopulationSpec {
  readonly language: Population['language'];
  readonly countries: readonly string[];
  readonly phonePrefix: string;
  readonly weight: number;
}

// Hikma Health serves clinics in the Middle East and Latin America, mostly;
// Arabic names come in Arabic script, which also exercises UTF-8 end to end.
const populationSpecs: readonly PopulationSpec[] = [
  {
    language: 'ar',
    countries: ['Syria', 'Lebanon', 'Jordan', 'Iraq', 'Palestine'],
    phonePrefix: '+961',
    weight: 45,
  },
  {
    language: 'es',
    countries: ['Colombia', 'Venezuela', 'Peru', 'Guatemala', 'Mexico'],
    phonePrefix: '+57',
    weight: 40,
  },
  {
    language: 'en',
    countries: ['United States', 'Kenya', 'Uganda', 'Nigeria'],
    phonePrefix: '+254',
    weight: 15,
  },
];

const namesPerPool = 200;
const citiesPerPool = 60;

function distinct(draw: () => string, count: number): string[] {
  const found = new Set<string>();
  // Small locales repeat themselves; give up on distinctness after a few tries.
  for (let attempts = 0; found.size < count && attempts < count * 4; attempts++) found.add(draw());
  return [...found];
}

/**
 * Pools of names and places for a data set, from faker seeded with `seed`.
 * Faker is slow per call compared with a table lookup, so it runs a few
 * thousand times here and never per row. The same seed (with the same faker
 * version) gives the same pools.
 *
 * Faker is imported here, when a data set is made, and not with the module:
 * its locales are 19 MB of heap that a server which never seeds (every
 * `clinicsync serve` but the demo's first start) would carry for its life.
 *
 * @example
 * const pools = await buildNamePools(1);
 * pools.populations[0].femaleNames.length; // 200 or fewer
 */
export async function buildNamePools(seed: number): Promise<NamePools> {
  const { Faker, ar, base, en, es } = await import('@faker-js/faker');
  const locales: Record<Population['language'], LocaleDefinition> = { ar, es, en };
  const populations = populationSpecs.map((spec, index): Population => {
    const faker = new Faker({ locale: [locales[spec.language], en, base] });
    faker.seed([seed >>> 0, Math.floor(seed / 0x1_0000_0000), index]);
    return {
      femaleNames: distinct(() => faker.person.firstName('female'), namesPerPool),
      maleNames: distinct(() => faker.person.firstName('male'), namesPerPool),
      surnames: distinct(() => faker.person.lastName(), namesPerPool),
      cities: distinct(() => faker.location.city(), citiesPerPool),
      countries: spec.countries,
      phonePrefix: spec.phonePrefix,
      language: spec.language,
    };
  });
  return { populations, weights: populationSpecs.map((s) => s.weight) };
}

import type { Diagnosis, Medicine } from './clinical-catalog.js';
import { noteSentence } from './clinical-catalog.js';
import { eventFormSpecs } from './forms.js';
import type { FormKind } from './forms.js';
import type { SeededRandom } from './seeded-random.js';

export const minFormDataBytes = 512;
export const maxFormDataBytes = 2048;

/** A free-text answer, kept as sentences so it can grow or shrink to fit. */
export interface TextAnswer {
  readonly prefix: string;
  readonly sentences: string[];
}

// `{"fieldId":…,"fieldType":…,"inputType":…,"name":…,"value":` for every field
// of every form, built once: the generator writes form_data as text (a few
// concatenations per answer), about five times faster than JSON.stringify of
// an object tree, and the size is known without serialising.
const answerPrefixes = new Map<FormKind, Map<string, string>>();
for (const spec of eventFormSpecs) {
  const prefixes = new Map<string, string>();
  for (const f of spec.fields) {
    const head = JSON.stringify({
      fieldId: f.id,
      fieldType: f.fieldType,
      inputType: f.inputType,
      name: f.name,
      value: null,
    });
    prefixes.set(f.id, head.slice(0, -'null}'.length));
  }
  answerPrefixes.set(spec.kind, prefixes);
}

const diagnosisJson = new Map<Diagnosis, string>();
/** `{"code":…,"desc":…}`, as Hikma's diagnosis field stores an ICD-10 entry. */
export function diagnosisEntry(diagnosis: Diagnosis): string {
  let json = diagnosisJson.get(diagnosis);
  if (json === undefined) {
    json = JSON.stringify({ code: diagnosis.code, desc: diagnosis.desc });
    diagnosisJson.set(diagnosis, json);
  }
  return json;
}

const medicineJson = new Map<Medicine, string>();
/** The fields of Hikma's MedicationEntry after `id`, as JSON members without braces. */
export function medicineMembers(medicine: Medicine): string {
  let json = medicineJson.get(medicine);
  if (json === undefined) {
    json = JSON.stringify({
      name: medicine.name,
      route: medicine.route,
      form: medicine.form,
      frequency: medicine.frequency,
      intervals: Math.round(24 / medicine.frequency),
      dose: medicine.dose,
      doseUnits: medicine.doseUnits,
      duration: medicine.duration,
      durationUnits: medicine.durationUnits,
    }).slice(1, -1);
    medicineJson.set(medicine, json);
  }
  return json;
}

/**
 * Writes one event's `form_data`: a JSON array of answers
 * `{fieldId, fieldType, inputType, name, value}`, sized within
 * [minFormDataBytes, maxFormDataBytes].
 */
export class FormDataWriter {
  private readonly parts: (string | TextAnswer)[] = [];
  private readonly texts: TextAnswer[] = [];

  private readonly prefixes: ReadonlyMap<string, string>;

  constructor(private readonly kind: FormKind) {
    this.prefixes = answerPrefixes.get(kind) ?? new Map<string, string>();
  }

  private prefixOf(fieldId: string): string {
    const prefix = this.prefixes.get(fieldId);
    if (prefix === undefined) throw new Error(`seed: form ${this.kind} has no field ${fieldId}`);
    return prefix;
  }

  /** An answer whose value is already JSON text. */
  json(fieldId: string, valueJson: string): void {
    this.parts.push(this.prefixOf(fieldId) + valueJson + '}');
  }

  number(fieldId: string, value: number | null): void {
    this.json(fieldId, value === null ? 'null' : String(value));
  }

  string(fieldId: string, value: string): void {
    this.json(fieldId, JSON.stringify(value));
  }

  /** A free-text answer, filled later by `fill`. */
  text(fieldId: string): TextAnswer {
    const answer: TextAnswer = { prefix: this.prefixOf(fieldId), sentences: [] };
    this.parts.push(answer);
    this.texts.push(answer);
    return answer;
  }

  /** The size of the JSON text so far, in bytes (sentences are ASCII). */
  get size(): number {
    let size = 1 + this.parts.length;
    for (const part of this.parts) {
      if (typeof part === 'string') {
        size += part.length;
      } else {
        size += part.prefix.length + 3 + Math.max(0, part.sentences.length - 1);
        for (const s of part.sentences) size += s.length;
      }
    }
    return size;
  }

  /**
   * Adds sentences of the given kinds (one text answer each, in turn) until
   * the next would pass `target` bytes, then keeps the result within bounds.
   */
  fill(
    random: SeededRandom,
    target: number,
    kinds: readonly ('history' | 'exam' | 'plan')[],
  ): void {
    const goal = Math.min(maxFormDataBytes, Math.max(minFormDataBytes, target));
    let size = this.size;
    for (let i = 0, misses = 0; misses < this.texts.length; i++) {
      const index = i % this.texts.length;
      const answer = this.texts[index]!;
      const sentence = noteSentence(random, kinds[index] ?? 'plan');
      const added = sentence.length + (answer.sentences.length > 0 ? 1 : 0);
      if (size + added > goal && answer.sentences.length > 0) {
        misses++;
        continue;
      }
      answer.sentences.push(sentence);
      size += added;
    }
    while (size < minFormDataBytes) {
      const answer = this.texts[0]!;
      const sentence = noteSentence(random, kinds[0] ?? 'plan');
      size += sentence.length + (answer.sentences.length > 0 ? 1 : 0);
      answer.sentences.push(sentence);
    }
    while (size > maxFormDataBytes) {
      const longest = this.texts.reduce((a, b) =>
        b.sentences.length > a.sentences.length ? b : a,
      );
      const dropped = longest.sentences.pop();
      if (dropped === undefined) break;
      size -= dropped.length + (longest.sentences.length > 0 ? 1 : 0);
    }
  }

  toJson(): string {
    let json = '[';
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      if (i > 0) json += ',';
      json +=
        typeof part === 'string'
          ? part
          : part.prefix + JSON.stringify(part.sentences.join(' ')) + '}';
    }
    return json + ']';
  }
}

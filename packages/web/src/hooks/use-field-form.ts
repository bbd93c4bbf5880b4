import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { FocusRef } from '../components/field-input/field-props.js';
import { emptyValue, validateFields } from '../lib/form-fields.js';
import type { FieldValue, FieldValues, FormField } from '../lib/form-fields.js';

export interface FieldFormOptions {
  readonly fields: readonly FormField[];
  /** Answers to start with, read when the form mounts; the others start empty. */
  readonly initialValues?: FieldValues | undefined;
  /** Saves valid answers (one per field); a throw is shown as the form's failure. */
  readonly onSubmit: (values: FieldValues) => Promise<void>;
}

export interface FieldForm {
  readonly fields: readonly FormField[];
  /** The message for each unacceptable answer, by field id, as of the last submit. */
  readonly errors: Readonly<Record<string, string>>;
  /** Saving now. */
  readonly busy: boolean;
  /** Why saving failed, or null. */
  readonly failure: string | null;
  valueOf(field: FormField): FieldValue;
  setValue(field: FormField, value: FieldValue): void;
  /** The ref for the element of `field` that takes focus when its answer is invalid. */
  focusRef(field: FormField): FocusRef;
  /** The form's submit handler: validates, focuses the first invalid field or saves. */
  submit(event: FormEvent<HTMLFormElement>): void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The state of a form of schema-described fields (registration, patient
 * edit, an event form): answers, validation on submit with focus moved to
 * the first invalid field (in the fields' order), and saving with a busy
 * flag and the failure in words.
 *
 * @example
 * const form = useFieldForm({
 *   fields,
 *   onSubmit: async (values) => onSaved(await registerPatient(store, user, fields, values)),
 * });
 * return <form onSubmit={form.submit} noValidate>…</form>;
 */
export function useFieldForm({ fields, initialValues, onSubmit }: FieldFormOptions): FieldForm {
  const [values, setValues] = useState<FieldValues>(() => initialValues ?? {});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A new object per submit, so submitting twice with the same first invalid
  // field moves focus there again.
  const [focusRequest, setFocusRequest] = useState<{ readonly fieldId: string } | null>(null);
  const focusTargets = useRef(new Map<string, HTMLElement>());

  // Focus moves once the errors are on screen, so the field is read with its message.
  useEffect(() => {
    if (focusRequest) focusTargets.current.get(focusRequest.fieldId)?.focus();
  }, [focusRequest]);

  const valueOf = (field: FormField): FieldValue => values[field.id] ?? emptyValue(field);

  const save = async (answers: FieldValues): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(answers);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return {
    fields,
    errors,
    busy,
    failure,
    valueOf,
    setValue: (field, value) => setValues((current) => ({ ...current, [field.id]: value })),
    focusRef: (field) => (element) => {
      if (element) focusTargets.current.set(field.id, element);
      else focusTargets.current.delete(field.id);
    },
    submit: (event) => {
      event.preventDefault();
      const answers = Object.fromEntries(fields.map((field) => [field.id, valueOf(field)]));
      const found = validateFields(fields, answers);
      setErrors(found);
      const firstInvalid = fields.find((field) => found[field.id] !== undefined);
      if (firstInvalid) setFocusRequest({ fieldId: firstInvalid.id });
      else void save(answers);
    },
  };
}

import type { FormField } from '../../lib/form-fields.js';

/** A callback ref to the element that takes focus when a field's answer is invalid. */
export type FocusRef = (element: HTMLElement | null) => void;

/** What every field component takes: its field, answer, error, and where focus goes. */
export interface FieldProps<V> {
  readonly field: FormField;
  readonly value: V;
  /** The message for an invalid answer, or null. */
  readonly error: string | null;
  readonly onChange: (value: V) => void;
  readonly focusRef?: FocusRef | undefined;
}

import { useId } from 'react';
import type { ReactNode } from 'react';
import type { FormField } from '../../lib/form-fields.js';
import type { FocusRef } from './field-props.js';

/** The ids that tie a field's control to its label, hint and error message. */
export interface FieldIds {
  readonly control: string;
  readonly hint: string;
  readonly error: string;
  /** For `aria-describedby`: the hint and the error, when shown. */
  readonly describedBy: string | undefined;
}

/**
 * Ids for one field; `describedBy` names the hint and the error only while
 * they are shown, so a screen reader reads what is on screen.
 *
 * @example
 * const ids = useFieldIds(field, error);
 * return <input id={ids.control} aria-describedby={ids.describedBy} />;
 */
export function useFieldIds(field: FormField, error: string | null): FieldIds {
  const control = useId();
  const hint = `${control}-hint`;
  const errorId = `${control}-error`;
  const describedBy =
    [field.description ? hint : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return { control, hint, error: errorId, describedBy };
}

/** The attributes of a field's single control: its id, validity, description and requiredness. */
export function controlProps(field: FormField, ids: FieldIds, error: string | null) {
  return {
    id: ids.control,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': ids.describedBy,
    required: field.required,
  } as const;
}

/** The field's name, its units, and a star when an answer is required. */
export function FieldLabel({ field }: { readonly field: FormField }) {
  const units = field.units.length > 0 ? ` (${field.units.join(', ')})` : '';
  return (
    <>
      {field.label}
      {units}
      {field.required ? <span aria-hidden="true"> *</span> : null}
    </>
  );
}

/** The field's description, when it has one. */
export function FieldHint({ field, ids }: { readonly field: FormField; readonly ids: FieldIds }) {
  if (!field.description) return null;
  return (
    <p className="hint" id={ids.hint}>
      {field.description}
    </p>
  );
}

/** Why the answer is not accepted, when it is not. */
export function FieldError({
  ids,
  error,
}: {
  readonly ids: FieldIds;
  readonly error: string | null;
}) {
  if (!error) return null;
  return (
    <p className="field-error" id={ids.error}>
      {error}
    </p>
  );
}

interface FrameProps {
  readonly field: FormField;
  readonly ids: FieldIds;
  readonly error: string | null;
  readonly children: ReactNode;
}

/** A field with one control: the label above it, the hint and the error around it. */
export function FieldFrame({ field, ids, error, children }: FrameProps) {
  return (
    <div className="field">
      <label htmlFor={ids.control}>
        <FieldLabel field={field} />
      </label>
      <FieldHint field={field} ids={ids} />
      {children}
      <FieldError ids={ids} error={error} />
    </div>
  );
}

/**
 * A field of several controls (checkboxes, a list of entries): a group named
 * by its legend. The group itself takes focus when the answer is invalid, so
 * a screen reader reads its name and the error together.
 */
export function FieldsetFrame({
  field,
  ids,
  error,
  focusRef,
  children,
}: FrameProps & { readonly focusRef?: FocusRef | undefined }) {
  return (
    <fieldset className="field" aria-describedby={ids.describedBy} tabIndex={-1} ref={focusRef}>
      <legend>
        <FieldLabel field={field} />
      </legend>
      <FieldHint field={field} ids={ids} />
      {children}
      <FieldError ids={ids} error={error} />
    </fieldset>
  );
}

import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { hasOptions, isBaseField, newOption } from './form-draft.js';
import type { FieldDraft, FieldKind } from './form-draft.js';
import { OptionsEditor } from './options-editor.js';
import { TextsInput } from './texts-input.js';

/**
 * One field of the form being built: its type, label in each language,
 * whether an answer is required, a choice's options, and buttons to move it
 * and remove it. Every button names the field by its number, so a screen
 * reader (and a keyboard user tabbing through) knows which field it acts on.
 */
export function FieldEditor({
  field,
  number,
  count,
  kinds,
  onChange,
  onMove,
  onRemove,
  focusOnMount = false,
}: {
  readonly field: FieldDraft;
  /** The field's place in the form, from 1. */
  readonly number: number;
  /** How many fields the form has: the last one cannot move down. */
  readonly count: number;
  readonly kinds: readonly FieldKind[];
  readonly onChange: (change: Partial<FieldDraft>) => void;
  readonly onMove: (step: -1 | 1) => void;
  readonly onRemove: () => void;
  /** A field just added takes the focus on its type, so a keyboard user carries on there. */
  readonly focusOnMount?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const kindRef = useRef<HTMLSelectElement>(null);
  // On mount only: later renders of the same field leave the focus where it is.
  const focusFirst = useRef(focusOnMount);
  useEffect(() => {
    if (focusFirst.current) kindRef.current?.focus();
  }, []);
  // React may move a field by taking its node out and back, which drops the
  // focus: the button that moved it takes it again at the field's new place.
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const moving = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    moving.current?.focus();
    moving.current = null;
  }, [number]);
  const move = (step: -1 | 1) => {
    moving.current = step === -1 ? upRef.current : downRef.current;
    onMove(step);
  };
  const base = isBaseField(field);
  const names = { number };
  const setKind = (kind: FieldKind) =>
    // A choice starts with one option to fill in, as Hikma's builder does.
    onChange({
      kind,
      options: hasOptions(kind) && field.options.length === 0 ? [newOption()] : field.options,
    });
  return (
    <fieldset className="field-editor">
      <legend>
        {t('admin.forms.field', { number, label: field.label.en || t('admin.forms.untitled') })}
      </legend>
      <label htmlFor={`${id}-kind`}>{t('admin.forms.fieldType', names)}</label>
      <select
        id={`${id}-kind`}
        ref={kindRef}
        value={field.kind}
        disabled={base}
        aria-describedby={base ? `${id}-base` : undefined}
        onChange={(event) => setKind(event.target.value as FieldKind)}
      >
        {kinds.map((kind) => (
          <option key={kind} value={kind}>
            {t(`admin.forms.kinds.${kind}`)}
          </option>
        ))}
      </select>
      {base ? (
        <p id={`${id}-base`} className="muted">
          {t('admin.forms.baseField')}
        </p>
      ) : null}
      <TextsInput
        legend={t('admin.forms.label', names)}
        value={field.label}
        required
        onChange={(label) => onChange({ label })}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={field.required}
          onChange={(event) => onChange({ required: event.target.checked })}
        />
        {t('admin.forms.required', names)}
      </label>
      {hasOptions(field.kind) ? (
        <OptionsEditor
          fieldNumber={number}
          options={field.options}
          onChange={(options) => onChange({ options })}
        />
      ) : null}
      {/* aria-disabled, not disabled: a moved field's button keeps the focus at either end. */}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          ref={upRef}
          aria-disabled={number === 1}
          onClick={() => (number === 1 ? undefined : move(-1))}
        >
          {t('admin.forms.moveUp', names)}
        </button>
        <button
          type="button"
          className="secondary"
          ref={downRef}
          aria-disabled={number === count}
          onClick={() => (number === count ? undefined : move(1))}
        >
          {t('admin.forms.moveDown', names)}
        </button>
        {base ? null : (
          <button type="button" className="danger" onClick={onRemove}>
            {t('admin.forms.removeField', names)}
          </button>
        )}
      </div>
    </fieldset>
  );
}

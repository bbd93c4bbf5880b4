import { useTranslation } from 'react-i18next';
import { newOption } from './form-draft.js';
import type { OptionDraft } from './form-draft.js';
import { TextsInput } from './texts-input.js';

/** A choice field's options: each in three languages, removable, and a button to add one. */
export function OptionsEditor({
  fieldNumber,
  options,
  onChange,
}: {
  readonly fieldNumber: number;
  readonly options: readonly OptionDraft[];
  readonly onChange: (options: readonly OptionDraft[]) => void;
}) {
  const { t } = useTranslation();
  const names = { field: fieldNumber };
  return (
    <div className="options-editor">
      {options.map((option, index) => (
        <div key={index} className="option-line">
          <TextsInput
            legend={t('admin.forms.option', { ...names, number: index + 1 })}
            value={option.label}
            required
            onChange={(label) =>
              onChange(options.map((o, i) => (i === index ? { ...o, label } : o)))
            }
          />
          <button
            type="button"
            className="secondary"
            onClick={() => onChange(options.filter((_, i) => i !== index))}
          >
            {t('admin.forms.removeOption', { ...names, number: index + 1 })}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...options, newOption()])}
      >
        {t('admin.forms.addOption', names)}
      </button>
    </div>
  );
}

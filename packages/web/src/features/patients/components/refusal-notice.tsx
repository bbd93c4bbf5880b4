import { useTranslation } from 'react-i18next';

const sentences: Readonly<Record<string, string>> = {
  out_of_scope: 'patient.refusedOutOfScope',
  forbidden: 'patient.refusedForbidden',
};

/**
 * Why the server refused a change of this patient's chart in the last sync,
 * one sentence per reason; the change stays on this device.
 */
export function RefusalNotice({ reasons }: { readonly reasons: readonly string[] }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <div role="status" className="warning">
      {reasons.map((reason) => (
        <p key={reason}>
          {sentences[reason] ? t(sentences[reason]) : t('patient.refusedOther', { reason })}
        </p>
      ))}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format.js';
import { useLanguage } from '../i18n/use-language.js';
import type { Session } from '../lib/session.js';
import { downloadExport, exportFiles } from './download-export.js';
import type { ExportFile } from './download-export.js';

/** Where one download stands: how much arrived, the file saved, or why it failed. */
type Download =
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly bytes: number }
  | { readonly state: 'saved'; readonly name: string }
  | { readonly state: 'failed'; readonly reason: string };

/** The i18n key of an export's button: `patients.csv` → `patientsCsv`, `fhir/Patient` → `fhirPatient`. */
function labelKey(file: ExportFile): string {
  return file.replace(/[./](\w)/g, (_, letter: string) => letter.toUpperCase());
}

function ExportItem({ session, file }: { readonly session: Session; readonly file: ExportFile }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const megabytes = (bytes: number) => formatNumber(Math.round(bytes / 100_000) / 10, language);
  const start = () => {
    setDownload({ state: 'running', bytes: 0 });
    downloadExport(session, file, (bytes) => setDownload({ state: 'running', bytes }))
      .then((name) => setDownload({ state: 'saved', name }))
      .catch((error: unknown) =>
        setDownload({
          state: 'failed',
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
  };
  return (
    <li>
      <button type="button" disabled={download.state === 'running'} onClick={start}>
        {t(`admin.exports.files.${labelKey(file)}`)}
      </button>{' '}
      {download.state === 'running' ? (
        <span role="status">
          {t('admin.exports.receiving', { size: megabytes(download.bytes) })}
        </span>
      ) : download.state === 'saved' ? (
        <span role="status">{t('admin.exports.saved', { name: download.name })}</span>
      ) : download.state === 'failed' ? (
        <span role="alert">{t('admin.exports.failed', { reason: download.reason })}</span>
      ) : null}
    </li>
  );
}

/**
 * The exports: the patients of the administrator's clinics as CSV or XLSX,
 * and their charts as FHIR NDJSON, each saved as a file; every export is
 * written to the access log.
 */
export function ExportsPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="exports-title">
      <h2 id="exports-title">{t('admin.pages.exports')}</h2>
      <p>{t('admin.exports.intro')}</p>
      <h3 id="exports-patients">{t('admin.exports.patientsTitle')}</h3>
      <ul className="export-list" aria-labelledby="exports-patients">
        {exportFiles
          .filter((file) => !file.startsWith('fhir/'))
          .map((file) => (
            <ExportItem key={file} session={session} file={file} />
          ))}
      </ul>
      <h3 id="exports-fhir">{t('admin.exports.fhirTitle')}</h3>
      <p>{t('admin.exports.fhirIntro')}</p>
      <ul className="export-list" aria-labelledby="exports-fhir">
        {exportFiles
          .filter((file) => file.startsWith('fhir/'))
          .map((file) => (
            <ExportItem key={file} session={session} file={file} />
          ))}
      </ul>
    </section>
  );
}

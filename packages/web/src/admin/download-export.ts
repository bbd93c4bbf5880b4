import type { Session } from '../lib/session.js';
import { AdminCallError, messageOf } from './admin-api.js';

/** The exports the server offers, by the path under `/api/admin/export/`. */
export const exportFiles = [
  'patients.csv',
  'patients.xlsx',
  'fhir/Patient',
  'fhir/Encounter',
  'fhir/Observation',
  'fhir/Condition',
  'fhir/MedicationRequest',
] as const;
export type ExportFile = (typeof exportFiles)[number];

/** The name the server gives the file, else one made from the export's path. */
function fileNameOf(response: Response, file: ExportFile): string {
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  if (named?.[1]) return named[1];
  return file.startsWith('fhir/') ? `clinicsync-${file.slice(5)}.ndjson` : `clinicsync-${file}`;
}

/** Counts the bytes passing through, telling `onBytes` the total so far. */
function countBytes(onBytes: (total: number) => void): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      onBytes(total);
      controller.enqueue(chunk);
    },
  });
}

/** Hands a finished file to the browser's downloads, as a link with `download` would. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Not revoked at once: Firefox may still be resolving the URL after the
  // click returns. A minute is long past that, and frees the Blob after.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads an export and saves it as the server names it, telling
 * `onBytes` how much has arrived. Returns the file's name.
 *
 * A plain link cannot send the Bearer token, and the token never goes in a
 * URL (it would stay in the history and the server's logs), so the file is
 * fetched and then saved from a Blob. The body is piped into the Blob by
 * the browser (`new Response(stream).blob()`), not gathered in script:
 * Chromium and Firefox keep a large Blob on disk, so a 100,000-patient
 * export does not sit in the page's heap. Saving while it streams would
 * need the File System Access picker (Chromium only, a dialog outside the
 * page) or a service worker holding the token, both more than this needs.
 *
 * @example
 * const name = await downloadExport(session, 'patients.csv', (bytes) => setBytes(bytes));
 *
 * Throws AdminCallError with the server's message when it refuses (403, 404),
 * and a TypeError when the connection fails or the server cuts the file short.
 */
export async function downloadExport(
  session: Session,
  file: ExportFile,
  onBytes: (total: number) => void,
): Promise<string> {
  const response = await fetch(`${session.serverUrl}/api/admin/export/${file}`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const { code, message } = messageOf(body, response.status);
    throw new AdminCallError(response.status, code, message);
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const counted = response.body ? response.body.pipeThrough(countBytes(onBytes)) : null;
  const blob = await new Response(counted, { headers: { 'content-type': type } }).blob();
  const name = fileNameOf(response, file);
  saveFile(blob, name);
  return name;
}

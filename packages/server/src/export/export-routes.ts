import type { PassThrough } from 'node:stream';
import { errorBody, exportFile, fhirExportParams, fhirExportResources } from '@clinicsync/schema';
import type { FhirExportResource } from '@clinicsync/schema';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loadAdminReach } from '../admin/admin-reach.js';
import { appendAccess } from '../admin/append-access.js';
import { administrator, currentUser } from '../auth/route-auth.js';
import type { Transaction } from '../db/database.js';
import { AppError } from '../errors.js';
import type { ServerContext } from '../server-context.js';
import { exportScopeOf } from './export-scope.js';
import type { ExportScope } from './export-scope.js';
import { writeFhirNdjson } from './fhir/write-fhir-ndjson.js';
import { exportFilename, sendExport } from './send-export.js';
import type { ExportFile } from './send-export.js';
import { writePatientsCsv } from './write-patients-csv.js';
import { writePatientsXlsx } from './write-patients-xlsx.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ndjsonType = 'application/fhir+ndjson';

function isFhirResource(name: string): name is FhirExportResource {
  return (fhirExportResources as readonly string[]).includes(name);
}

/**
 * `GET /api/admin/export/patients.csv`, `…/patients.xlsx` and
 * `…/fhir/{Patient|Encounter|Observation|Condition|MedicationRequest}`:
 * the live patients of the administrator's clinics (every clinic for a
 * super_admin) and their charts, streamed as downloads. Each export is
 * written to the access log before its first byte.
 */
export function registerExportRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = { onRequest: administrator(context) };
  const doc = { tags: ['admin'], security: [{ bearer: [] }] };
  const fileAnswer = (type: string) => ({
    200: { description: 'The export, streamed.', content: { [type]: { schema: exportFile } } },
    '4xx': errorBody,
  });

  /** Logs the export, then streams it: a download cut short was an access all the same. */
  const exportTo = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: string,
    file: ExportFile,
    write: (tx: Transaction, scope: ExportScope, out: PassThrough) => Promise<void>,
  ) => {
    const user = currentUser(request);
    const scope = await exportScopeOf(context.db, await loadAdminReach(context.db, user));
    await appendAccess(context.db, {
      userId: user.id,
      action: 'export',
      target,
      clinicIds: scope.clinicIds,
    });
    await sendExport(context.db, reply, file, request.log, (tx, out) => write(tx, scope, out));
    return reply;
  };

  routes.get(
    '/api/admin/export/patients.csv',
    {
      ...admin,
      schema: {
        ...doc,
        summary: "The live patients of an admin's clinics as CSV (UTF-8 with a BOM), streamed.",
        response: fileAnswer('text/csv'),
      },
    },
    (request, reply) =>
      exportTo(
        request,
        reply,
        'patients.csv',
        { type: 'text/csv; charset=utf-8', filename: exportFilename('patients', 'csv') },
        writePatientsCsv,
      ),
  );

  routes.get(
    '/api/admin/export/patients.xlsx',
    {
      ...admin,
      schema: {
        ...doc,
        summary: "The live patients of an admin's clinics as an Excel sheet, streamed.",
        response: fileAnswer(xlsxType),
      },
    },
    (request, reply) =>
      exportTo(
        request,
        reply,
        'patients.xlsx',
        { type: xlsxType, filename: exportFilename('patients', 'xlsx') },
        writePatientsXlsx,
      ),
  );

  routes.get(
    '/api/admin/export/fhir/:resource',
    {
      ...admin,
      schema: {
        ...doc,
        summary:
          "FHIR R4 bulk data (NDJSON) of an admin's clinics' patients: Patient, Encounter, Observation, Condition or MedicationRequest.",
        params: fhirExportParams,
        response: fileAnswer(ndjsonType),
      },
    },
    (request, reply) => {
      const { resource } = request.params;
      if (!isFhirResource(resource)) {
        throw new AppError(
          'not_found',
          `No FHIR export of ${resource}: the exports are ${fhirExportResources.join(', ')}.`,
          { resources: fhirExportResources },
        );
      }
      return exportTo(
        request,
        reply,
        `fhir/${resource}`,
        { type: ndjsonType, filename: exportFilename(resource, 'ndjson') },
        (tx, scope, out) => writeFhirNdjson(tx, scope, resource, out),
      );
    },
  );
}

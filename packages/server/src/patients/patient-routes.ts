import {
  errorBody,
  followAnswer,
  patientIdParams,
  patientLookupAnswer,
  patientLookupQuery,
} from '@clinicsync/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentUser, signedIn } from '../auth/route-auth.js';
import { loadUserScope } from '../scope/user-scope.js';
import type { UserScope } from '../scope/user-scope.js';
import type { ServerContext } from '../server-context.js';
import { changeFollow } from './change-follow.js';
import { lookupPatients } from './lookup-patients.js';
import { requireViewHistory } from './require-view-history.js';

/**
 * `GET /api/patients/lookup?q&limit` → `{patients}`, and
 * `POST`/`DELETE /api/patients/:id/follow` → `{id, following}`: online
 * calls (Bearer) for users with `can_view_history` in one of their clinics;
 * each is written to the access log.
 */
export function registerPatientRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const auth = { onRequest: signedIn(context) };
  const doc = { tags: ['patients'], security: [{ bearer: [] }] };

  const viewerScope = async (request: FastifyRequest): Promise<UserScope> => {
    const scope = await loadUserScope(context.db, currentUser(request));
    requireViewHistory(scope);
    return scope;
  };

  routes.get(
    '/api/patients/lookup',
    {
      ...auth,
      schema: {
        ...doc,
        summary: 'Find patients of the whole organisation by name, phone or id.',
        querystring: patientLookupQuery,
        response: { 200: patientLookupAnswer, '4xx': errorBody },
      },
    },
    async (request) => {
      const scope = await viewerScope(request);
      return { patients: await lookupPatients(context.db, scope, request.query) };
    },
  );

  routes.post(
    '/api/patients/:id/follow',
    {
      ...auth,
      schema: {
        ...doc,
        summary: "Add a patient to the user's scope: the chart arrives on the next pull.",
        params: patientIdParams,
        response: { 200: followAnswer, '4xx': errorBody },
      },
    },
    async (request) =>
      changeFollow(context.db, await viewerScope(request), request.params.id, true),
  );

  routes.delete(
    '/api/patients/:id/follow',
    {
      ...auth,
      schema: {
        ...doc,
        summary: 'Stop following a patient: the chart leaves unless in scope otherwise.',
        params: patientIdParams,
        response: { 200: followAnswer, '4xx': errorBody },
      },
    },
    async (request) =>
      changeFollow(context.db, await viewerScope(request), request.params.id, false),
  );
}

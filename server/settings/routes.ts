import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOrganisation, ZOrganisationInput, ZProfile, ZPublicOrganisation } from '../../domain/contract/settings.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { loadLogo, loadOrganisation, loadProfile, organisationView, saveOrganisation, saveProfile } from './queries.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const LOGO_URL = '/api/v1/public/organisation/logo';

/**
 * Settings an administrator edits in the admin app: the organisation's identity (printed on
 * reports and posters, shown on the public page), and each person's own name and title.
 */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/settings/organisation',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['settings'],
        summary: "The organisation's identity: governing body, name, place, report symbol, signer, recipients, logo",
        response: { 200: ZOrganisation, ...errors },
      },
    },
    async () => organisationView(app.db),
  );

  app.put(
    '/api/v1/settings/organisation',
    {
      config: { access: ['admin'] },
      // A logo of 200 KB in base64 with the other fields.
      bodyLimit: 400 * 1024,
      schema: {
        tags: ['settings'],
        summary: "Change the organisation's identity (audited); logo: omitted keeps it, null removes it",
        body: ZOrganisationInput,
        response: { 200: ZOrganisation, ...errors },
      },
    },
    async (request) => {
      const outcome = await saveOrganisation(app.db, request.user!, request.body);
      if (outcome.kind === 'invalid') throw validationError(outcome.fields, 'Logo không hợp lệ');
      return outcome.organisation;
    },
  );

  app.get(
    '/api/v1/settings/profile',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['settings'],
        summary: 'The signed-in person: name and official title, printed when they certify a report',
        response: { 200: ZProfile, ...errors },
      },
    },
    async (request) => loadProfile(app.db, request.user!.id),
  );

  app.put(
    '/api/v1/settings/profile',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['settings'],
        summary: 'Change your own name and official title (audited)',
        body: ZProfile,
        response: { 200: ZProfile, ...errors },
      },
    },
    async (request) => saveProfile(app.db, request.user!, request.body),
  );

  app.get(
    '/api/v1/public/organisation',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Who publishes: the organisation and its governing body, for the public page',
        response: { 200: ZPublicOrganisation },
      },
    },
    async (_request, reply) => {
      const [org, logo] = await Promise.all([loadOrganisation(app.db), loadLogo(app.db)]);
      reply.header('cache-control', 'public, max-age=300');
      return {
        governingBody: org.governingBody,
        name: org.name,
        nameEn: org.nameEn,
        place: org.place,
        logoUrl: logo ? LOGO_URL : null,
      };
    },
  );

  app.get(
    LOGO_URL,
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: "The organisation's logo (PNG or SVG)",
        response: { 200: z.any().describe('The image'), 404: ZErrorBody },
      },
    },
    async (_request, reply) => {
      const logo = await loadLogo(app.db);
      if (!logo) throw new HttpError(404, 'not_found', 'Chưa có logo');
      return (
        reply
          .header('content-type', logo.mediaType)
          // An SVG opened directly is a document: it may draw, never run or fetch anything.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'public, max-age=300')
          .send(logo.data)
      );
    },
  );
};

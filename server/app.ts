import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import { accountRoutes } from './auth/account.js';
import { analyticsRoutes } from './analytics/routes.js';
import { cchcRoutes } from './cchc/routes.js';
import { coverageRoutes } from './school-coverage/routes.js';
import { reportRoutes } from './reports/routes.js';
import { reviewRoutes } from './review/routes.js';
import { overviewRoutes } from './overview/routes.js';
import { settingsRoutes } from './settings/routes.js';
import { transparencyRoutes } from './transparency/routes.js';
import { authPlugin } from './auth/plugin.js';
import { authRoutes } from './auth/routes.js';
import { auditRoutes } from './audit/routes.js';
import { definitionRoutes } from './definitions/routes.js';
import { feedbackRoutes } from './feedback/routes.js';
import { publicFeedbackRoutes } from './feedback/public-routes.js';
import { healthRoutes } from './health/routes.js';
import { interviewRoutes } from './interviews/routes.js';
import { interviewRetentionRoutes } from './interviews/retention-routes.js';
import { formRoutes } from './forms/routes.js';
import { kioskRoutes } from './kiosks/routes.js';
import { draftRoutes } from './drafts/routes.js';
import { campaignRoutes } from './campaigns/routes.js';
import { linkRoutes } from './links/routes.js';
import { officerRoutes } from './officers/routes.js';
import { paperRoutes } from './paper/routes.js';
import { dbPlugin } from './plugins/db.js';
import { errorsPlugin, handleFrameworkError } from './plugins/errors.js';
import { inputGuardPlugin } from './plugins/input-guard.js';
import { posterRoutes } from './posters/routes.js';
import { responseRoutes } from './responses/routes.js';
import { metricsPlugin } from './plugins/metrics.js';
import { rollupWorkerPlugin } from './rollups/plugin.js';
import { readPoolPlugin } from './db/read-pool.js';
import { helmetOptions, securityHeadersPlugin, SWAGGER_UI_CSP } from './plugins/security.js';
import { surveyRoutes } from './surveys/routes.js';
import { unitRoutes } from './units/routes.js';
import { userRoutes } from './users/routes.js';
import { webRoutes } from './web/routes.js';

export interface BuildOptions {
  config: Config;
  databaseUrl: string;
}

export type App = FastifyInstance;

/**
 * Builds the app. Order matters: infrastructure first (errors, db, metrics, cookies, OpenAPI)
 * so that every feature registered after it is covered by the error shape, counted in
 * metrics, sees the session, and appears in the OpenAPI document.
 */
export async function buildApp({ config, databaseUrl }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: config.LOG_LEVEL,
            // No personal data in logs: no IPs, no headers, no query strings (link codes, searches).
            serializers: {
              req: (req) => ({ method: req.method, url: String(req.url).split('?')[0], id: req.id }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers', 'body.password', 'password'],
          },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before routing (a malformed %-escape in the URL) get the app's error shape too.
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // 1. Infrastructure, shared with every feature (fastify-plugin, not encapsulated).
  await app.register(errorsPlugin);
  await app.register(inputGuardPlugin);
  await app.register(dbPlugin, { connectionString: databaseUrl, max: config.DB_POOL_MAX });
  await app.register(readPoolPlugin, { connectionString: config.DATABASE_READ_URL, max: config.DB_POOL_MAX });
  await app.register(metricsPlugin);
  if (config.ROLLUP_WORKER) {
    await app.register(rollupWorkerPlugin, {
      connectionString: databaseUrl,
      partitions: {
        retentionMonths: config.RESPONSE_RETENTION_MONTHS,
        archiveGraceDays: config.RESPONSE_ARCHIVE_GRACE_DAYS,
      },
    });
  }
  await app.register(fastifyCookie);
  // Security headers and the Content Security Policy on every response (plugins/security.ts).
  await app.register(securityHeadersPlugin, helmetOptions(config));
  // Rate limits are declared per route (config.rateLimit): sign-in, public submissions.
  await app.register(fastifyRateLimit, { global: false });
  await app.register(authPlugin, { config });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Hài lòng API',
        description: 'Đo lường sự hài lòng với dịch vụ công — satisfaction with public services',
        version: '1',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hl_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: SWAGGER_UI_CSP });

  // 2. Features, each in its own encapsulated scope.
  await app.register(healthRoutes);
  await app.register(authRoutes, { config });
  await app.register(surveyRoutes);
  await app.register(unitRoutes);
  // -- features added by later issues register below this line --
  await app.register(analyticsRoutes, { config });
  await app.register(cchcRoutes, { config });
  await app.register(coverageRoutes, { config });
  await app.register(reviewRoutes);
  await app.register(overviewRoutes, { config });
  await app.register(reportRoutes, { config });
  await app.register(settingsRoutes);
  await app.register(transparencyRoutes, { config });
  await app.register(accountRoutes, { config });
  await app.register(userRoutes);
  await app.register(definitionRoutes);
  await app.register(draftRoutes);
  await app.register(auditRoutes);

  await app.register(linkRoutes, { config });
  await app.register(paperRoutes, { config });
  await app.register(interviewRoutes);
  await app.register(interviewRetentionRoutes, { config });
  await app.register(posterRoutes, { config });
  await app.register(kioskRoutes, { config });
  await app.register(officerRoutes, { config });
  await app.register(campaignRoutes);
  await app.register(formRoutes);
  await app.register(responseRoutes, { config });
  await app.register(publicFeedbackRoutes, { config });
  await app.register(feedbackRoutes, { config });

  // 3. The web app last, so API routes win over any static path.
  await app.register(webRoutes);
  return app;
}

import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Configuration comes only from the environment and is validated once at start-up, so a
 * typo in a variable stops the process with a message naming it instead of failing later.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'phải là true hoặc false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const TRUST_PROXY_HINT =
  'ghi địa chỉ IP hoặc mạng (CIDR) của proxy đứng trước ứng dụng, cách nhau bởi dấu phẩy, ' +
  'ví dụ TRUST_PROXY=127.0.0.1 hoặc TRUST_PROXY=172.31.240.10,10.0.0.0/8 ' +
  '(hoặc loopback, uniquelocal); để false nếu không có proxy';
/** Names that @fastify/proxy-addr expands into address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function invalidProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return false;
  const slash = entry.lastIndexOf('/');
  const family = isIP(slash === -1 ? entry : entry.slice(0, slash));
  if (family === 0) return true;
  if (slash === -1) return false;
  const bits = entry.slice(slash + 1);
  return !/^\d{1,3}$/.test(bits) || Number(bits) < 1 || Number(bits) > (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY names WHICH peers may speak for the client: `false`, or a comma-separated list of IPs,
 * CIDRs and proxy-addr's named ranges. `true` (trust every peer) and a hop count are refused: either
 * lets anyone who reaches the app's port directly choose their own address with X-Forwarded-For and
 * so step around the per-IP limits (and Fastify 5 treats a bare hop count as trusting nobody).
 */
const trustedProxies = z.string().transform((raw, ctx): false | string[] => {
  const value = raw.trim().toLowerCase();
  if (['false', 'no', '0'].includes(value)) return false;
  if (['true', 'yes', '1'].includes(value) || /^\d+$/.test(value)) {
    const why = /^\d+$/.test(value)
      ? 'đếm số bước proxy không cho biết máy gọi trực tiếp có phải proxy hay không'
      : 'nó tin X-Forwarded-For của bất kỳ ai gọi thẳng tới cổng ứng dụng';
    ctx.addIssue({
      code: 'custom',
      message:
        `TRUST_PROXY=${raw.trim()} không được nhận: ${why}, nên ai cũng giả được địa chỉ để lách giới hạn ` +
        `theo IP; hãy ${TRUST_PROXY_HINT}`,
    });
    return z.NEVER;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => e === '' || invalidProxyEntry(e));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `TRUST_PROXY có mục không phải địa chỉ IP hay CIDR hợp lệ (${bad.map((b) => `"${b}"`).join(', ')}); hãy ${TRUST_PROXY_HINT}`,
    });
    return z.NEVER;
  }
  return entries;
});

export const ZConfig = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Base URL printed on QR posters and in links, e.g. https://hailong.sogd.example.vn */
    PUBLIC_URL: z.url({ message: 'phải là một URL đầy đủ, ví dụ https://hailong.example.vn' }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'phải bắt đầu bằng postgres:// hoặc postgresql://')
      .optional(),
    /** A streaming replica for analytics, exports and the public page (server/db/read-pool.ts); unset = the primary. */
    DATABASE_READ_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'phải bắt đầu bằng postgres:// hoặc postgresql://')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** Fold the rollup queue in this instance when it holds the leader lock (server/rollups/worker.ts). */
    ROLLUP_WORKER: booleanFromEnv.default(true),
    /**
     * Seconds between runs of feedback escalation and retention (server/feedback/jobs.ts; one instance
     * runs them, by an advisory lock). 0 turns them off; unset: 900, and off under NODE_ENV=test.
     */
    FEEDBACK_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
    /** Days after an interview list closes until the contact details left on it are cleared (docs/interviews.md). */
    INTERVIEW_CONTACT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    /** Seconds between runs of that clearing (one instance, by an advisory lock); 0 off; unset: 3600, off in tests. */
    INTERVIEW_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
    /** Whole months of answers kept before the current one; older months are detached (docs/operations.md). Unset: all. */
    RESPONSE_RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).optional(),
    /** Days a detached month stays in the schema response_archive (backups include it) before it is dropped. */
    RESPONSE_ARCHIVE_GRACE_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    ADMIN_EMAIL: z.email({ message: 'phải là một địa chỉ email' }).optional(),
    ADMIN_PASSWORD: z.string().min(12, 'cần ít nhất 12 ký tự').optional(),
    /** Publish changed files from survey-definitions/ on start (a refused file is logged, not fatal). */
    PUBLISH_DEFINITIONS_ON_START: booleanFromEnv.default(true),
    /** Load demo units, links and responses on start (only into an empty database). */
    DEMO_DATA: booleanFromEnv.default(true),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 7),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 30)
      .default(60 * 8),
    /**
     * The reverse proxies whose X-Forwarded-* headers are believed (client address for the per-IP
     * limits, https for Secure cookies). `false` by default; never "everyone" (see trustedProxies).
     */
    TRUST_PROXY: trustedProxies.default(false),
    COOKIE_SECURE: booleanFromEnv.optional(),
    MIN_N: z.coerce.number().int().min(1).max(10000).default(30),
    /**
     * Public submissions per client IP per minute. Generous on purpose: a school's parents often share
     * one network, so the device token (not the IP) is what flags bursts.
     */
    SUBMIT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Build the web app on start when its build is missing or older than its sources. */
    WEB_BUILD_ON_START: booleanFromEnv.default(true),
  })
  .superRefine((c, ctx) => {
    if ((c.ADMIN_EMAIL === undefined) !== (c.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'],
        message: 'ADMIN_EMAIL và ADMIN_PASSWORD phải được đặt cùng nhau',
      });
    }
  });

export type Config = z.infer<typeof ZConfig>;

export class ConfigError extends Error {
  constructor(public readonly problems: Array<{ variable: string; message: string }>) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings are treated as unset: docker-compose and .env files often leave them blank.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZConfig.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  return parsed.data;
}

export function publicUrl(config: Config, port: number): string {
  return (config.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

/**
 * Server configuration: defaults, then an optional JSON config file, then environment variables.
 * Validated with zod: a bad setting stops the server at start with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_MAX_LENGTH } from '../src/core/text.js';

const Field = z.enum(['name', 'email']);

export const ConfigSchema = z
  .object({
    /** TCP port; 0 picks a free one. */
    port: z.number().int().min(0).max(65535).default(5173),
    host: z.string().min(1).default('127.0.0.1'),
    /** The SQLite file (the embedded default; used when there is no databaseUrl). */
    db: z.string().min(1).default('./data/colloquy.db'),
    /** PostgreSQL instead of SQLite: postgres://user:password@host:port/database (env DATABASE_URL). */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'databaseUrl must start with postgres:// (or postgresql://).')
      .optional(),
    /** The PostgreSQL schema to keep the tables in, created when missing (env COLLOQUY_DB_SCHEMA). Default: public. */
    databaseSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'databaseSchema must be a lower-case SQL name (letters, digits, _).')
      .optional(),
    /** This instance's name, sent as X-Colloquy-Instance (env COLLOQUY_INSTANCE). Default: host name and process id. */
    instance: z.string().min(1).max(100).optional(),
    /** Origins (scheme://host[:port]) allowed to call the API from another site. */
    allowedOrigins: z.array(z.string().url()).default([]),
    /** Maximum comment length, user-perceived characters. */
    maxLength: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_LENGTH),
    /** Which of name and e-mail are required (the comment always is). */
    required: z.array(Field).default(['name', 'email']),
    /** Deepest reply nesting accepted. */
    maxDepth: z.number().int().min(0).max(100).default(10),
    /** Posts per minute per client address. 0 turns the limit off. */
    rateLimitPerMinute: z.number().int().min(0).default(5),
    /** New comments wait for a moderator (stored as pending, shown to their author only). */
    preModeration: z.boolean().default(false),
    /** Request body size cap in bytes. 64 KiB holds 1500 of the longest common emoji (about 35 bytes each). */
    maxBodyBytes: z.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
    /** Seconds within which the same body from the same author counts as a double post. */
    duplicateWindowSeconds: z.number().int().min(0).default(60),
    /** Seed the demo thread (article-123) when it is empty. */
    seedDemo: z.boolean().default(false),
    /** Serve the demo page and the built widget (dist/) from the same origin. */
    serveDemo: z.boolean().default(true),
    /** Trust X-Forwarded-For for the client address (behind a proxy only). */
    trustProxy: z.boolean().default(false),
    /** Minutes after posting during which the author may edit or delete their comment. 0: never. */
    editWindowMinutes: z.number().int().min(0).max(525_600).default(15),
    /**
     * Open reports after which a published comment is hidden until a moderator decides: from this
     * many distinct visitors AND this many distinct client addresses. 0: never hide.
     */
    hideAfterReports: z.number().int().min(0).default(3),
    /** Reports per minute per client address (stricter than likes: reports can hide comments). 0 turns the limit off. */
    reportLimitPerMinute: z.number().int().min(0).default(10),
    /** Live-update (server-sent events) streams open at once from one client address; more get 429. */
    maxEventStreamsPerAddress: z.number().int().min(1).default(20),
    /** Live-update streams open at once in all; more get 503. */
    maxEventStreams: z.number().int().min(1).default(1000),
    /**
     * The moderators' bearer token (at least 16 characters; env COLLOQUY_MODERATOR_TOKEN). Unset:
     * the moderation API answers 403 (`npm start` then makes one up for the run and prints it).
     */
    moderatorToken: z.string().min(16, 'moderatorToken must be at least 16 characters.').optional(),
    /**
     * Key of the authors' edit tokens (HMAC-SHA256 of the comment id) and of the reports' address
     * hashes (SHA-256 of secret + client address; at least 16 characters; env
     * COLLOQUY_SECRET). Unset: one is generated on first start and kept in the database. Changing it
     * invalidates the tokens of comments still within their edit window.
     */
    secret: z.string().min(16, 'secret must be at least 16 characters.').optional(),
  })
  .strict();

export type ServerConfig = z.infer<typeof ConfigSchema>;

/** Builds the configuration from a file (COLLOQUY_CONFIG) and the environment. Throws a readable Error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  let fromFile: Record<string, unknown> = {};
  const file = env.COLLOQUY_CONFIG;
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`Cannot read the config file ${file}: ${(err as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  if (env.PORT) fromEnv.port = Number(env.PORT);
  if (env.HOST) fromEnv.host = env.HOST;
  if (env.COLLOQUY_DB) fromEnv.db = env.COLLOQUY_DB;
  if (env.DATABASE_URL) fromEnv.databaseUrl = env.DATABASE_URL;
  if (env.COLLOQUY_DB_SCHEMA) fromEnv.databaseSchema = env.COLLOQUY_DB_SCHEMA;
  if (env.COLLOQUY_INSTANCE) fromEnv.instance = env.COLLOQUY_INSTANCE;
  if (env.COLLOQUY_ALLOWED_ORIGINS) fromEnv.allowedOrigins = env.COLLOQUY_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  if (env.COLLOQUY_MAX_LENGTH) fromEnv.maxLength = Number(env.COLLOQUY_MAX_LENGTH);
  if (env.COLLOQUY_RATE_LIMIT) fromEnv.rateLimitPerMinute = Number(env.COLLOQUY_RATE_LIMIT);
  if (env.COLLOQUY_PREMODERATION) fromEnv.preModeration = /^(1|true|on|yes)$/i.test(env.COLLOQUY_PREMODERATION);
  if (env.COLLOQUY_MODERATOR_TOKEN) fromEnv.moderatorToken = env.COLLOQUY_MODERATOR_TOKEN;
  if (env.COLLOQUY_SECRET) fromEnv.secret = env.COLLOQUY_SECRET;
  if (env.COLLOQUY_SEED_DEMO) fromEnv.seedDemo = /^(1|true|on|yes)$/i.test(env.COLLOQUY_SEED_DEMO);
  const result = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}

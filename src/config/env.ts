/**
 * Configuration, read from the environment once and validated. Every key is documented
 * in README.md (Configuration) and `.env.example`.
 */
import { createPrivateKey } from 'node:crypto';
import path from 'node:path';

/** Default byte budget of the harmonized-view response cache (HARMONIZED_CACHE_MAX_MB). */
export const DEFAULT_HARMONIZED_CACHE_MAX_MB = 32;

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** PostgreSQL URL; undefined means "use the embedded PostgreSQL". */
  databaseUrl: string | undefined;
  /** Where embedded PostgreSQL data and the development JWT secret live. */
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  logLevel: string;
  /** Load the seeds at start when the database holds no jurisdictions yet. */
  seedOnStart: boolean;
  /** Run migrations at start. */
  migrateOnStart: boolean;
  shutdownTimeoutMs: number;
  /** Schema introspection in production (always on elsewhere). */
  allowIntrospection: boolean;
  /** Requests per principal (or per IP when anonymous) per minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Cache harmonized-view responses (invalidated through LISTEN/NOTIFY). */
  harmonizedCache: boolean;
  /** Byte budget of that cache in MB (bodies and keys; least recently used evicted first). */
  harmonizedCacheMaxMb: number;
  /** Execute operations compiled by graphql-jit (COMPILED_QUERIES, on by default); off: graphql-js interprets each request. */
  compiledQueries: boolean;
  /**
   * Tokens must carry `exp` and name a stored principal (`sub`) whose role and jurisdiction
   * they match; on by default in production.
   */
  strictTokens: boolean;
  /** Webhooks may point at loopback and private networks (never at link-local or metadata addresses); off in production. */
  webhookAllowPrivate: boolean;
  /** Ed25519 private key (PEM or base64 DER) signing audit checkpoints; undefined: generated into dataDir. */
  auditSigningKey: string | undefined;
  /** Minutes between periodic audit checkpoints (0: only on demand). */
  auditCheckpointMinutes: number;
}

export class ConfigError extends Error {}

function int(name: string, value: string | undefined, fallback: number, min = 0, max = 65535 * 1000): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
  }
  return n;
}

function bool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as NodeEnv;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const jwksUrl = env.JWKS_URL || undefined;
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError('JWKS_URL must be an http(s) URL');
  if (nodeEnv === 'production' && !env.JWT_SECRET && !jwksUrl) {
    throw new ConfigError('in production set JWT_SECRET or JWKS_URL (the generated development secret is not for production)');
  }
  if (env.AUDIT_SIGNING_KEY) {
    let type: string | undefined;
    try {
      const text = env.AUDIT_SIGNING_KEY.trim();
      type = (text.startsWith('-----BEGIN') ? createPrivateKey(text) : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' }))
        .asymmetricKeyType;
    } catch {
      type = undefined;
    }
    if (type !== 'ed25519') throw new ConfigError('AUDIT_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM, or its DER in base64)');
  }
  return Object.freeze({
    nodeEnv,
    port: int('PORT', env.PORT, 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.ACCORD_DATA_DIR || path.join(process.cwd(), '.data')),
    embeddedPgPort: int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329, 1, 65535),
    jwtSecret: env.JWT_SECRET || undefined,
    jwksUrl,
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwtAudience: env.JWT_AUDIENCE || undefined,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    seedOnStart: bool('SEED_ON_START', env.SEED_ON_START, true),
    migrateOnStart: bool('MIGRATE_ON_START', env.MIGRATE_ON_START, true),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10000, 0, 600000),
    allowIntrospection: bool('ALLOW_INTROSPECTION', env.ALLOW_INTROSPECTION, false),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 1200, 0, 1_000_000),
    harmonizedCache: bool('HARMONIZED_CACHE', env.HARMONIZED_CACHE, nodeEnv === 'production'),
    harmonizedCacheMaxMb: int('HARMONIZED_CACHE_MAX_MB', env.HARMONIZED_CACHE_MAX_MB, DEFAULT_HARMONIZED_CACHE_MAX_MB, 1, 4096),
    compiledQueries: bool('COMPILED_QUERIES', env.COMPILED_QUERIES, true),
    strictTokens: bool('STRICT_TOKENS', env.STRICT_TOKENS, nodeEnv === 'production'),
    webhookAllowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', env.WEBHOOK_ALLOW_PRIVATE, nodeEnv !== 'production'),
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditCheckpointMinutes: int('AUDIT_CHECKPOINT_MINUTES', env.AUDIT_CHECKPOINT_MINUTES, 60, 0, 10_080),
  });
}

/** The pg pool of the server (ormconfig.ts), from the environment. */
export interface PoolConfig {
  /** Connections in the pool (PG_POOL_MAX). */
  max: number;
  /** How long a query waits for a pooled connection or a new one before failing (PG_CONNECTION_TIMEOUT_MS). */
  connectionTimeoutMs: number;
  /** PostgreSQL `statement_timeout` of every pooled connection; 0 = none (PG_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** PostgreSQL `idle_in_transaction_session_timeout`; 0 = none (PG_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  idleInTransactionTimeoutMs: number;
}

export function readPoolConfig(env: NodeJS.ProcessEnv = process.env): PoolConfig {
  return Object.freeze({
    max: int('PG_POOL_MAX', env.PG_POOL_MAX, 10, 1, 10_000),
    connectionTimeoutMs: int('PG_CONNECTION_TIMEOUT_MS', env.PG_CONNECTION_TIMEOUT_MS, 5000, 1, 600_000),
    statementTimeoutMs: int('PG_STATEMENT_TIMEOUT_MS', env.PG_STATEMENT_TIMEOUT_MS, 30_000, 0, 86_400_000),
    idleInTransactionTimeoutMs: int('PG_IDLE_IN_TRANSACTION_TIMEOUT_MS', env.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS, 30_000, 0, 86_400_000),
  });
}

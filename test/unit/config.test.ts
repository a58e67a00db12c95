import { ConfigError, readConfig, readPoolConfig } from '../../src/config/env';

describe('readConfig', () => {
  it('defaults to port 4000 and the embedded database', () => {
    const c = readConfig({});
    expect(c.port).toBe(4000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.seedOnStart).toBe(true);
  });
  it('rejects bad values with a message naming the variable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => readConfig({ SEED_ON_START: 'maybe' })).toThrow(/SEED_ON_START/);
    expect(() => readConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });
  it('refuses production without a real token secret or JWKS', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWKS_URL/);
    expect(readConfig({ NODE_ENV: 'production', JWT_SECRET: 's' }).nodeEnv).toBe('production');
  });
  it('is strict about tokens and webhook targets in production, lenient in development unless told', () => {
    const prod = readConfig({ NODE_ENV: 'production', JWT_SECRET: 's' });
    expect([prod.strictTokens, prod.webhookAllowPrivate]).toEqual([true, false]);
    const dev = readConfig({});
    expect([dev.strictTokens, dev.webhookAllowPrivate]).toEqual([false, true]);
    expect(readConfig({ STRICT_TOKENS: 'true', WEBHOOK_ALLOW_PRIVATE: 'false' })).toMatchObject({ strictTokens: true, webhookAllowPrivate: false });
    expect(() => readConfig({ STRICT_TOKENS: 'sometimes' })).toThrow(/STRICT_TOKENS/);
  });
  it('refuses an AUDIT_SIGNING_KEY that is not an Ed25519 private key', () => {
    expect(() => readConfig({ AUDIT_SIGNING_KEY: 'not a key' })).toThrow(/AUDIT_SIGNING_KEY/);
    expect(() => readConfig({ AUDIT_CHECKPOINT_MINUTES: '-1' })).toThrow(/AUDIT_CHECKPOINT_MINUTES/);
  });
});

describe('readPoolConfig', () => {
  it('bounds every wait on the database by default', () => {
    expect(readPoolConfig({})).toEqual({ max: 10, connectionTimeoutMs: 5000, statementTimeoutMs: 30000, idleInTransactionTimeoutMs: 30000 });
    expect(
      readPoolConfig({ PG_POOL_MAX: '4', PG_CONNECTION_TIMEOUT_MS: '250', PG_STATEMENT_TIMEOUT_MS: '0', PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1000' }),
    ).toEqual({ max: 4, connectionTimeoutMs: 250, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 1000 });
  });
  it('rejects bad values with a message naming the variable; a connection wait cannot be unbounded', () => {
    expect(() => readPoolConfig({ PG_POOL_MAX: '0' })).toThrow(/PG_POOL_MAX/);
    expect(() => readPoolConfig({ PG_CONNECTION_TIMEOUT_MS: '0' })).toThrow(/PG_CONNECTION_TIMEOUT_MS/);
    expect(() => readPoolConfig({ PG_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
    expect(() => readPoolConfig({ PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '-1' })).toThrow(/PG_IDLE_IN_TRANSACTION_TIMEOUT_MS/);
  });
});

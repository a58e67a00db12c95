import { ConfigError, readConfig } from '../../src/config/env';

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

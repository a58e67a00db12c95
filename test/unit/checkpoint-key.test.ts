import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointMessage, resolveCheckpointKey } from '../../src/modules/audit/checkpoint-key';

describe('audit checkpoint key', () => {
  const statement = { seq: 7, headHash: 'ab'.repeat(32), eventCount: 7, createdAt: new Date('2026-03-02T09:00:00Z'), keyId: '' };

  it('reads AUDIT_SIGNING_KEY as PEM or base64 DER, and signs what it verifies', () => {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const a = resolveCheckpointKey({ auditSigningKey: pem, dataDir: '/nonexistent' });
    const b = resolveCheckpointKey({ auditSigningKey: der, dataDir: '/nonexistent' });
    expect(a.keyId).toBe(b.keyId);
    const s = { ...statement, keyId: a.keyId };
    const signature = a.sign(s);
    expect(b.verify(s, signature)).toBe(true);
    expect(b.verify({ ...s, seq: 6 }, signature)).toBe(false);
    expect(b.verify({ ...s, headHash: 'cd'.repeat(32) }, signature)).toBe(false);
    expect(crypto.verify(null, Buffer.from(checkpointMessage(s)), a.publicKey, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => resolveCheckpointKey({ auditSigningKey: rsa, dataDir: '/nonexistent' })).toThrow(/Ed25519/);
  });

  it('without AUDIT_SIGNING_KEY, generates one key into the data directory and keeps it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-key-'));
    try {
      const first = resolveCheckpointKey({ auditSigningKey: undefined, dataDir: dir });
      const again = resolveCheckpointKey({ auditSigningKey: undefined, dataDir: dir });
      expect(again.keyId).toBe(first.keyId);
      expect(fs.readdirSync(dir)).toEqual(['audit-signing-key.pem']);
      expect(fs.statSync(path.join(dir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The key that signs audit checkpoints: Ed25519, held by the application and never by the
 * database. AUDIT_SIGNING_KEY (a PKCS#8 PEM, or its DER in base64), else a key generated
 * once into `<dataDir>/audit-signing-key.pem` (like the development JWT secret).
 *
 * What is signed (and published): the canonical JSON of
 * `{ type: "accord-audit-checkpoint/v1", seq, headHash, eventCount, createdAt, keyId }`
 * (keys sorted, no whitespace); the signature is base64. Anyone holding the public key
 * (`auditCheckpointKey`) verifies it with any Ed25519 implementation.
 */
import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/env';
import { canonicalJson } from '../../shared/canonical-json';

export const CHECKPOINT_TYPE = 'accord-audit-checkpoint/v1';

export interface CheckpointStatement {
  seq: number;
  headHash: string;
  eventCount: number;
  createdAt: Date;
  keyId: string;
}

export class CheckpointKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly publicKeyPem: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error(`AUDIT_SIGNING_KEY must be an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? 'a secret key'}`);
    this.publicKey = crypto.createPublicKey(privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = crypto
      .createHash('sha256')
      .update(this.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 32);
  }

  sign(statement: CheckpointStatement): string {
    return crypto.sign(null, Buffer.from(checkpointMessage(statement)), this.privateKey).toString('base64');
  }

  /** True when the signature is this key's over the statement. */
  verify(statement: CheckpointStatement, signature: string): boolean {
    if (statement.keyId !== this.keyId) return false;
    try {
      return crypto.verify(null, Buffer.from(checkpointMessage(statement)), this.publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/** The exact bytes signed (UTF-8 of this string). */
export function checkpointMessage(s: CheckpointStatement): string {
  return canonicalJson({
    type: CHECKPOINT_TYPE,
    seq: Number(s.seq),
    headHash: s.headHash,
    eventCount: Number(s.eventCount),
    createdAt: new Date(s.createdAt).toISOString(),
    keyId: s.keyId,
  });
}

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return crypto.createPrivateKey(trimmed);
  return crypto.createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}

/** AUDIT_SIGNING_KEY, else the key kept in `<dataDir>/audit-signing-key.pem` (generated on first use). */
export function resolveCheckpointKey(config: Pick<AppConfig, 'auditSigningKey' | 'dataDir'>): CheckpointKey {
  if (config.auditSigningKey) return new CheckpointKey(parsePrivateKey(config.auditSigningKey));
  const file = path.join(config.dataDir, 'audit-signing-key.pem');
  try {
    return new CheckpointKey(parsePrivateKey(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const pem = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written whole to a temporary file, then linked into place: a concurrent reader never
  // sees a partial key, and if another process got there first, its key is used.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, pem, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
  return new CheckpointKey(parsePrivateKey(fs.readFileSync(file, 'utf8')));
}

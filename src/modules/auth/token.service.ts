/**
 * Bearer tokens: signed JWTs with claims `sub`, `role`, `jurisdiction`. HS256 with
 * JWT_SECRET (in development a generated secret kept under .data/), or RS/ES keys from
 * an identity provider's JWKS_URL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../../config/env';
import { UnauthenticatedError } from '../../shared/errors';
import type { AuthPrincipal } from '../../shared/actor';
import { Role } from '../../shared/role';

export interface TokenClaims {
  sub: string;
  role: Role;
  jurisdiction?: string | null;
  handle?: string;
}

/** The development secret: JWT_SECRET, else one generated once and kept in `<dataDir>/jwt-secret`. */
export function resolveJwtSecret(config: Pick<AppConfig, 'jwtSecret' | 'dataDir'>): string {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process wrote it first
    }
  }
}

/** The stored principal a token's `sub` names (strict tokens), or null when there is none. */
export type PrincipalLookup = (id: string) => Promise<{ role: string; jurisdictionCode: string | null } | null>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TokenService {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  /**
   * With `strictTokens` (production default) and a principal lookup, a token must carry
   * `exp`, and its `sub` must be a stored principal whose role and jurisdiction the
   * token's claims repeat; anything else is UNAUTHENTICATED.
   */
  constructor(
    private readonly config: Pick<AppConfig, 'jwtSecret' | 'jwksUrl' | 'dataDir' | 'jwtIssuer' | 'jwtAudience'> & { strictTokens?: boolean },
    private readonly lookupPrincipal?: PrincipalLookup,
  ) {
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
    else this.secret = new TextEncoder().encode(resolveJwtSecret(config));
  }

  /** Sign a development token (HS256). */
  async sign(claims: TokenClaims, expiresIn: string = '12h'): Promise<string> {
    if (!this.secret) throw new Error('tokens are issued by the identity provider when JWKS_URL is set');
    let jwt = new SignJWT({ role: claims.role, jurisdiction: claims.jurisdiction ?? null, handle: claims.handle })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(expiresIn);
    if (this.config.jwtIssuer) jwt = jwt.setIssuer(this.config.jwtIssuer);
    if (this.config.jwtAudience) jwt = jwt.setAudience(this.config.jwtAudience);
    return jwt.sign(this.secret);
  }

  /** Verify a bearer token; any failure is UNAUTHENTICATED. */
  async verify(token: string): Promise<AuthPrincipal> {
    let payload: JWTPayload;
    try {
      const options = { issuer: this.config.jwtIssuer, audience: this.config.jwtAudience, requiredClaims: this.config.strictTokens ? ['exp'] : [] };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, options)).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (err) {
      const code = (err as { code?: string; claim?: string }).code;
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'exp')
        throw new UnauthenticatedError('the token has no expiry (exp)');
      throw new UnauthenticatedError(code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid');
    }
    const role = payload.role as string;
    if (typeof payload.sub !== 'string' || !payload.sub) throw new UnauthenticatedError('the token has no subject');
    if (!Object.values(Role).includes(role as Role) || role === Role.PUBLIC) {
      throw new UnauthenticatedError('the token carries no valid role');
    }
    const jurisdiction = typeof payload.jurisdiction === 'string' && payload.jurisdiction ? payload.jurisdiction : null;
    if (role === Role.REGULATOR && !jurisdiction) throw new UnauthenticatedError('a regulator token must name its jurisdiction');
    if (this.config.strictTokens && this.lookupPrincipal) {
      const stored = UUID.test(payload.sub) ? await this.lookupPrincipal(payload.sub) : null;
      if (!stored) throw new UnauthenticatedError('the token names no known principal');
      if (stored.role !== role) throw new UnauthenticatedError(`the token's role ${role} is not its principal's (${stored.role})`);
      if ((stored.jurisdictionCode ?? null) !== jurisdiction) {
        throw new UnauthenticatedError(`the token's jurisdiction ${jurisdiction ?? '(none)'} is not its principal's (${stored.jurisdictionCode ?? 'none'})`);
      }
    }
    return {
      id: payload.sub,
      role: role as Role,
      jurisdiction,
      handle: typeof payload.handle === 'string' ? payload.handle : undefined,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  }
}

/** Read `Authorization: Bearer <token>`; undefined when absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
  return match[1];
}

/**
 * One check on every string a client sends, in variables or written inline in the
 * document: no NUL or other control characters (tab, newline and carriage return are
 * fine) and no lone UTF-16 surrogates. PostgreSQL cannot store a NUL and silently
 * replaces a lone surrogate — which would make an audit event's stored content differ
 * from what was hashed — so such strings are refused as BAD_USER_INPUT naming the path.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

// eslint-disable-next-line no-control-regex -- the pattern finds control characters to refuse them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badString(s: string): string | null {
  if (CONTROL.test(s)) return 'contains a control character';
  if (LONE_SURROGATE.test(s)) return 'is not well-formed Unicode (a lone surrogate)';
  return null;
}

function walk(value: unknown, path: string, out: { path: string; reason: string }[]): void {
  if (out.length) return;
  if (typeof value === 'string') {
    const reason = badString(value);
    if (reason) out.push({ path, reason });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}.${i}`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyReason = badString(k);
      if (keyReason) out.push({ path: `${path}.${k}`, reason: keyReason });
      walk(v, `${path}.${k}`, out);
    }
  }
}

/** The first bad string written inline in each parsed document (Apollo reuses a document from its cache): one walk per document. */
const inlineFindings = new WeakMap<DocumentNode, { path: string; reason: string } | null>();

function inlineStrings(document: DocumentNode, out: { path: string; reason: string }[]): void {
  let found = inlineFindings.get(document);
  if (found === undefined) {
    found = null;
    visit(document, {
      [Kind.STRING]: (node) => {
        const reason = badString(node.value);
        if (reason && !found) found = { path: `line ${node.loc?.startToken.line ?? '?'}`, reason };
      },
    });
    inlineFindings.set(document, found);
  }
  if (found) out.push(found);
}

export const inputGuardPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const found: { path: string; reason: string }[] = [];
        walk(request.variables ?? {}, 'variables', found);
        if (!found.length) inlineStrings(document, found);
        if (found.length) {
          const { path, reason } = found[0];
          const field = path.replace(/^variables\./, '').replace(/^line .*/, '');
          throw new GraphQLError(`${path} ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field: field || undefined, http: { status: 400 } } });
        }
      },
    };
  },
};

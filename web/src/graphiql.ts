/**
 * `/graphiql`: the GraphiQL IDE, bundled (no CDN), pointed at /graphql on this origin.
 * The token field's value goes out as `Authorization: Bearer …` with every request unless
 * the headers editor already sets an Authorization header. The token is never stored.
 */
import { GraphiQL } from 'graphiql';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { byId } from './lib/dom';

const tokenInput = byId<HTMLInputElement>('token');
const toggle = byId<HTMLButtonElement>('token-toggle');
const clear = byId<HTMLButtonElement>('token-clear');
const tokenStatus = byId('token-status');
const host = byId('graphiql');

const DEFAULT_QUERY = `# Welcome to Accord's GraphiQL.
# Type a query, then press Ctrl-Enter (or the run button) to send it to /graphql.
# Paste a bearer token above to act as a regulator, the secretariat or an analyst.

query Consortia {
  consortia {
    name
    members {
      role
      jurisdiction { code name }
    }
  }
  me { handle role }
}
`;

/** The token as typed, without a pasted "Bearer " prefix. */
function token(): string {
  return tokenInput.value.trim().replace(/^bearer\s+/i, '');
}

function describeToken(): void {
  const t = token();
  if (!t) {
    tokenStatus.textContent = 'No token: you query as the public.';
    return;
  }
  // Show who the token claims to be (unverified: the server checks the signature).
  try {
    const payload = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      role?: string;
      handle?: string;
      sub?: string;
      jurisdiction?: string;
    };
    const who = [payload.handle ?? payload.sub, payload.role, payload.jurisdiction].filter(Boolean).join(' · ');
    tokenStatus.textContent = `Token set${who ? `: ${who}` : ''}.`;
  } catch {
    tokenStatus.textContent = 'Token set (not a readable JWT; the server will decide).';
  }
}

interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

async function fetcher(params: FetcherParams, options?: { headers?: Record<string, string> }): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...(options?.headers ?? {}) };
  const t = token();
  if (t && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) headers.authorization = `Bearer ${t}`;
  // GraphiQL learns the operation name from the editor after a short pause; a query run
  // right after an edit can carry the previous one. Drop a name the query does not declare.
  const body = { ...params };
  if (body.operationName && !new RegExp(`\\b(query|mutation|subscription)\\s+${body.operationName}\\b`).test(body.query)) delete body.operationName;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
  }
}

tokenInput.addEventListener('input', describeToken);
toggle.addEventListener('click', () => {
  const show = tokenInput.type === 'password';
  tokenInput.type = show ? 'text' : 'password';
  toggle.textContent = show ? 'Hide' : 'Show';
  toggle.setAttribute('aria-pressed', String(show));
});
clear.addEventListener('click', () => {
  tokenInput.value = '';
  describeToken();
  tokenInput.focus();
});
byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => event.preventDefault());

createRoot(host).render(
  createElement(
    StrictMode,
    null,
    createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: false,
    }),
  ),
);

/**
 * What a resolver's caller selected, read from the operation (fragments and inline
 * fragments followed; `@skip`/`@include` are treated as selected, which only ever reads
 * more). Read paths use it to count only when `totalCount` is asked for and to read only
 * the columns the selection needs.
 */
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

function collect(set: SelectionSetNode | undefined, fragments: Fragments, out: FieldNode[], seen: Set<string>): void {
  if (!set) return;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, fragments, out, seen);
    else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
      seen.add(s.name.value);
      collect(fragments[s.name.value]?.selectionSet, fragments, out, seen);
    }
  }
}

/** The field nodes selected under `path` (field names, e.g. ['edges', 'node']) of the resolved field. */
function fieldsAt(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): FieldNode[] {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const f of level) {
      const children: FieldNode[] = [];
      collect(f.selectionSet, info.fragments, children, new Set());
      next.push(...children.filter((c) => c.name.value === name));
    }
    level = next;
  }
  const out: FieldNode[] = [];
  for (const f of level) collect(f.selectionSet, info.fragments, out, new Set());
  return out;
}

/** Names of the fields selected under `path` of the resolved field (`__typename` included). */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[] = []): Set<string> {
  return new Set(fieldsAt(info, path).map((f) => f.name.value));
}

/** For `selectsOnly`: a selection of nothing but `code` (a row's key that the parent already holds). */
export const CODE_ONLY: ReadonlySet<string> = new Set(['code']);

const onlyCache = new WeakMap<ReadonlySet<string>, WeakMap<readonly FieldNode[], boolean>>();

/**
 * True when the resolved field's selection names only fields in `allowed` (and
 * `__typename`). Remembered per field-node list: graphql-js passes the same list for every
 * item of a list, so a page of 100 items works it out once.
 */
export function selectsOnly(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, allowed: ReadonlySet<string>): boolean {
  let perSet = onlyCache.get(allowed);
  if (!perSet) onlyCache.set(allowed, (perSet = new WeakMap()));
  const known = perSet.get(info.fieldNodes);
  if (known !== undefined) return known;
  let only = true;
  for (const name of selectedFields(info)) if (name !== '__typename' && !allowed.has(name)) only = false;
  perSet.set(info.fieldNodes, only);
  return only;
}

/** A rule's control-number prefix reaches an entry: `2B352` reaches `2B352.b.1` and `3の2` reaches `3の2(2)2`. */
export function prefixMatches(prefix: string, controlNumber: string): boolean {
  if (prefix === '*') return true;
  const p = prefix.toUpperCase();
  const c = controlNumber.toUpperCase();
  return c === p || (c.startsWith(p) && /[.(]/.test(c.charAt(p.length)));
}

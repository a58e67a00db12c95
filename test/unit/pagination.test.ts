import 'reflect-metadata';
import { decodeCursor, encodeCursor, toConnection } from '../../src/shared/pagination';

const isPair = (v: unknown): v is [string, number] => Array.isArray(v) && v.length === 2;

describe('toConnection', () => {
  const rows = [
    { id: 'a', n: 1 },
    { id: 'b', n: 2 },
    { id: 'c', n: 3 },
  ];

  it('keeps size rows, says whether more follow, and gives each edge the cursor of its key', () => {
    const conn = toConnection(rows, 2, 3, (r) => [r.id, r.n]);
    expect(conn.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(conn.edges.map((e) => decodeCursor(e.cursor, isPair))).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(conn.pageInfo.endCursor).toBe(encodeCursor(['b', 2]));
    expect(toConnection(rows, 5, 3, (r) => r.id).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor('c') });
  });

  it('encodes a cursor only when it is read, and once', () => {
    const keyOf = jest.fn((r: { id: string }) => r.id);
    const conn = toConnection(rows, 3, 3, keyOf);
    expect(conn.pageInfo.endCursor).toBe(encodeCursor('c'));
    expect(keyOf).toHaveBeenCalledTimes(1);
    expect(conn.edges[0].cursor).toBe(encodeCursor('a'));
    expect(conn.edges[0].cursor).toBe(encodeCursor('a'));
    expect(keyOf).toHaveBeenCalledTimes(2);
  });
});

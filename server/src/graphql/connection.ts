import { GraphQLError } from 'graphql';
import { ErrorCode } from './errors';

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

/** Cursors are opaque to clients: base64url of the sort key of the last row seen. */
export function encodeCursor(key: string): string {
  return Buffer.from(`cursor:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('cursor:')) {
    throw new GraphQLError(`"after" is not a cursor this API issued: "${cursor}"`, {
      extensions: { code: ErrorCode.badUserInput, argument: 'after' },
    });
  }
  return text.slice('cursor:'.length);
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, {
      extensions: { code: ErrorCode.badUserInput, argument: 'first' },
    });
  }
  return first;
}

/** Builds a connection from one page fetched with limit `size + 1` (the extra row answers hasNextPage). */
export function toConnection<T>(rows: T[], size: number, keyOf: (row: T) => string, totalCount: number): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/**
 * One page of a keyset-paginated list: validates `first`, decodes `after`, fetches one row more than the page
 * (to answer hasNextPage) and builds the connection.
 */
export async function fetchPage<T>(
  first: number | null | undefined,
  after: string | null | undefined,
  fetch: (page: { afterKey?: string; limit: number }) => Promise<{ rows: T[]; total: number }>,
  keyOf: (row: T) => string,
): Promise<Connection<T>> {
  const size = pageSize(first);
  const { rows, total } = await fetch({ afterKey: after ? decodeCursor(after) : undefined, limit: size + 1 });
  return toConnection(rows, size, keyOf, total);
}

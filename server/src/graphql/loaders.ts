import DataLoader from 'dataloader';

/**
 * A per-request loader that fetches many rows by a unique key (the id by default) in one query and answers
 * each key in order, with null for keys that match no row.
 */
export function createKeyLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (row: T) => string = (row) => (row as { id: string }).id,
): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A per-request loader for one-to-many lookups (a lot's exceptions): one query for every key asked. */
export function createGroupLoader<T>(
  fetch: (keys: readonly string[]) => Promise<Array<{ key: string; row: T }>>,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const { key, row } of await fetch(keys)) groups.get(key)?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

import type { EntityManager } from 'typeorm';

/**
 * Makes writers that name the same key (a new lot number, a shipment number, a chain head) take turns until the
 * transaction ends: a row lock cannot serialise the creation of a row that does not exist yet.
 */
export async function lockKeyUntilCommit(manager: EntityManager, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/**
 * Takes several keys' turns at once, in one fixed order (by lock number) so that two writers naming overlapping
 * keys never wait for each other in a circle.
 */
export async function lockKeysUntilCommit(manager: EntityManager, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await manager.query(
    // pg_advisory_xact_lock is volatile, so it runs after the sort: in lock-number order.
    'SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k) AS keys ORDER BY h',
    [[...keys]],
  );
}

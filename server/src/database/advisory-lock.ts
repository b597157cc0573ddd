import type { EntityManager } from 'typeorm';

/**
 * Makes writers that name the same key (a new lot number, a shipment number, a chain head) take turns until the
 * transaction ends: a row lock cannot serialise the creation of a row that does not exist yet.
 */
export async function lockKeyUntilCommit(manager: EntityManager, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

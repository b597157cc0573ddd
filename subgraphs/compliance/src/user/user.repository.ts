import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository, type Role } from '@lotgraph/server';
import { UserAccountEntity } from './user-account.entity';

export class UserRepository extends BaseRepository<UserAccountEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, UserAccountEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<UserAccountEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** The user's row, held until the transaction ends, so concurrent failed attempts count one after another. */
  findForUpdate(id: string, manager: EntityManager): Promise<UserAccountEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findAll(manager?: EntityManager): Promise<UserAccountEntity[]> {
    return this.repo(manager).find({ order: { id: 'ASC' } });
  }

  insert(user: Omit<UserAccountEntity, 'createdAt' | 'updatedAt'>, manager: EntityManager): Promise<UserAccountEntity> {
    return this.repo(manager).save(this.repo(manager).create(user));
  }

  /** The user's status, and whether one of their tokens was revoked, in one query: what the gateway asks for. */
  async sessionStatus(
    userId: string,
    tokenId: string | null,
  ): Promise<{ printedName: string; roles: Role[]; enabled: boolean; tokensValidAfter: Date | null; revokedAt: Date | null } | null> {
    const rows: Array<{ printed_name: string; roles: Role[]; enabled: boolean; tokens_valid_after: Date | null; revoked_at: Date | null }> = await this.dataSource.query(
      `SELECT u.printed_name, u.roles, u.enabled, u.tokens_valid_after, s.revoked_at
         FROM compliance.user_account u
         LEFT JOIN compliance.user_session s ON s.token_id = $2 AND s.user_id = u.id
        WHERE u.id = $1`,
      [userId, tokenId],
    );
    const row = rows[0];
    if (!row) return null;
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    return { printedName: row.printed_name, roles: row.roles, enabled: row.enabled, tokensValidAfter: date(row.tokens_valid_after), revokedAt: date(row.revoked_at) };
  }
}

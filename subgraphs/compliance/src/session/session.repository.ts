import type { DataSource, EntityManager } from 'typeorm';
import { UserSessionEntity } from './user-session.entity';

export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserSessionEntity);
  }

  insert(session: Omit<UserSessionEntity, 'revokedAt'>, manager: EntityManager): Promise<UserSessionEntity> {
    return this.repo(manager).save(this.repo(manager).create({ ...session, revokedAt: null }));
  }

  /**
   * Marks a token revoked, adding its row when login did not issue it (`npx lotgraph token`). Answers the
   * revocation time, or null when the token was already revoked.
   */
  async revoke(session: Omit<UserSessionEntity, 'revokedAt'>, at: Date, manager: EntityManager): Promise<Date | null> {
    const rows: Array<{ revoked_at: Date }> = await manager.query(
      `INSERT INTO compliance.user_session (token_id, user_id, issued_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (token_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at WHERE compliance.user_session.revoked_at IS NULL
       RETURNING revoked_at`,
      [session.tokenId, session.userId, session.issuedAt, session.expiresAt, at],
    );
    return rows[0] ? new Date(rows[0].revoked_at) : null;
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A token login issued, or any token revoked at logout (tokens from `npx lotgraph token` have no row until then). */
@Entity({ name: 'user_session' })
export class UserSessionEntity {
  /** The token's jti. */
  @PrimaryColumn({ name: 'token_id', type: 'text' })
  tokenId: string;

  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

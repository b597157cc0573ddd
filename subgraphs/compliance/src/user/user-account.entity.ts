import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@lotgraph/server';

@Entity({ name: 'user_account' })
export class UserAccountEntity {
  /** The login id (e.g. qa.manager): what tokens name as their subject and audit entries as their actor. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'printed_name', type: 'text' })
  printedName: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** A self-describing scrypt hash (password/password-hash.ts); never leaves this subgraph, never audited. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt: Date;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ name: 'failed_attempts', type: 'int' })
  failedAttempts: number;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  /** When a lock after wrong passwords lifts on its own; null with `lockedAt` set: until an ADMIN unlocks it. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Tokens issued before this instant are refused by the gateway. */
  @Column({ name: 'tokens_valid_after', type: 'timestamptz', nullable: true })
  tokensValidAfter: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

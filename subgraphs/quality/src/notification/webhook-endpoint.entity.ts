import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NotificationEventType } from './exception-events';

/** Where exception events are POSTed; disabled, never deleted. */
@Entity({ name: 'webhook_endpoint' })
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text' })
  url: string;

  /** The HMAC key of the signatures; never returned by a query nor written in the audit trail. */
  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'text', array: true })
  events: NotificationEventType[];

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

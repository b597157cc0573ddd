import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { NotificationEventType } from './exception-events';

export class WebhookEndpointRepository extends BaseRepository<WebhookEndpointEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, WebhookEndpointEntity);
  }

  findByName(name: string, manager?: EntityManager): Promise<WebhookEndpointEntity | null> {
    return this.repo(manager).findOneBy({ name });
  }

  findByNameForUpdate(name: string, manager: EntityManager): Promise<WebhookEndpointEntity | null> {
    return this.repo(manager).createQueryBuilder('hook').where('hook.name = :name', { name }).setLock('pessimistic_write').getOne();
  }

  findById(id: string, manager?: EntityManager): Promise<WebhookEndpointEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findAll(manager?: EntityManager): Promise<WebhookEndpointEntity[]> {
    return this.repo(manager).find({ order: { name: 'ASC' } });
  }

  /** Enabled endpoints subscribed to an event type, in name order. */
  findEnabledFor(type: NotificationEventType, manager?: EntityManager): Promise<WebhookEndpointEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('hook')
      .where('hook.enabled AND :type = ANY(hook.events)', { type })
      .orderBy('hook.name', 'ASC')
      .getMany();
  }
}

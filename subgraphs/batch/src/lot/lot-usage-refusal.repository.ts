import { In, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository, Outbox } from '@lotgraph/server';
import { LotUsageRefusalEntity } from './lot-usage-refusal.entity';
import { REPORT_REFUSAL_TOPIC } from './refusal-report.delivery';

export class LotUsageRefusalRepository extends BaseRepository<LotUsageRefusalEntity> {
  private readonly outbox: Outbox;
  private wake: () => void = () => undefined;

  constructor(dataSource: DataSource) {
    super(dataSource, LotUsageRefusalEntity);
    this.outbox = new Outbox(dataSource, 'batch');
  }

  /**
   * Keeps the refusal and, in the same transaction, the batch outbox's message telling the quality domain of it:
   * a refusal is never kept without quality being told, nor told without being kept.
   */
  async saveAndTell(refusal: Omit<LotUsageRefusalEntity, 'id' | 'attemptedAt'>, lotNumber: string, manager: EntityManager): Promise<LotUsageRefusalEntity> {
    const saved = await this.save(refusal as LotUsageRefusalEntity, manager);
    const kept = (await this.repo(manager).findOneBy({ id: saved.id }))!;
    await this.outbox.enqueue(manager, {
      topic: REPORT_REFUSAL_TOPIC,
      key: `refusal:${kept.id}`,
      subject: kept.lotId,
      payload: {
        refusalId: kept.id, lotId: kept.lotId, lotNumber, attemptedUse: kept.attemptedUse, lotStatus: kept.lotStatus, reference: kept.reference,
        attemptedBy: kept.attemptedBy, attemptedAt: kept.attemptedAt.toISOString(),
      },
    });
    return kept;
  }

  /** What delivers the batch outbox's refusal messages, told once a refusal has been committed. */
  onTold(wake: () => void): void {
    this.wake = wake;
  }

  told(): void {
    this.wake();
  }

  findSince(since: Date, limit: number, manager?: EntityManager): Promise<LotUsageRefusalEntity[]> {
    return this.repo(manager).find({ where: { attemptedAt: MoreThanOrEqual(since) }, order: { attemptedAt: 'ASC' }, take: limit });
  }

  findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<LotUsageRefusalEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { attemptedAt: 'ASC' } });
  }
}

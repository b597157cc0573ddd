import { In, type DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { LotExceptionDispositionEntity, LotExceptionHoldEntity } from './lot-exception-hold.entity';

export class LotExceptionHoldRepository extends BaseRepository<LotExceptionHoldEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, LotExceptionHoldEntity);
  }

  /** Records an exception's hold; false when that exception already holds the lot. The caller holds the lot's row lock. */
  async recordHold(row: { lotId: string; exceptionNumber: string; heldBy: string; requestId: string | null }, manager: EntityManager): Promise<boolean> {
    if (await this.repo(manager).findOneBy({ lotId: row.lotId, exceptionNumber: row.exceptionNumber })) return false;
    await this.repo(manager).save(this.repo(manager).create(row));
    return true;
  }

  holdsOf(lotIds: readonly string[], manager?: EntityManager): Promise<LotExceptionHoldEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { heldAt: 'ASC' } });
  }

  dispositionsOf(lotIds: readonly string[], manager?: EntityManager): Promise<LotExceptionDispositionEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.dispositions(manager).find({ where: { lotId: In([...lotIds]) }, order: { appliedAt: 'ASC' } });
  }

  /** Holds of exceptions that have not dispositioned the lot yet, oldest first. */
  async openHolds(lotId: string, manager?: EntityManager): Promise<LotExceptionHoldEntity[]> {
    const decided = new Set((await this.dispositionsOf([lotId], manager)).map((d) => d.exceptionNumber));
    return (await this.holdsOf([lotId], manager)).filter((hold) => !decided.has(hold.exceptionNumber));
  }

  insertDisposition(row: DeepPartial<LotExceptionDispositionEntity>, manager: EntityManager): Promise<LotExceptionDispositionEntity> {
    return this.dispositions(manager).save(this.dispositions(manager).create(row));
  }

  private dispositions(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(LotExceptionDispositionEntity);
  }
}

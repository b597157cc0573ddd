import { In, type DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { BaseRepository, lockKeyUntilCommit } from '@lotgraph/server';
import { RecallEntity } from './recall.entity';
import { RecallLotEntity } from './recall-lot.entity';

export class RecallRepository extends BaseRepository<RecallEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, RecallEntity);
  }

  private lots(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RecallLotEntity);
  }

  /** Serialises two requests for one recall number until the transaction ends. */
  async lockNumber(number: string, manager: EntityManager): Promise<void> {
    await lockKeyUntilCommit(manager, `recall:${number}`);
  }

  findByNumber(number: string, manager?: EntityManager): Promise<RecallEntity | null> {
    return this.repo(manager).findOneBy({ number });
  }

  findLotsByRecallIds(recallIds: readonly string[], manager?: EntityManager): Promise<RecallLotEntity[]> {
    if (recallIds.length === 0) return Promise.resolve([]);
    return this.lots(manager).findBy({ recallId: In([...recallIds]) });
  }

  /** Recalls that reached any of the lots, oldest first. */
  async findRecallsOfLots(lotIds: readonly string[], manager?: EntityManager): Promise<Array<RecallEntity & { lotId: string }>> {
    if (lotIds.length === 0) return [];
    const recalledLots = await this.lots(manager).findBy({ lotId: In([...lotIds]) });
    const recalls = await this.findByIds([...new Set(recalledLots.map((row) => row.recallId))], manager);
    const byId = new Map(recalls.map((recall) => [recall.id, recall]));
    return recalledLots
      .map((row) => ({ ...byId.get(row.recallId)!, lotId: row.lotId }))
      .sort((a, b) => a.initiatedAt.getTime() - b.initiatedAt.getTime());
  }

  /** The recall that put the lot on hold, when the lot is still held by it. */
  async findHoldingRecall(lotId: string, manager?: EntityManager): Promise<RecallEntity | null> {
    const row = await this.lots(manager).findOne({ where: { lotId, statusAfter: 'ON_HOLD' } });
    return row ? this.repo(manager).findOneBy({ id: row.recallId }) : null;
  }

  saveLot(row: DeepPartial<RecallLotEntity>, manager?: EntityManager): Promise<RecallLotEntity> {
    return this.lots(manager).save(row);
  }
}

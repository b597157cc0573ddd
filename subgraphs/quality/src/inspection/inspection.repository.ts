import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { InspectionEntity, type InspectionSource } from './inspection.entity';

export interface InspectionKey {
  lotId: string;
  source: InspectionSource;
  sampleId: string;
  testName: string;
}

export class InspectionRepository extends BaseRepository<InspectionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, InspectionEntity);
  }

  /** Reads the inspection and locks its row until the transaction ends. */
  findByKeyForUpdate(key: InspectionKey, manager: EntityManager): Promise<InspectionEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('inspection')
      .where('inspection.lot_id = :lotId AND inspection.source = :source AND inspection.sample_id = :sampleId AND inspection.test_name = :testName', key)
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Inserts unless an inspection with the same lot, sample and test exists; true when it inserted. */
  async insertIfAbsent(inspection: Omit<InspectionEntity, 'id' | 'recordedAt'>, manager: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).createQueryBuilder().insert().values(inspection).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  /** A lot's results of one test with a measured value, our own and the supplier's, in the order they were made. */
  findMeasured(lotId: string, testName: string, manager?: EntityManager): Promise<InspectionEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('inspection')
      .where('inspection.lot_id = :lotId AND inspection.test_name = :testName AND inspection.measured_value IS NOT NULL', { lotId, testName })
      .orderBy('inspection.inspected_at', 'ASC')
      .addOrderBy('inspection.sample_id', 'ASC')
      .getMany();
  }

  /** Inspections of any of the lots, in one query, in the order they were made. */
  findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<InspectionEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { inspectedAt: 'ASC', testName: 'ASC', sampleId: 'ASC' } });
  }

  /** Whether any of our own inspections records the test, and any on a lot of the material (when one is named): one query. */
  async testRecorded(testName: string, materialCode: string | null, manager?: EntityManager): Promise<{ recorded: boolean; onMaterial: boolean }> {
    const [row]: Array<{ recorded: boolean; on_material: boolean }> = await (manager ?? this.dataSource.manager).query(
      `SELECT EXISTS (SELECT 1 FROM quality.inspection WHERE source = 'OWN' AND test_name = $1) AS recorded,
              EXISTS (SELECT 1 FROM quality.inspection WHERE source = 'OWN' AND test_name = $1 AND material_code = $2::text) AS on_material`,
      [testName, materialCode],
    );
    return { recorded: row.recorded, onMaterial: row.on_material };
  }
}

import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository, lockKeyUntilCommit } from '@lotgraph/server';
import { MaterialSubLotEntity } from './material-sublot.entity';

export class MaterialSubLotRepository extends BaseRepository<MaterialSubLotEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, MaterialSubLotEntity);
  }

  /** Units with this serial number, of any material (a serial alone may be ambiguous across GTINs). */
  findBySerial(serialNumber: string, manager?: EntityManager): Promise<MaterialSubLotEntity[]> {
    return this.repo(manager).find({ where: { serialNumber }, order: { createdAt: 'ASC' } });
  }

  findBySerials(materialId: string, serialNumbers: readonly string[], manager?: EntityManager): Promise<MaterialSubLotEntity[]> {
    if (serialNumbers.length === 0) return Promise.resolve([]);
    return this.repo(manager).findBy({ materialId, serialNumber: In([...serialNumbers]) });
  }

  findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<MaterialSubLotEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { serialNumber: 'ASC' } });
  }

  async lockMaterial(materialId: string, manager: EntityManager): Promise<void> {
    await lockKeyUntilCommit(manager, `serials:${materialId}`);
  }

  countByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<number> {
    if (lotIds.length === 0) return Promise.resolve(0);
    return this.repo(manager).countBy({ lotId: In([...lotIds]) });
  }

  /**
   * The same page (units after `afterSerial`, at most `limit`) of many lots' units, with each lot's total, in one
   * query: a list of lots asking for their serials costs one query, not two per lot.
   */
  async findPagesForLots(lotIds: readonly string[], afterSerial: string | undefined, limit: number, manager?: EntityManager): Promise<Map<string, { rows: MaterialSubLotEntity[]; total: number }>> {
    const rows: Array<{ id: string | null; lot_id: string; material_id: string; serial_number: string; created_at: Date; total: number }> = await (
      manager ?? this.dataSource.manager
    ).query(
      `SELECT t.lot_id, t.total, s.id, s.material_id, s.serial_number, s.created_at
         FROM (SELECT lot_id, count(*)::int AS total FROM batch.material_sublot WHERE lot_id = ANY($1::uuid[]) GROUP BY lot_id) t
         LEFT JOIN LATERAL (
           SELECT * FROM batch.material_sublot u
            WHERE u.lot_id = t.lot_id AND ($2::text IS NULL OR u.serial_number > $2)
            ORDER BY u.serial_number LIMIT $3
         ) s ON true
        ORDER BY t.lot_id, s.serial_number`,
      [[...lotIds], afterSerial ?? null, limit],
    );
    const pages = new Map<string, { rows: MaterialSubLotEntity[]; total: number }>(lotIds.map((id) => [id, { rows: [], total: 0 }]));
    for (const row of rows) {
      const page = pages.get(row.lot_id)!;
      page.total = row.total;
      if (row.id) {
        page.rows.push(this.repo(manager).create({ id: row.id, lotId: row.lot_id, materialId: row.material_id, serialNumber: row.serial_number, createdAt: new Date(row.created_at) }));
      }
    }
    return pages;
  }

  /** Inserts units that are not there yet (by id); for loading demo data again. */
  async upsertMany(units: Array<Pick<MaterialSubLotEntity, 'id' | 'lotId' | 'materialId' | 'serialNumber'>>, manager?: EntityManager): Promise<void> {
    if (units.length) await this.repo(manager).createQueryBuilder().insert().values(units).orIgnore().execute();
  }

  async saveMany(units: Array<Pick<MaterialSubLotEntity, 'lotId' | 'materialId' | 'serialNumber'>>, manager?: EntityManager): Promise<void> {
    if (units.length) await this.repo(manager).insert(units);
  }
}

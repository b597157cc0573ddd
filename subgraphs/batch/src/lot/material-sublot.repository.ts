import { In, MoreThan, type DataSource, type EntityManager } from 'typeorm';
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

  async findPageForLot(lotId: string, afterSerial: string | undefined, limit: number, manager?: EntityManager): Promise<{ rows: MaterialSubLotEntity[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.repo(manager).find({
        where: afterSerial === undefined ? { lotId } : { lotId, serialNumber: MoreThan(afterSerial) },
        order: { serialNumber: 'ASC' },
        take: limit,
      }),
      this.repo(manager).countBy({ lotId }),
    ]);
    return { rows, total };
  }

  /** Inserts units that are not there yet (by id); for loading demo data again. */
  async upsertMany(units: Array<Pick<MaterialSubLotEntity, 'id' | 'lotId' | 'materialId' | 'serialNumber'>>, manager?: EntityManager): Promise<void> {
    if (units.length) await this.repo(manager).createQueryBuilder().insert().values(units).orIgnore().execute();
  }

  async saveMany(units: Array<Pick<MaterialSubLotEntity, 'lotId' | 'materialId' | 'serialNumber'>>, manager?: EntityManager): Promise<void> {
    if (units.length) await this.repo(manager).insert(units);
  }
}

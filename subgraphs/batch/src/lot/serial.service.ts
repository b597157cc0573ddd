import { badInput, decodeCursor, notFound, pageSize, toConnection, type Connection } from '@lotgraph/server';
import type { MaterialRepository } from '../material/material.repository';
import type { MaterialSubLotRepository } from './material-sublot.repository';
import type { MaterialSubLotEntity } from './material-sublot.entity';

/** Serialised units (MaterialSubLot) under lots. */
export class SerialService {
  constructor(
    private readonly sublots: MaterialSubLotRepository,
    private readonly materials: MaterialRepository,
  ) {}

  async getBySerial(serialNumber: string, materialCode?: string | null): Promise<MaterialSubLotEntity> {
    let units = await this.sublots.findBySerial(serialNumber);
    if (materialCode) {
      const material = await this.materials.findByCode(materialCode);
      if (!material) throw notFound('Material', 'code', materialCode);
      units = units.filter((unit) => unit.materialId === material.id);
    }
    if (units.length === 0) throw notFound('SerialUnit', 'serialNumber', serialNumber);
    if (units.length > 1) {
      throw badInput('Query.serialUnit', 'materialCode', `serial number ${serialNumber} exists for ${units.length} materials: say which one`);
    }
    return units[0];
  }

  /** The same page of serialised units of each lot, in serial-number order; one query for all the lots. */
  async listForLots(lotIds: readonly string[], first?: number | null, after?: string | null): Promise<Map<string, Connection<MaterialSubLotEntity>>> {
    const size = pageSize(first);
    const pages = await this.sublots.findPagesForLots(lotIds, after ? decodeCursor(after) : undefined, size + 1);
    return new Map([...pages].map(([lotId, page]) => [lotId, toConnection(page.rows, size, (unit) => unit.serialNumber, page.total)]));
  }
}

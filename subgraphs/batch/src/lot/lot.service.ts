import { decodeCursor, notFound, pageSize, toConnection, type Connection } from '@lotgraph/server';
import type { LotRepository } from './lot.repository';
import type { LotEntity, LotStatus } from './lot.entity';

export interface LotFilter {
  status?: LotStatus[] | null;
  materialCode?: string | null;
  supplierCode?: string | null;
  lotNumberPrefix?: string | null;
}

export class LotService {
  constructor(private readonly lots: LotRepository) {}

  async getByLotNumber(lotNumber: string): Promise<LotEntity> {
    const lot = await this.lots.findByLotNumber(lotNumber);
    if (!lot) throw notFound('Lot', 'lotNumber', lotNumber);
    return lot;
  }

  async list(filter: LotFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<LotEntity>> {
    const size = pageSize(first);
    const { rows, total } = await this.lots.findPage({
      statuses: filter?.status ?? undefined,
      materialCode: filter?.materialCode ?? undefined,
      supplierCode: filter?.supplierCode ?? undefined,
      lotNumberPrefix: filter?.lotNumberPrefix ?? undefined,
      afterLotNumber: after ? decodeCursor(after) : undefined,
      limit: size + 1,
    });
    return toConnection(rows, size, (lot) => lot.lotNumber, total);
  }
}

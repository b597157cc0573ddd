import { assertRange, fetchPage, notFound, type Connection } from '@lotgraph/server';
import type { LotRepository } from './lot.repository';
import type { LotEntity, LotStatus } from './lot.entity';

export interface LotFilter {
  status?: LotStatus[] | null;
  materialCode?: string | null;
  supplierCode?: string | null;
  lotNumberPrefix?: string | null;
  storageLocation?: string | null;
  manufacturedFrom?: string | null;
  manufacturedTo?: string | null;
  expiresBefore?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

export class LotService {
  constructor(private readonly lots: LotRepository) {}

  async getByLotNumber(lotNumber: string): Promise<LotEntity> {
    const lot = await this.lots.findByLotNumber(lotNumber);
    if (!lot) throw notFound('Lot', 'lotNumber', lotNumber);
    return lot;
  }

  list(filter: LotFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<LotEntity>> {
    assertRange('LotFilter', ['manufacturedFrom', 'manufacturedTo'], filter?.manufacturedFrom, filter?.manufacturedTo);
    assertRange('LotFilter', ['createdFrom', 'createdTo'], filter?.createdFrom, filter?.createdTo);
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) =>
        this.lots.findPage({
          statuses: filter?.status ?? undefined,
          materialCode: filter?.materialCode ?? undefined,
          supplierCode: filter?.supplierCode ?? undefined,
          lotNumberPrefix: filter?.lotNumberPrefix ?? undefined,
          storageLocation: filter?.storageLocation ?? undefined,
          manufacturedFrom: filter?.manufacturedFrom ?? undefined,
          manufacturedTo: filter?.manufacturedTo ?? undefined,
          expiresBefore: filter?.expiresBefore ?? undefined,
          createdFrom: filter?.createdFrom ?? undefined,
          createdTo: filter?.createdTo ?? undefined,
          afterLotNumber: afterKey,
          limit,
        }),
      (lot) => lot.lotNumber,
    );
  }
}

import { fetchPage, type Connection } from '@lotgraph/server';
import type { CapaRepository } from './capa.repository';
import type { CapaEntity, CapaType } from './capa.entity';
import type { CapaStatus } from './capa-status';

export interface CapaFilter {
  status?: CapaStatus[] | null;
  type?: CapaType[] | null;
  exceptionNumber?: string | null;
  owner?: string | null;
  overdue?: boolean | null;
  equipmentCode?: string | null;
}

/** Reading CAPAs. */
export class CapaService {
  constructor(private readonly capas: CapaRepository) {}

  async getByNumber(number: string): Promise<CapaEntity> {
    return this.capas.require(number);
  }

  list(filter: CapaFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<CapaEntity>> {
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) =>
        this.capas.findPage({
          statuses: filter?.status ?? undefined, types: filter?.type ?? undefined, exceptionNumber: filter?.exceptionNumber ?? undefined, owner: filter?.owner ?? undefined,
          overdue: filter?.overdue ?? undefined, equipmentCode: filter?.equipmentCode ?? undefined, afterNumber: afterKey, limit,
        }),
      (capa) => capa.number,
    );
  }
}

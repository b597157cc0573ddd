import { fetchPage, notFound, type Connection } from '@lotgraph/server';
import type { CapaRepository } from './capa.repository';
import type { CapaEntity, CapaStatus } from './capa.entity';

export interface CapaFilter {
  status?: CapaStatus[] | null;
}

export class CapaService {
  constructor(private readonly capas: CapaRepository) {}

  async getByNumber(number: string): Promise<CapaEntity> {
    const capa = await this.capas.findByNumber(number);
    if (!capa) throw notFound('Capa', 'number', number);
    return capa;
  }

  list(filter: CapaFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<CapaEntity>> {
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) => this.capas.findPage({ statuses: filter?.status ?? undefined, afterNumber: afterKey, limit }),
      (capa) => capa.number,
    );
  }
}

import type { SubgraphContext } from '@lotgraph/server';
import type { CapaLoaders } from '../capa.loaders';
import type { CapaEntity } from './capa.entity';
import type { CapaFilter, CapaService } from './capa.service';

type Context = SubgraphContext<CapaLoaders>;

export function capaResolvers(capas: CapaService) {
  return {
    Query: {
      capa: (_: unknown, args: { number: string }) => capas.getByNumber(args.number),
      capas: (_: unknown, args: { filter?: CapaFilter; first?: number; after?: string }) =>
        capas.list(args.filter, args.first, args.after),
    },
    Capa: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.capaById.load(ref.id),
      exception: (capa: CapaEntity) => ({ __typename: 'QualityException', id: capa.exceptionId }),
      actions: (capa: CapaEntity, _: unknown, ctx: Context) => ctx.loaders.actionsByCapaId.load(capa.id),
    },
    QualityException: {
      capas: (exception: { id: string }, _: unknown, ctx: Context) => ctx.loaders.capasByExceptionId.load(exception.id),
    },
  };
}

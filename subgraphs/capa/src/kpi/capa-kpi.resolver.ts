import type { CapaKpiRepository } from './capa-kpi.repository';

export function capaKpiResolvers(kpis: CapaKpiRepository) {
  return {
    Query: {
      capaKpis: (_: unknown, args: { filter?: { from?: Date | null; to?: Date | null; asOf?: Date | null } | null }) =>
        kpis.kpis(args.filter?.from ?? null, args.filter?.to ?? null, args.filter?.asOf ?? new Date()),
    },
  };
}

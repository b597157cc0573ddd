import type { SimilarCapaService } from './similar-capa.service';

export function similarCapasResolvers(similar: SimilarCapaService) {
  return {
    Query: {
      similarCapas: (_: unknown, args: { number: string; first?: number | null }) => similar.similar(args.number, args.first),
    },
  };
}

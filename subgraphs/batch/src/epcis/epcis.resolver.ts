import type { TraceDirection } from '../genealogy/genealogy.repository';
import type { EpcisExportService } from './epcis-export.service';

export function epcisResolvers(exports: EpcisExportService) {
  return {
    Query: {
      epcisExport: (_: unknown, args: { lotNumber: string; direction: TraceDirection; maxDepth?: number | null }) =>
        exports.exportTrace(args.lotNumber, args.direction, args.maxDepth),
    },
  };
}

import { pageSize } from '@lotgraph/server';
import type { CapaEntity, CapaScope } from '../capa/capa.entity';
import type { CapaRepository } from '../capa/capa.repository';
import type { CapaService } from '../capa/capa.service';

export type SimilarityKind = 'ROOT_CAUSE_CATEGORY' | 'EQUIPMENT' | 'PARAMETER' | 'MATERIAL' | 'SUPPLIER';

export interface SimilarCapa {
  capa: CapaEntity;
  score: number;
  matches: Array<{ kind: SimilarityKind; value: string }>;
  reason: string;
}

const WEIGHT: Record<SimilarityKind, number> = { ROOT_CAUSE_CATEGORY: 3, EQUIPMENT: 2, MATERIAL: 2, PARAMETER: 1, SUPPLIER: 1 };
const SCOPE: Array<[SimilarityKind, keyof CapaScope, string]> = [
  ['EQUIPMENT', 'equipmentCodes', 'equipment'],
  ['PARAMETER', 'parameters', 'parameter'],
  ['MATERIAL', 'materialCodes', 'material'],
  ['SUPPLIER', 'supplierCodes', 'supplier'],
];

/** What an earlier CAPA shares with this one, and how alike that makes them. */
export function similarity(capa: CapaEntity, earlier: CapaEntity): SimilarCapa {
  const matches: SimilarCapa['matches'] = [];
  if (capa.rootCauseCategory && capa.rootCauseCategory === earlier.rootCauseCategory) matches.push({ kind: 'ROOT_CAUSE_CATEGORY', value: capa.rootCauseCategory });
  for (const [kind, field] of SCOPE) {
    const theirs = new Set(earlier.scope[field] ?? []);
    for (const value of capa.scope[field] ?? []) if (theirs.has(value)) matches.push({ kind, value });
  }
  const said = [
    ...matches.filter((m) => m.kind === 'ROOT_CAUSE_CATEGORY').map((m) => `the same root-cause category (${m.value})`),
    ...SCOPE.flatMap(([kind, , name]) => {
      const values = matches.filter((m) => m.kind === kind).map((m) => m.value);
      return values.length ? [`the same ${name} ${values.join(', ')}`] : [];
    }),
  ];
  return {
    capa: earlier,
    score: matches.reduce((sum, m) => sum + WEIGHT[m.kind], 0),
    matches,
    reason: `${earlier.number} (${earlier.status}${earlier.rootCause ? `: ${earlier.rootCause}` : ''}) has ${said.join(', ')}`,
  };
}

/** similarCapas: earlier CAPAs on the same root-cause category, equipment, parameter, material or supplier, most alike first. */
export class SimilarCapaService {
  constructor(
    private readonly capas: CapaService,
    private readonly rows: CapaRepository,
  ) {}

  async similar(number: string, first?: number | null): Promise<SimilarCapa[]> {
    const capa = await this.capas.getByNumber(number);
    const limit = pageSize(first ?? 10);
    return (await this.rows.findSimilarCandidates(capa))
      .map((earlier) => similarity(capa, earlier))
      .filter((found) => found.score > 0)
      .sort((a, b) => b.score - a.score || b.capa.createdAt.getTime() - a.capa.createdAt.getTime())
      .slice(0, limit);
  }
}

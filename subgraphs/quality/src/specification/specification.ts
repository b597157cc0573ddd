import { contentHashOf } from '@lotgraph/server';

export type SpecificationStatus = 'DRAFT' | 'APPROVED';

export interface SpecParameter {
  parameter: string;
  unit: string;
  lsl: number;
  usl: number;
  target: number | null;
  lowerWarning: number | null;
  upperWarning: number | null;
  critical: boolean;
}

/** One version of a specification: the limits for one material at one process step (operation). */
export interface Specification {
  id: string;
  specNumber: string;
  version: number;
  materialCode: string;
  operation: string;
  status: SpecificationStatus;
  effectiveFrom: Date;
  createdBy: string;
  createdAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  parameters: SpecParameter[];
}

/** What an approval signature binds to: the version's identity, scope, start and limits (not its status). */
export function specificationContentHash(spec: Specification): string {
  return contentHashOf({
    specNumber: spec.specNumber,
    version: spec.version,
    materialCode: spec.materialCode,
    operation: spec.operation,
    effectiveFrom: spec.effectiveFrom.toISOString(),
    parameters: [...spec.parameters].sort((a, b) => a.parameter.localeCompare(b.parameter)),
  });
}

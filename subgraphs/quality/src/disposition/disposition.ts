import { contentHashOf } from '@lotgraph/server';

export const DISPOSITION_DECISIONS = ['USE_AS_IS', 'REWORK', 'SCRAP', 'RETURN_TO_SUPPLIER', 'RELEASE'] as const;
export type DispositionDecision = (typeof DISPOSITION_DECISIONS)[number];

export interface LotDispositionInput {
  exceptionNumber: string;
  lotNumber: string;
  decision: DispositionDecision;
  reason: string;
}

/** What a disposition's e-signature binds to: the exception, the lot, the decision and its reason. */
export function dispositionContentHash(input: LotDispositionInput): string {
  return contentHashOf({ exceptionNumber: input.exceptionNumber.trim(), lotNumber: input.lotNumber.trim(), decision: input.decision, reason: input.reason.trim() });
}

/** The key a disposition's signatures are filed under (entity type LotDisposition). */
export const dispositionKey = (exceptionNumber: string, lotNumber: string) => `${exceptionNumber}/${lotNumber}`;

import { contentHashOf } from '@lotgraph/server';
import type { QualityExceptionEntity } from './quality-exception.entity';
import type { LotDispositionEntity } from '../disposition/lot-disposition.entity';

/**
 * What verifying and closing an exception sign: the exception and every lot's disposition. Not its status, so the
 * verification signature stays valid once the exception is closed.
 */
export function exceptionContentHash(exception: QualityExceptionEntity, dispositions: readonly LotDispositionEntity[]): string {
  return contentHashOf({
    number: exception.number,
    title: exception.title,
    description: exception.description,
    severity: exception.severity,
    dispositions: [...dispositions]
      .sort((a, b) => a.lotNumber.localeCompare(b.lotNumber))
      .map((d) => ({ lotNumber: d.lotNumber, decision: d.decision, reason: d.reason })),
  });
}

import type { ExceptionStatus, QualityExceptionEntity } from '../exception/quality-exception.entity';
import type { InspectionEntity } from '../inspection/inspection.entity';

/**
 * Statuses in which an exception no longer stands in the way of a release. Only CLOSED today; a cancelled or
 * voided status joins this list when exceptions get one.
 */
export const ENDED_EXCEPTION_STATUSES: readonly ExceptionStatus[] = ['CLOSED'];

export interface ReleaseCheck {
  releasable: boolean;
  openExceptions: QualityExceptionEntity[];
  pendingOrFailedInspections: InspectionEntity[];
  reasons: string[];
}

function outcome(inspection: InspectionEntity): string {
  if (inspection.result === 'PENDING') return 'has no result yet (PENDING)';
  const observed = inspection.measuredValue !== null ? `${inspection.measuredValue} ${inspection.unit}` : `"${inspection.attributeValue}"`;
  return `FAILED: ${observed}${inspection.specReference ? ` against ${inspection.specReference}` : ''}`;
}

/**
 * The quality domain's answer to "may this lot be released?": only with no open exception affecting it and
 * every required inspection of our own passed, and none of ours failed. A lot with no required inspection recorded is not releasable: a release
 * needs evidence, not the absence of bad news.
 */
export function checkRelease(exceptions: QualityExceptionEntity[], results: InspectionEntity[]): ReleaseCheck {
  // A supplier's certificate of analysis is kept beside our results but is not our evidence: it never counts.
  const inspections = results.filter((inspection) => inspection.source !== 'SUPPLIER_COA');
  const openExceptions = exceptions.filter((exception) => !ENDED_EXCEPTION_STATUSES.includes(exception.status));
  const required = inspections.filter((inspection) => inspection.required);
  // Any failed result blocks release, required or not: whoever reports a result must not decide that it is harmless.
  const pendingOrFailedInspections = inspections.filter((inspection) => inspection.result === 'FAIL' || (inspection.required && inspection.result === 'PENDING'));
  const reasons = [
    ...openExceptions.map((exception) => `Exception ${exception.number} (${exception.severity}, ${exception.status}) is open: ${exception.title}`),
    ...pendingOrFailedInspections.map(
      (inspection) => `${inspection.required ? 'Required' : 'Optional'} ${inspection.stage} inspection "${inspection.testName}" on sample ${inspection.sampleId} ${outcome(inspection)}`,
    ),
  ];
  if (required.length === 0) reasons.push('No required inspection is recorded for this lot');
  return { releasable: reasons.length === 0, openExceptions, pendingOrFailedInspections, reasons };
}

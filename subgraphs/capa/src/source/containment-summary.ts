import type { ExceptionFacts } from './exception-lookup.client';

/** An exception's containment in a sentence: its status, and each affected lot's status and disposition. */
export function containmentSentence(exception: ExceptionFacts): string {
  const lots = exception.affectedLots.map((affected) => {
    const lotNumber = affected.lot?.lotNumber ?? affected.lotNumber ?? '?';
    const status = affected.lot?.status ?? 'status unknown';
    const disposition = affected.disposition ? `, ${affected.disposition.decision}${affected.disposition.appliedAt ? ' (applied)' : ' (not yet applied)'}` : '';
    return `${lotNumber} ${affected.role} ${status}${disposition}`;
  });
  const held = exception.affectedLots.filter((a) => a.lot?.status === 'ON_HOLD').length;
  const which = lots.length ? `${lots.length} affected lot(s), ${held} on hold: ${lots.join('; ')}` : 'no affected lots';
  return `${exception.number} (${exception.severity}, ${exception.status}): ${which}${exception.impactSummary ? `. ${exception.impactSummary}` : ''}`;
}

import type { EvidenceRef } from './evidence';

/** Evidence named by id: the gateway resolves each from the domain that keeps it. */
export function evidenceResolvers() {
  const reference = (kind: EvidenceRef['kind'], typename: string) => (ref: EvidenceRef) => (ref.kind === kind ? { __typename: typename, id: ref.id } : null);
  return {
    EvidenceLink: {
      reading: reference('READING', 'ProcessReading'),
      violation: reference('VIOLATION', 'RuleViolation'),
      inspection: reference('INSPECTION', 'Inspection'),
      lot: (ref: EvidenceRef) => (ref.kind === 'LOT' ? { __typename: 'Lot', lotNumber: ref.id } : null),
      exception: (ref: EvidenceRef) => (ref.kind === 'EXCEPTION' && ref.entityId ? { __typename: 'QualityException', id: ref.entityId } : null),
    },
  };
}

import { badInput } from '@lotgraph/server';
import type { GraphCaller } from '@lotgraph/server';
import { MAX_EVIDENCE, type EvidenceCheckClient } from './evidence-check.client';

export const EVIDENCE_KINDS = ['READING', 'VIOLATION', 'INSPECTION', 'LOT', 'EXCEPTION'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A record of another domain that supports a cause or an action's completion, by its id (a number for lots and exceptions). */
export interface EvidenceRef {
  kind: EvidenceKind;
  id: string;
  /** An exception's id, found when it was checked (the graph references exceptions by id). */
  entityId?: string;
}

export interface EvidenceInput {
  kind: EvidenceKind;
  id: string;
}

/**
 * Checks every piece of evidence of a request through the graph at once; the first that names nothing is refused
 * with the field it was given in (`causes[1].evidence[0]`). Answers the references as they are kept.
 */
export async function checkedEvidence(
  client: EvidenceCheckClient, label: string, groups: ReadonlyArray<{ field: string; evidence: readonly EvidenceInput[] | null | undefined }>, caller: GraphCaller, doing: string,
): Promise<EvidenceRef[][]> {
  const given = groups.map((group) => (group.evidence ?? []).map((e, i) => ({ field: `${group.field}[${i}]`, ref: { kind: e.kind, id: e.id.trim() } as EvidenceRef })));
  for (const { field, ref } of given.flat()) if (!ref.id) throw badInput(label, `${field}.id`, 'required (empty)');
  if (given.flat().length > MAX_EVIDENCE) throw badInput(label, 'evidence', `at most ${MAX_EVIDENCE} records are named as evidence in one request, not ${given.flat().length}`);
  const check = await client.check(given.flat().map((g) => g.ref), caller, doing);
  const missing = new Set(check.missing.map((ref) => `${ref.kind}:${ref.id}`));
  const unknown = given.flat().find((g) => missing.has(`${g.ref.kind}:${g.ref.id}`));
  if (unknown) throw badInput(label, unknown.field, `${unknown.ref.kind} ${unknown.ref.id} does not exist${unknown.ref.kind === 'LOT' || unknown.ref.kind === 'EXCEPTION' ? '' : ' (give its id as the graph shows it)'}`);
  return given.map((group) => group.map(({ ref }) => (ref.kind === 'EXCEPTION' ? { ...ref, entityId: check.exceptionIds.get(ref.id) } : ref)));
}

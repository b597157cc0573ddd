import { badInput } from '@lotgraph/server';
import type { IshikawaCategory } from '../capa/capa.entity';
import { required } from '../capa/capa-input';
import type { EvidenceInput } from './evidence';

export interface RootCauseAnalysisInput {
  capaNumber: string;
  fiveWhys: Array<{ question: string; answer: string; evidence?: EvidenceInput[] | null }>;
  causes: Array<{ key: string; category: IshikawaCategory; description: string; evidence?: EvidenceInput[] | null }>;
  rootCauseKey: string;
  justification: string;
}

const MAX_WHYS = 10;

/**
 * An analysis as given, checked before its evidence is: 1 to 10 whys each with a question and an answer, at least
 * one cause with a unique key and a description, a root cause that is one of them, and a justification.
 */
export function validAnalysis(label: string, input: RootCauseAnalysisInput): { rootCauseKey: string; justification: string } {
  if (input.fiveWhys.length === 0 || input.fiveWhys.length > MAX_WHYS) throw badInput(label, 'fiveWhys', `the 5-Why chain has 1 to ${MAX_WHYS} steps, not ${input.fiveWhys.length}`);
  if (input.causes.length === 0) throw badInput(label, 'causes', 'the fishbone needs at least one cause');
  const keys = new Set<string>();
  input.causes.forEach((cause, i) => {
    const key = required(label, `causes[${i}].key`, cause.key);
    if (keys.has(key)) throw badInput(label, `causes[${i}].key`, `${key} is the key of an earlier cause; keys are unique in an analysis`);
    keys.add(key);
    required(label, `causes[${i}].description`, cause.description);
  });
  input.fiveWhys.forEach((why, i) => {
    required(label, `fiveWhys[${i}].question`, why.question);
    required(label, `fiveWhys[${i}].answer`, why.answer);
  });
  const rootCauseKey = required(label, 'rootCauseKey', input.rootCauseKey);
  if (!keys.has(rootCauseKey)) throw badInput(label, 'rootCauseKey', `${rootCauseKey} is none of the fishbone's causes (${[...keys].join(', ')})`);
  return { rootCauseKey, justification: required(label, 'justification', input.justification) };
}

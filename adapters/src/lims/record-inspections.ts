import type { GraphRequest, WriteOutcome } from '../kit/ingest-types';

/** RecordInspectionInput of the quality subgraph: one inspection result. */
export interface InspectionInput {
  lotNumber: string;
  source?: 'OWN' | 'SUPPLIER_COA';
  sampleId: string;
  stage: 'INCOMING' | 'IN_PROCESS' | 'FINAL';
  testName: string;
  required?: boolean;
  result: 'PASS' | 'FAIL' | 'PENDING';
  measuredValue?: number;
  unit?: string;
  attributeValue?: string;
  specReference?: string;
  lowerLimit?: number;
  upperLimit?: number;
  inspectedBy?: string;
  inspectedAt?: string;
  /** Columns the field dictionary does not know, kept with the result as they came. */
  sourceAttributes?: Record<string, string>;
}

const RECORD_INSPECTIONS = `mutation RecordInspections($input: [RecordInspectionInput!]!) {
  recordInspections(input: $input) { index status refusal { code field reason } }
}`;

interface Outcome {
  index: number;
  status: 'RECORDED' | 'UNCHANGED' | 'REFUSED';
  refusal: { code: string; field: string | null; reason: string } | null;
}

/** Sends results through the graph's recordInspections, each judged on its own, and answers what became of each. */
export async function inspectionOutcomes(graph: GraphRequest, inputs: InspectionInput[]): Promise<WriteOutcome[]> {
  const { recordInspections } = await graph<{ recordInspections: Outcome[] }>(RECORD_INSPECTIONS, { input: inputs });
  return recordInspections.map((outcome) =>
    outcome.status === 'REFUSED'
      ? { status: 'REFUSED', problem: { field: outcome.refusal!.field, value: null, rule: outcome.refusal!.code, reason: outcome.refusal!.reason } }
      : { status: outcome.status },
  );
}

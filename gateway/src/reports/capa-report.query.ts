import { AUDIT_ENTRY_FRAGMENT, SIGNATURE_FRAGMENT, type AuditEntryData, type SignatureData } from './report-fragments';

/**
 * The CAPA report's GraphQL document, written against the capa subgraph's new SDL (subgraphs/capa/src/capa.graphql
 * and its modules): the whole report in one operation, since every field of a CAPA has the readers of Query.capa.
 * Evidence is shown by kind and id only (no hop into the domain that owns it). Effectiveness.evaluatedAt is left
 * out: it is "now" on every read, and the same records must hash the same.
 */
export const CAPA_REPORT_DOCUMENT = `
query CapaReport($number: String!) {
  capa(number: $number) {
    number title type status owner dueOn overdue createdBy createdAt
    planApprovedAt planApprovedBy closedAt closedBy closingSummary cancelledAt cancelledBy cancelReason
    sources {
      kind exceptionNumber reference description
      exception { number title severity status }
    }
    problemStatement
    riskBefore { severity occurrence detection rpn }
    riskAfter { severity occurrence detection rpn }
    containmentSummary
    scope { equipmentCodes parameters materialCodes supplierCodes lotNumbers }
    rootCause rootCauseCategory
    rootCauseAnalysis {
      version justification recordedBy recordedAt
      fiveWhys { position question answer evidence { ...ReportEvidence } }
      causes { key category description evidence { ...ReportEvidence } }
      rootCause { key category description }
    }
    actions {
      sequence kind description owner dueOn status overdue
      changeRequests { kind reference description }
      completionEvidence completionEvidenceLinks { ...ReportEvidence }
      completedAt completedBy
    }
    effectiveness {
      version
      metric { kind description }
      baselineFrom baselineTo baselineValue baselineSampleSize
      verificationFrom verificationTo verificationValue verificationSampleSize
      comparison target minSamples status detail definedBy definedAt
    }
    signatures { ...ReportSignature }
    history { ...ReportAuditEntry }
  }
}

fragment ReportEvidence on EvidenceLink { kind id }

${SIGNATURE_FRAGMENT}

${AUDIT_ENTRY_FRAGMENT}
`;

export interface EvidenceData {
  kind: string;
  id: string;
}

export interface RiskData {
  severity: number;
  occurrence: number;
  detection: number;
  rpn: number;
}

export interface FishboneCauseData {
  key: string;
  category: string;
  description: string;
}

export interface CapaData {
  number: string;
  title: string;
  type: string;
  status: string;
  owner: string;
  dueOn: string;
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  planApprovedAt: string | null;
  planApprovedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closingSummary: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  sources: Array<{
    kind: string;
    exceptionNumber: string | null;
    reference: string | null;
    description: string | null;
    exception: { number: string; title: string; severity: string; status: string } | null;
  }>;
  problemStatement: string;
  riskBefore: RiskData;
  riskAfter: RiskData | null;
  containmentSummary: string[] | null;
  scope: { equipmentCodes: string[]; parameters: string[]; materialCodes: string[]; supplierCodes: string[]; lotNumbers: string[] };
  rootCause: string | null;
  rootCauseCategory: string | null;
  rootCauseAnalysis: {
    version: number;
    justification: string;
    recordedBy: string;
    recordedAt: string;
    fiveWhys: Array<{ position: number; question: string; answer: string; evidence: EvidenceData[] }>;
    causes: Array<FishboneCauseData & { evidence: EvidenceData[] }>;
    rootCause: FishboneCauseData;
  } | null;
  actions: Array<{
    sequence: number;
    kind: string;
    description: string;
    owner: string;
    dueOn: string;
    status: string;
    overdue: boolean;
    changeRequests: Array<{ kind: string; reference: string; description: string }>;
    completionEvidence: string | null;
    completionEvidenceLinks: EvidenceData[];
    completedAt: string | null;
    completedBy: string | null;
  }>;
  effectiveness: {
    version: number;
    metric: { kind: string; description: string };
    baselineFrom: string;
    baselineTo: string;
    baselineValue: number | null;
    baselineSampleSize: number;
    verificationFrom: string | null;
    verificationTo: string;
    verificationValue: number | null;
    verificationSampleSize: number | null;
    comparison: string;
    target: number;
    minSamples: number;
    status: string;
    detail: string;
    definedBy: string;
    definedAt: string;
  } | null;
  signatures: SignatureData[];
  history: AuditEntryData[] | null;
}

export interface CapaReportData {
  capa: CapaData | null;
}

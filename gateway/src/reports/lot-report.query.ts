import { AUDIT_ENTRY_FRAGMENT, SIGNATURE_FRAGMENT, type AuditEntryData, type SignatureData } from './report-fragments';

/**
 * The batch record's GraphQL document, run through the gateway as the caller. Two operations, split where the
 * roles split: the lot's own fields (every reader of Query.lot, integrations too) and its record (the dossier,
 * signatures and history, which fewer roles may read). A subgraph refuses a whole operation when any field in it is
 * refused, so a caller who may read the lot but not its record still gets the header, and the rest says why not.
 * No field whose value changes on every read (dossier.generatedAt) is asked: the same records hash the same.
 */
export const LOT_REPORT_DOCUMENT = `
query LotReportHeader($lotNumber: String!) {
  lot(lotNumber: $lotNumber) {
    lotNumber udi status quantity uom
    material { code name gtin }
    supplier { code name }
    supplierLotNumber manufacturedOn expiresOn storageLocation
    producedOn { code name }
  }
}

query LotReportRecord($lotNumber: String!) {
  lot(lotNumber: $lotNumber) {
    dossier {
      releaseCheck { releasable reasons }
      productionSegments {
        operation startedAt endedAt operator
        order { number }
        equipment { code name }
        parameters { name value unit }
      }
      consumedLots {
        quantity uom
        parent { lotNumber material { code name } supplier { name } supplierLotNumber }
      }
      inspections {
        stage testName sampleId source required result measuredValue unit attributeValue
        specReference lowerLimit upperLimit inspectedBy inspectedAt
      }
      exceptions {
        number title severity status detectedAt
        dispositions { lotNumber decision reason decidedBy decidedAt }
        capas { number title status }
      }
      signatures { ...ReportSignature }
      statusHistory { from to reason exceptionNumber changedBy changedAt }
      movements { kind quantity uom fromLocation toLocation documentNumber movedBy movedAt }
      shipments { number shippedAt customer { code name country } lines { lot { lotNumber } quantity uom } }
      recalls { number reason initiatedBy initiatedAt }
    }
    history { ...ReportAuditEntry }
  }
}

${SIGNATURE_FRAGMENT}

${AUDIT_ENTRY_FRAGMENT}
`;

export interface LotHeaderData {
  lot: {
    lotNumber: string;
    udi: string | null;
    status: string;
    quantity: number;
    uom: string;
    material: { code: string; name: string; gtin: string | null };
    supplier: { code: string; name: string } | null;
    supplierLotNumber: string | null;
    manufacturedOn: string | null;
    expiresOn: string | null;
    storageLocation: string | null;
    producedOn: { code: string; name: string } | null;
  } | null;
}

export interface ExceptionData {
  number: string;
  title: string;
  severity: string;
  status: string;
  detectedAt: string;
  dispositions: Array<{ lotNumber: string; decision: string; reason: string; decidedBy: string; decidedAt: string }> | null;
  capas: Array<{ number: string; title: string; status: string }> | null;
}

export interface LotDossierData {
  releaseCheck: { releasable: boolean; reasons: string[] } | null;
  productionSegments: Array<{
    operation: string;
    startedAt: string;
    endedAt: string | null;
    operator: string | null;
    order: { number: string };
    equipment: { code: string; name: string };
    parameters: Array<{ name: string; value: string; unit: string | null }>;
  }>;
  consumedLots: Array<{
    quantity: number;
    uom: string;
    parent: { lotNumber: string; material: { code: string; name: string }; supplier: { name: string } | null; supplierLotNumber: string | null };
  }>;
  inspections: Array<{
    stage: string;
    testName: string;
    sampleId: string;
    source: string;
    required: boolean;
    result: string;
    measuredValue: number | null;
    unit: string | null;
    attributeValue: string | null;
    specReference: string | null;
    lowerLimit: number | null;
    upperLimit: number | null;
    inspectedBy: string;
    inspectedAt: string;
  }> | null;
  exceptions: ExceptionData[] | null;
  signatures: SignatureData[];
  statusHistory: Array<{ from: string | null; to: string; reason: string; exceptionNumber: string | null; changedBy: string; changedAt: string }>;
  movements: Array<{ kind: string; quantity: number; uom: string; fromLocation: string | null; toLocation: string | null; documentNumber: string; movedBy: string; movedAt: string }>;
  shipments: Array<{ number: string; shippedAt: string; customer: { code: string; name: string; country: string | null }; lines: Array<{ lot: { lotNumber: string }; quantity: number; uom: string }> }>;
  recalls: Array<{ number: string; reason: string; initiatedBy: string; initiatedAt: string }>;
}

export interface LotRecordData {
  lot: { dossier: LotDossierData | null; history: AuditEntryData[] | null } | null;
}

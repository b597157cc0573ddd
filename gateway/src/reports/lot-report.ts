import type { Block, Cell, Provenance, ReportDocument, Section, Tone } from './report-document';
import type { ReportFormat } from './report-format';
import { partOf, type GraphAnswer } from './report-parts';
import { auditSection, fields, fromPart, missingCell, reportDocument, section, signaturesSection, tableOrNone } from './report-blocks';
import type { ExceptionData, LotDossierData, LotHeaderData, LotRecordData } from './lot-report.query';

export interface LotReportAnswers {
  header: GraphAnswer<LotHeaderData>;
  record: GraphAnswer<LotRecordData>;
}

type Lot = NonNullable<LotHeaderData['lot']>;
const DOSSIER = ['lot', 'dossier'];

function headerSection(f: ReportFormat, lot: Lot): Section {
  return section(f, 'lotReport.section.lot', [
    fields([
      { label: f.field('lotNumber'), value: { text: lot.lotNumber, strong: true } },
      { label: f.field('status'), value: { text: f.enumLabel('LotStatus', lot.status), tone: lot.status === 'RELEASED' ? 'good' : lot.status === 'QUARANTINE' ? 'warn' : 'bad', strong: true } },
      { label: f.t('label.udi'), value: f.text(lot.udi) },
      { label: f.field('gtin'), value: f.text(lot.material.gtin) },
      { label: f.field('materialCode'), value: lot.material.code },
      { label: f.t('label.materialName'), value: lot.material.name },
      { label: f.field('quantity'), value: f.quantity(lot.quantity, lot.uom) },
      { label: f.field('storageLocation'), value: f.text(lot.storageLocation) },
      { label: f.field('supplierCode'), value: lot.supplier ? `${lot.supplier.name} (${lot.supplier.code})` : f.text(null) },
      { label: f.field('supplierLotNumber'), value: f.text(lot.supplierLotNumber) },
      { label: f.field('manufacturedOn'), value: f.date(lot.manufacturedOn) },
      { label: f.field('expiresOn'), value: f.date(lot.expiresOn) },
      { label: f.field('equipmentCode'), value: lot.producedOn ? `${lot.producedOn.code} ${lot.producedOn.name}` : f.text(null) },
    ]),
  ]);
}

function releaseBlocks(f: ReportFormat, check: NonNullable<LotDossierData['releaseCheck']>): Block[] {
  return [
    fields([
      { label: f.t('lotReport.section.release'), value: { text: f.t(check.releasable ? 'lotReport.releasable' : 'lotReport.notReleasable'), tone: check.releasable ? 'good' : 'bad', strong: true } },
      check.reasons.length > 0 && { label: f.t('label.reasons'), value: check.reasons.join('\n') },
    ]),
  ];
}

function productionBlocks(f: ReportFormat, dossier: LotDossierData): Block[] {
  return tableOrNone(
    f,
    [f.field('operation'), f.field('orderNumber'), f.field('equipmentCode'), f.t('label.operator'), f.t('label.startedAt'), f.t('label.endedAt'), f.field('parameter')],
    dossier.productionSegments,
    (s) => [
      s.operation,
      s.order.number,
      `${s.equipment.code} ${s.equipment.name}`,
      f.text(s.operator),
      f.dateTime(s.startedAt),
      f.dateTime(s.endedAt),
      s.parameters.map((p) => `${p.name} = ${p.value}${p.unit ? ` ${p.unit}` : ''}`).join('\n') || f.text(null),
    ],
    [11, 12, 14, 10, 15, 15, 23],
  );
}

function consumedBlocks(f: ReportFormat, dossier: LotDossierData): Block[] {
  return tableOrNone(
    f,
    [f.field('lotNumber'), f.field('materialCode'), f.field('quantity'), f.field('supplierCode'), f.field('supplierLotNumber')],
    dossier.consumedLots,
    (link) => [
      { text: link.parent.lotNumber, strong: true },
      `${link.parent.material.code} ${link.parent.material.name}`,
      f.quantity(link.quantity, link.uom),
      f.text(link.parent.supplier?.name),
      f.text(link.parent.supplierLotNumber),
    ],
    [18, 30, 14, 20, 18],
  );
}

function limits(f: ReportFormat, lower: number | null, upper: number | null): string {
  if (lower === null && upper === null) return '';
  return `[${f.number(lower)} … ${f.number(upper)}]`;
}

function inspectionBlocks(f: ReportFormat, inspections: NonNullable<LotDossierData['inspections']>): Block[] {
  return tableOrNone(
    f,
    [f.field('stage'), f.field('testName'), f.field('sampleId'), f.field('result'), f.field('value'), f.field('specReference'), f.field('inspectedBy'), f.field('inspectedAt')],
    inspections,
    (i) => [
      f.enumLabel('InspectionStage', i.stage),
      i.source === 'SUPPLIER_COA' ? `${i.testName} (${f.t('lotReport.coa')})` : i.testName,
      i.sampleId,
      { text: f.enumLabel('InspectionResult', i.result), tone: i.result === 'PASS' ? 'good' : i.result === 'FAIL' ? 'bad' : 'warn', strong: true },
      i.measuredValue !== null ? `${f.number(i.measuredValue)}${i.unit ? ` ${i.unit}` : ''}` : f.text(i.attributeValue),
      [f.text(i.specReference), limits(f, i.lowerLimit, i.upperLimit)].filter(Boolean).join(' '),
      i.inspectedBy,
      f.dateTime(i.inspectedAt),
    ],
    [10, 18, 11, 8, 10, 16, 10, 17],
  );
}

function capasCell(f: ReportFormat, answer: GraphAnswer<unknown>, index: number): Cell {
  const capas = partOf<NonNullable<ExceptionData['capas']>>(answer, [...DOSSIER, 'exceptions', index, 'capas']);
  if (!capas.ok) return missingCell(f, capas);
  return capas.value.map((c) => `${c.number} (${f.enumLabel('CapaStatus', c.status)})`).join('\n') || f.text(null);
}

function exceptionBlocks(f: ReportFormat, answer: GraphAnswer<unknown>, exceptions: ExceptionData[]): Block[] {
  const severityTone = (severity: string): Tone => (severity === 'MINOR' ? 'warn' : 'bad');
  return tableOrNone(
    f,
    [f.field('exceptionNumber'), f.field('title'), f.field('severity'), f.field('status'), f.t('label.detectedAt'), f.field('decision'), f.t('label.capa')],
    exceptions.map((exception, index) => ({ exception, index })),
    ({ exception, index }): Cell[] => [
      { text: exception.number, strong: true },
      exception.title,
      { text: f.enumLabel('Severity', exception.severity), tone: severityTone(exception.severity) },
      f.enumLabel('ExceptionStatus', exception.status),
      f.dateTime(exception.detectedAt),
      (exception.dispositions ?? []).map((d) => `${d.lotNumber}: ${f.enumLabel('DispositionDecision', d.decision)} — ${d.reason} (${d.decidedBy}, ${f.dateTime(d.decidedAt)})`).join('\n') || f.text(null),
      capasCell(f, answer, index),
    ],
    [13, 20, 8, 10, 15, 19, 15],
  );
}

function capaBlocks(f: ReportFormat, answer: GraphAnswer<unknown>, exceptions: ExceptionData[]): Block[] {
  const capas = exceptions.flatMap((exception) => (exception.capas ?? []).map((capa) => ({ capa, exception: exception.number })));
  // An exception whose CAPAs the capa subgraph did not give: say so rather than let "none" stand for it.
  const unanswered = exceptions.findIndex((exception) => exception.capas === null);
  const missing = unanswered < 0 ? [] : fromPart(f, partOf(answer, [...DOSSIER, 'exceptions', unanswered, 'capas']), () => []);
  const table = tableOrNone(
    f,
    [f.t('label.capaNumber'), f.field('title'), f.field('status'), f.field('exceptionNumber')],
    capas,
    ({ capa, exception }) => [{ text: capa.number, strong: true }, capa.title, f.enumLabel('CapaStatus', capa.status), exception],
    [20, 45, 17, 18],
  );
  return capas.length || !missing.length ? [...missing, ...table] : missing;
}

function statusHistoryBlocks(f: ReportFormat, dossier: LotDossierData): Block[] {
  return tableOrNone(
    f,
    [f.t('label.from'), f.t('label.to'), f.t('label.reason'), f.field('exceptionNumber'), f.t('label.by'), f.t('label.at')],
    dossier.statusHistory,
    (c) => [f.enumLabel('LotStatus', c.from), { text: f.enumLabel('LotStatus', c.to), strong: true }, c.reason, f.text(c.exceptionNumber), c.changedBy, f.dateTime(c.changedAt)],
    [12, 12, 32, 14, 12, 18],
  );
}

function movementBlocks(f: ReportFormat, dossier: LotDossierData): Block[] {
  return tableOrNone(
    f,
    [f.t('label.movement'), f.field('quantity'), f.t('label.from'), f.t('label.to'), f.t('label.document'), f.t('label.by'), f.t('label.at')],
    dossier.movements,
    (m) => [f.enumLabel('MovementKind', m.kind), f.quantity(m.quantity, m.uom), f.text(m.fromLocation), f.text(m.toLocation), m.documentNumber, m.movedBy, f.dateTime(m.movedAt)],
    [13, 12, 16, 16, 15, 11, 17],
  );
}

function shipmentBlocks(f: ReportFormat, lotNumber: string, dossier: LotDossierData): Block[] {
  return tableOrNone(
    f,
    [f.field('shipmentNumber'), f.field('customerCode'), f.field('quantity'), f.field('shippedAt')],
    dossier.shipments,
    (s) => [
      { text: s.number, strong: true },
      `${s.customer.name} (${s.customer.code}${s.customer.country ? `, ${s.customer.country}` : ''})`,
      s.lines.filter((line) => line.lot.lotNumber === lotNumber).map((line) => f.quantity(line.quantity, line.uom)).join('\n') || f.text(null),
      f.dateTime(s.shippedAt),
    ],
    [20, 40, 18, 22],
  );
}

function recallBlocks(f: ReportFormat, dossier: LotDossierData): Block[] {
  return tableOrNone(
    f,
    [f.field('recallNumber'), f.t('label.reason'), f.t('label.by'), f.t('label.at')],
    dossier.recalls,
    (r) => [{ text: r.number, strong: true }, r.reason, r.initiatedBy, f.dateTime(r.initiatedAt)],
    [18, 48, 14, 20],
  );
}

/**
 * The batch record (eDHR) of a lot: its header from the first operation, everything else from the second; each part
 * the graph could not give (refused to the caller, a subgraph down) says so in its place.
 */
export function lotReport(f: ReportFormat, answers: LotReportAnswers, provenance: Provenance): ReportDocument {
  const { header, record } = answers;
  const lot = header.data!.lot!;
  const dossier = partOf<LotDossierData>(record, DOSSIER);
  const inDossier = <T>(name: keyof LotDossierData, build: (value: T) => Block[]) => fromPart(f, dossier.ok ? partOf<T>(record, [...DOSSIER, name]) : dossier, build);
  const sections: Section[] = [
    headerSection(f, lot),
    section(f, 'lotReport.section.release', inDossier('releaseCheck', (check: NonNullable<LotDossierData['releaseCheck']>) => releaseBlocks(f, check))),
    section(f, 'lotReport.section.production', fromPart(f, dossier, (d) => productionBlocks(f, d))),
    section(f, 'lotReport.section.consumed', fromPart(f, dossier, (d) => consumedBlocks(f, d))),
    section(f, 'lotReport.section.inspections', inDossier('inspections', (inspections: NonNullable<LotDossierData['inspections']>) => inspectionBlocks(f, inspections))),
    section(f, 'lotReport.section.exceptions', inDossier('exceptions', (exceptions: ExceptionData[]) => exceptionBlocks(f, record, exceptions))),
    section(f, 'lotReport.section.capas', inDossier('exceptions', (exceptions: ExceptionData[]) => capaBlocks(f, record, exceptions))),
    signaturesSection(f, dossier.ok ? partOf(record, [...DOSSIER, 'signatures']) : dossier),
    section(f, 'lotReport.section.statusHistory', fromPart(f, dossier, (d) => statusHistoryBlocks(f, d))),
    section(f, 'lotReport.section.movements', fromPart(f, dossier, (d) => movementBlocks(f, d))),
    section(f, 'lotReport.section.shipments', fromPart(f, dossier, (d) => shipmentBlocks(f, lot.lotNumber, d))),
    section(f, 'lotReport.section.recalls', fromPart(f, dossier, (d) => recallBlocks(f, d))),
    auditSection(f, partOf(record, ['lot', 'history'])),
  ];
  return reportDocument(f, f.t('lotReport.title'), lot.lotNumber, provenance, sections);
}

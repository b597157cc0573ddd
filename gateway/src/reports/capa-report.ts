import type { Block, Cell, Provenance, ReportDocument, Section } from './report-document';
import type { ReportFormat } from './report-format';
import { optionalPartOf, partOf, type GraphAnswer, type Part } from './report-parts';
import { auditSection, fields, fromPart, missingCell, reportDocument, section, signaturesSection, tableOrNone } from './report-blocks';
import type { CapaData, CapaReportData, EvidenceData, RiskData } from './capa-report.query';

/** The six Ishikawa categories, 人机料法测环, in the order the fishbone shows them (always, even when empty). */
export const ISHIKAWA_CATEGORIES: readonly string[] = ['MAN', 'MACHINE', 'MATERIAL', 'METHOD', 'MEASUREMENT', 'ENVIRONMENT'];

type Analysis = NonNullable<CapaData['rootCauseAnalysis']>;
type Check = NonNullable<CapaData['effectiveness']>;

const statusTone = (status: string) => (status === 'PASS' ? 'good' : status === 'FAIL' ? 'bad' : 'warn');

function evidenceText(f: ReportFormat, evidence: EvidenceData[]): string {
  return evidence.map((e) => `${f.enumLabel('EvidenceKind', e.kind)}: ${e.id}`).join('\n') || f.text(null);
}

function headerSection(f: ReportFormat, capa: CapaData): Section {
  return section(f, 'capaReport.section.capa', [
    fields([
      { label: f.t('label.capaNumber'), value: { text: capa.number, strong: true } },
      { label: f.field('status'), value: { text: f.enumLabel('CapaStatus', capa.status), strong: true, tone: capa.status === 'CLOSED' ? 'good' : capa.status === 'CANCELLED' ? 'muted' : 'warn' } },
      { label: f.field('title'), value: capa.title },
      { label: f.t('label.type'), value: f.enumLabel('CapaType', capa.type) },
      { label: f.t('label.owner'), value: capa.owner },
      { label: f.t('label.dueOn'), value: capa.overdue ? { text: `${f.date(capa.dueOn)} (${f.t('report.overdue')})`, tone: 'bad' } : f.date(capa.dueOn) },
      { label: f.t('label.openedBy'), value: capa.createdBy },
      { label: f.t('label.openedAt'), value: f.dateTime(capa.createdAt) },
      capa.planApprovedAt !== null && { label: f.t('label.planApprovedBy'), value: f.text(capa.planApprovedBy) },
      capa.planApprovedAt !== null && { label: f.t('label.planApprovedAt'), value: f.dateTime(capa.planApprovedAt) },
      capa.cancelledAt !== null && { label: f.t('label.cancelledBy'), value: f.text(capa.cancelledBy) },
      capa.cancelledAt !== null && { label: f.t('label.cancelledAt'), value: f.dateTime(capa.cancelledAt) },
      capa.cancelledAt !== null && { label: f.t('label.reason'), value: f.text(capa.cancelReason) },
    ]),
  ]);
}

function sourceBlocks(f: ReportFormat, answer: GraphAnswer<unknown>, capa: CapaData): Block[] {
  return tableOrNone(
    f,
    [f.t('label.sourceKind'), f.field('reference'), f.field('description'), f.field('severity'), f.field('status')],
    capa.sources.map((source, index) => ({ source, index })),
    ({ source, index }) => {
      if (source.kind !== 'EXCEPTION') return [f.enumLabel('CapaSourceKind', source.kind), f.text(source.reference), f.text(source.description), f.text(null), f.text(null)];
      const exception = partOf<NonNullable<typeof source.exception>>(answer, ['capa', 'sources', index, 'exception']);
      return [
        f.enumLabel('CapaSourceKind', source.kind),
        { text: f.text(source.exceptionNumber), strong: true },
        exception.ok ? exception.value.title : missingCell(f, exception),
        exception.ok ? { text: f.enumLabel('Severity', exception.value.severity), tone: exception.value.severity === 'MINOR' ? 'warn' : 'bad' } : f.text(null),
        exception.ok ? f.enumLabel('ExceptionStatus', exception.value.status) : f.text(null),
      ];
    },
    [16, 18, 38, 12, 16],
  );
}

function scopeBlocks(f: ReportFormat, capa: CapaData): Block[] {
  const list = (values: string[]) => values.join(', ') || f.text(null);
  return [
    fields([
      { label: f.field('equipmentCode'), value: list(capa.scope.equipmentCodes) },
      { label: f.field('parameter'), value: list(capa.scope.parameters) },
      { label: f.field('materialCode'), value: list(capa.scope.materialCodes) },
      { label: f.field('supplierCode'), value: list(capa.scope.supplierCodes) },
      { label: f.field('lotNumber'), value: list(capa.scope.lotNumbers) },
    ]),
  ];
}

/** Before and after; a residual risk not assessed yet (null, no error) says so, one the graph could not give says why. */
function riskBlocks(f: ReportFormat, capa: CapaData, riskAfter: Part<RiskData | null>): Block[] {
  const row = (label: string, risk: Part<RiskData | null>): Cell[] => {
    if (!risk.ok) return [label, missingCell(f, risk), '', '', ''];
    if (!risk.value) return [label, { text: f.t('capaReport.notAssessed'), tone: 'muted' }, '', '', ''];
    const { severity, occurrence, detection, rpn } = risk.value;
    return [label, f.number(severity), f.number(occurrence), f.number(detection), { text: f.number(rpn), strong: true }];
  };
  return [
    {
      kind: 'table',
      columns: [f.t('label.assessment'), f.t('label.riskSeverity'), f.t('label.riskOccurrence'), f.t('label.riskDetection'), f.t('label.rpn')],
      rows: [row(f.t('capaReport.riskBefore'), { ok: true, value: capa.riskBefore }), row(f.t('capaReport.riskAfter'), riskAfter)],
      widths: [32, 17, 17, 17, 17],
    },
  ];
}

function containmentBlocks(f: ReportFormat, summary: string[]): Block[] {
  if (!summary.length) return [{ kind: 'notice', text: f.t('report.none'), tone: 'muted' }];
  return summary.map((text) => ({ kind: 'paragraph', text }));
}

/** The categories of the causes: the six of 人机料法测环 in their order, then any other the data names, as it names them. */
function causesByCategory(causes: Analysis['causes']): Array<{ category: string; causes: Analysis['causes'] }> {
  const categories = [...new Set([...ISHIKAWA_CATEGORIES, ...causes.map((c) => c.category)])];
  return categories.map((category) => ({ category, causes: causes.filter((c) => c.category === category) }));
}

function rootCauseBlocks(f: ReportFormat, analysis: Analysis | null, effect: string): Block[] {
  if (!analysis) return [{ kind: 'notice', text: f.t('capaReport.noAnalysis'), tone: 'muted' }];
  const chosen = analysis.rootCause;
  const grouped = causesByCategory(analysis.causes);
  return [
    fields([
      { label: f.field('version'), value: f.t('capaReport.analysisVersion', { version: analysis.version }) },
      { label: f.t('label.recordedBy'), value: analysis.recordedBy },
      { label: f.t('label.recordedAt'), value: f.dateTime(analysis.recordedAt) },
    ]),
    { kind: 'subheading', text: f.t('capaReport.section.fiveWhys') },
    ...tableOrNone(
      f,
      [f.t('label.position'), f.t('label.why'), f.t('label.because'), f.t('label.evidence')],
      analysis.fiveWhys,
      (why) => [String(why.position), why.question, why.answer, evidenceText(f, why.evidence)],
      [6, 34, 36, 24],
    ),
    { kind: 'subheading', text: f.t('capaReport.section.fishbone') },
    {
      kind: 'fishbone',
      effect,
      categories: grouped.map(({ category, causes }) => ({
        label: f.enumLabel('IshikawaCategory', category),
        causes: causes.map((c) => ({ text: `${c.key}: ${c.description}`, chosen: c.key === chosen.key })),
      })),
    },
    {
      kind: 'table',
      columns: [f.t('label.category'), f.t('label.causeKey'), f.t('label.causes'), f.t('label.evidence')],
      rows: grouped.flatMap(({ category, causes }) => {
        if (!causes.length) return [[f.enumLabel('IshikawaCategory', category), f.text(null), f.text(null), f.text(null)]];
        return causes.map((c) => [
          f.enumLabel('IshikawaCategory', category),
          { text: c.key, strong: c.key === chosen.key },
          c.key === chosen.key ? { text: `${c.description} (${f.t('capaReport.chosen')})`, strong: true, tone: 'bad' as const } : c.description,
          evidenceText(f, c.evidence),
        ]);
      }),
      widths: [18, 14, 44, 24],
    },
    { kind: 'subheading', text: f.t('capaReport.section.chosenRootCause') },
    fields([
      { label: f.t('label.category'), value: f.enumLabel('IshikawaCategory', chosen.category) },
      { label: f.t('label.causeKey'), value: { text: chosen.key, strong: true } },
      { label: f.field('description'), value: { text: chosen.description, strong: true } },
      { label: f.t('label.justification'), value: analysis.justification },
      { label: f.t('label.evidence'), value: evidenceText(f, analysis.causes.find((c) => c.key === chosen.key)?.evidence ?? []) },
    ]),
  ];
}

function actionBlocks(f: ReportFormat, capa: CapaData): Block[] {
  return tableOrNone(
    f,
    [f.t('label.position'), f.t('label.actionKind'), f.field('description'), f.t('label.owner'), f.t('label.dueOn'), f.field('status'), f.t('label.changeRequests'), f.t('label.completionEvidence'), f.t('label.completedBy')],
    capa.actions,
    (a) => [
      String(a.sequence),
      f.enumLabel('CapaActionKind', a.kind),
      a.description,
      a.owner,
      a.overdue ? { text: `${f.date(a.dueOn)} (${f.t('report.overdue')})`, tone: 'bad' } : f.date(a.dueOn),
      { text: f.enumLabel('CapaActionStatus', a.status), tone: a.status === 'OPEN' ? 'warn' : 'good' },
      a.changeRequests.map((c) => `${f.enumLabel('ChangeRequestKind', c.kind)} ${c.reference}: ${c.description}`).join('\n') || f.text(null),
      [a.completionEvidence, a.completionEvidenceLinks.length ? evidenceText(f, a.completionEvidenceLinks) : null].filter(Boolean).join('\n') || f.text(null),
      a.completedBy ? `${a.completedBy}\n${f.dateTime(a.completedAt)}` : f.text(null),
    ],
    [5, 9, 20, 9, 10, 8, 14, 15, 10],
  );
}

function effectivenessBlocks(f: ReportFormat, check: Check | null): Block[] {
  if (!check) return [{ kind: 'notice', text: f.t('capaReport.noEffectiveness'), tone: 'muted' }];
  const measured = (value: number | null, n: number | null) => f.t('capaReport.valueWithSamples', { value: f.number(value), n: f.number(n) });
  return [
    fields([
      { label: f.t('label.metric'), value: `${f.enumLabel('EffectivenessMetricKind', check.metric.kind)}: ${check.metric.description}` },
      { label: f.field('status'), value: { text: f.enumLabel('EffectivenessStatus', check.status), tone: statusTone(check.status), strong: true } },
      { label: `${f.t('label.baseline')} · ${f.t('label.window')}`, value: f.t('report.range', { from: f.dateTime(check.baselineFrom), to: f.dateTime(check.baselineTo) }) },
      { label: `${f.t('label.baseline')} · ${f.field('value')}`, value: measured(check.baselineValue, check.baselineSampleSize) },
      { label: `${f.t('label.verification')} · ${f.t('label.window')}`, value: f.t('report.range', { from: f.dateTime(check.verificationFrom), to: f.dateTime(check.verificationTo) }) },
      { label: `${f.t('label.verification')} · ${f.field('value')}`, value: measured(check.verificationValue, check.verificationSampleSize) },
      { label: f.t('label.target'), value: { text: f.t('capaReport.target', { comparison: f.enumLabel('TargetComparison', check.comparison), target: f.number(check.target) }), strong: true } },
      { label: f.t('label.minSamples'), value: f.number(check.minSamples) },
      { label: f.field('detail'), value: check.detail },
      { label: f.t('label.definedBy'), value: `${check.definedBy}, ${f.dateTime(check.definedAt)}` },
    ]),
  ];
}

function closureBlocks(f: ReportFormat, capa: CapaData): Block[] {
  if (!capa.closedAt) return [{ kind: 'notice', text: f.t('report.none'), tone: 'muted' }];
  return [
    fields([
      { label: f.field('closedBy'), value: f.text(capa.closedBy) },
      { label: f.field('closedAt'), value: f.dateTime(capa.closedAt) },
      { label: f.t('label.closingSummary'), value: f.text(capa.closingSummary) },
    ]),
  ];
}

/** The CAPA report: record, sources, risk, containment, root cause (5-Why, fishbone), actions, effectiveness, signatures, trail. */
export function capaReport(f: ReportFormat, answer: GraphAnswer<CapaReportData>, provenance: Provenance): ReportDocument {
  const capa = answer.data!.capa!;
  const sections: Section[] = [
    headerSection(f, capa),
    section(f, 'capaReport.section.sources', sourceBlocks(f, answer, capa)),
    section(f, 'capaReport.section.problem', [{ kind: 'paragraph', text: capa.problemStatement }]),
    section(f, 'capaReport.section.scope', scopeBlocks(f, capa)),
    section(f, 'capaReport.section.risk', riskBlocks(f, capa, optionalPartOf<RiskData>(answer, ['capa', 'riskAfter']))),
    section(f, 'capaReport.section.containment', fromPart(f, partOf<string[]>(answer, ['capa', 'containmentSummary']), (summary) => containmentBlocks(f, summary))),
    section(f, 'capaReport.section.rootCause', fromPart(f, optionalPartOf<Analysis>(answer, ['capa', 'rootCauseAnalysis']), (analysis) => rootCauseBlocks(f, analysis, capa.title))),
    section(f, 'capaReport.section.actions', actionBlocks(f, capa)),
    section(f, 'capaReport.section.effectiveness', fromPart(f, optionalPartOf<Check>(answer, ['capa', 'effectiveness']), (check) => effectivenessBlocks(f, check))),
    section(f, 'capaReport.section.closure', closureBlocks(f, capa)),
    signaturesSection(f, partOf(answer, ['capa', 'signatures'])),
    auditSection(f, partOf(answer, ['capa', 'history'])),
  ];
  return reportDocument(f, f.t('capaReport.title'), capa.number, provenance, sections);
}

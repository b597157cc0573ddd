import { capaReport } from '../src/reports/capa-report';
import type { CapaData, CapaReportData } from '../src/reports/capa-report.query';
import { reportFormat } from '../src/reports/report-format';
import { dataSha256 } from '../src/reports/report-hash';
import type { GraphAnswer } from '../src/reports/report-parts';
import { renderHtml } from '../src/reports/render-html';
import { renderPdf } from '../src/reports/render-pdf';
import type { Provenance } from '../src/reports/report-document';
import { CAPA_FIXTURE } from './fixtures/capa-report.fixture';
import { charactersWithoutGlyph } from './support/font-coverage';
import { pdfText } from './support/pdf-text';

const provenance = (generatedBy: string): Provenance => ({
  generatedAt: '2026-12-03 10:00:00 UTC+08:00',
  generatedBy,
  sourceUrl: 'https://lotgraph.example.com/graphql',
  dataSha256: 'c0ffee'.padEnd(64, '0'),
  timeZone: 'Asia/Shanghai',
});

/** The fixture's CAPA with some fields replaced, and the graph's errors as given (none unless told). */
const variant = (changes: Partial<CapaData>, errors: GraphAnswer<CapaReportData>['errors'] = []): GraphAnswer<CapaReportData> => ({
  data: { capa: { ...CAPA_FIXTURE.data!.capa!, containmentSummary: [], ...changes } },
  errors,
});

/**
 * In how many pieces, in order, `text` is found in `found` (0: some of it is not there at all). A table row split
 * over pages has the next page's running header and column headings between its pieces.
 */
function piecesOf(found: string, text: string): number {
  let cursor = 0;
  let rest = text;
  let pieces = 0;
  while (rest) {
    let lo = 0;
    let hi = rest.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (found.indexOf(rest.slice(0, mid), cursor) >= 0) lo = mid;
      else hi = mid - 1;
    }
    if (lo === 0) return 0;
    cursor = found.indexOf(rest.slice(0, lo), cursor) + lo;
    rest = rest.slice(lo);
    pieces += 1;
  }
  return pieces;
}

const english = () => capaReport(reportFormat('en', 'Asia/Shanghai'), CAPA_FIXTURE, provenance('Wang Qiang (QA manager) (qa.manager)'));
const chinese = () => capaReport(reportFormat('zh-CN', 'Asia/Shanghai'), CAPA_FIXTURE, provenance('王强（qa.manager）'));

describe('the CAPA report, rendered from what the graph answers', () => {
  it('shows every part of the CAPA in English HTML, the fishbone drawn as inline SVG', () => {
    const html = renderHtml(english());
    for (const heading of ['Sources', 'Problem statement', 'Risk (severity × occurrence × detection = RPN)', 'Root-cause analysis', 'Actions', 'Effectiveness check', 'Electronic signatures', 'Audit trail excerpt']) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).toContain('<h3>5-Why</h3>');
    expect(html).toContain('<h3>Fishbone (Ishikawa)</h3>');
    expect(html).toContain('CAPA-2026-0017');
    expect(html).toContain('EX-2026-0041');
    expect(html).toContain('CC-2026-112');
    expect(html).toMatch(/<td><span class="strong">140<\/span><\/td>/);
    expect(html).toContain('Why was zone 3 too hot?');
    for (const category of ['Man (人)', 'Machine (机)', 'Material (料)', 'Method (法)', 'Measurement (测)', 'Environment (环)']) expect(html).toContain(category);
    expect(html).toMatch(/<svg class="fishbone"[^>]*viewBox/);
    expect(html).toMatch(/<text[^>]*font-weight="bold" class="tone-bad">TC3-DRIFT: Thermocouple TC-3/);
    expect(html).toContain('Justification');
    expect(html).toContain('Equipment maintenance IMM-01: Monthly TC drift check against a reference probe');
    expect(html).toContain('0 (n = 9,120)');
    expect(html).toContain('at most 0');
    expect(html).toContain('<span class="tone-good strong">Pass</span>');
    expect(html).toContain('王强 Wang Qiang (QA manager) (qa.manager)');
    expect(html).toContain('Status: INVESTIGATING → PLAN_APPROVED');
    // The quality subgraph did not answer the containment summary: the report says so.
    expect(html).toContain('Not available: quality subgraph did not answer: connect ECONNREFUSED.');
    expect(html).toContain('Nov 16, 2026 16:00:00 UTC+08:00');
  });

  it('is self-contained and print-ready: inline CSS and SVG only, A4 pages with running headers and page numbers', () => {
    const html = renderHtml(chinese());
    expect(html).not.toMatch(/<(link|script|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=|url\(|@import/i);
    expect(html).toContain('size: A4');
    expect(html).toContain('@media print');
    expect(html).toContain('@bottom-right { content: "第 " counter(page) " 页，共 " counter(pages) " 页"');
    expect(html).toContain('@top-left { content: "CAPA 报告（纠正预防措施） · CAPA-2026-0017"');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('speaks Chinese when asked: headings, enum values and dates from the catalogue, labels from the field dictionary', () => {
    const html = renderHtml(chinese());
    for (const text of ['来源', '问题描述', '根本原因分析', '鱼骨图（人机料法测环）', '人（人员）', '机（设备）', '环（环境）', '措施', '有效性验证', '电子签名', '审计追踪摘录', '纠正措施', '有效性验证中', '严重', '状态: INVESTIGATING → PLAN_APPROVED', '2026年11月16日 16:00:00 UTC+08:00', '暂不可用', '设备编号']) {
      expect(html).toContain(text);
    }
  });

  it('renders as a PDF whose text holds the same facts in both languages, every character with a glyph in the font', async () => {
    for (const [report, facts] of [
      [english(), ['CAPA report', 'CAPA-2026-0017', 'EX-2026-0041', 'Thermocouple TC-3', 'Machine (机)', 'Pass', 'Page 1 of']],
      [chinese(), ['CAPA 报告（纠正预防措施）', 'CAPA-2026-0017', '鱼骨图', '根本原因', '人（人员）', '有效', '树脂熔体流动速率偏高', '第 1 页，共']],
    ] as const) {
      const pdf = await renderPdf(report);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // The font is embedded as a subset: a report is tens of kilobytes, not the font's 10 MB.
      expect(pdf.length).toBeLessThan(400_000);
      const { text, pages, info } = await pdfText(pdf);
      expect(pages).toBeGreaterThan(1);
      const flat = text.replace(/\s+/g, '');
      for (const fact of facts) expect(flat).toContain(fact.replace(/\s+/g, ''));
      expect(info.Keywords).toBe(`sha256:${'c0ffee'.padEnd(64, '0')}`);
      expect(charactersWithoutGlyph(text)).toEqual([]);
    }
  });

  it('keeps the data hash of the same answers stable (canonical JSON with sorted keys, SHA-256)', () => {
    expect(dataSha256(CAPA_FIXTURE)).toBe('18a46ad83c6a5a872a8b89b177f07910b98e4cd66ef808e3b98741290a3f3579');
    expect(dataSha256({ errors: CAPA_FIXTURE.errors, data: CAPA_FIXTURE.data })).toBe(dataSha256(CAPA_FIXTURE));
  });

  it('carries a closing summary and an audit change taller than a page onto the next pages, so the PDF shows all of it', async () => {
    const summary = Array.from({ length: 700 }, (_, i) => `summary-${i + 1}`).join(' ');
    const change = Array.from({ length: 500 }, (_, i) => `第${i + 1}步复核区域温度`).join('');
    const closed = variant({
      status: 'CLOSED',
      closedAt: '2026-12-20T08:00:00.000Z',
      closedBy: 'qa.manager',
      closingSummary: summary,
      history: [
        {
          chain: 'capa', seq: 40, recordedAt: '2026-12-20T08:00:00.000Z', action: 'CLOSE', reason: 'Effective',
          actor: { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] },
          changes: [{ field: 'closingSummary', label: 'Closing summary', labelZh: '关闭总结', old: null, new: change }],
        },
      ],
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      const pdf = await renderPdf(capaReport(reportFormat(lang, 'Asia/Shanghai'), closed, provenance('qa.manager')));
      const { text, pages } = await pdfText(pdf);
      const flat = text.replace(/\s+/g, '');
      for (const long of [summary, change]) {
        const pieces = piecesOf(flat, long.replace(/\s+/g, ''));
        // All of it, in order, one piece a page it runs over (more than one page: it was split, not cut).
        expect(pieces).toBeGreaterThan(1);
        expect(pieces).toBeLessThanOrEqual(pages);
      }
      expect(charactersWithoutGlyph(text)).toEqual([]);
    }
  });

  it('tells a part not recorded yet from one the graph could not give: residual risk, root-cause analysis, effectiveness', () => {
    const notRecorded = renderHtml(capaReport(reportFormat('en', 'UTC'), variant({ riskAfter: null, rootCauseAnalysis: null, effectiveness: null }), provenance('qa.manager')));
    for (const text of ['Not assessed yet', 'No root-cause analysis recorded yet.', 'No effectiveness check defined yet.']) expect(notRecorded).toContain(text);
    expect(notRecorded).not.toContain('Not available');

    const failed = variant({ riskAfter: null, rootCauseAnalysis: null, effectiveness: null }, [
      { message: 'riskAfter resolver failed: timeout', path: ['capa', 'riskAfter'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'analysis store unavailable', path: ['capa', 'rootCauseAnalysis'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'auditor (AUDITOR) may not use Capa.effectiveness', path: ['capa', 'effectiveness'], extensions: { code: 'FORBIDDEN' } },
    ]);
    const html = renderHtml(capaReport(reportFormat('en', 'UTC'), failed, provenance('auditor')));
    expect(html).toContain('<span class="tone-bad">Not available: riskAfter resolver failed: timeout.</span>');
    expect(html).toContain('<p class="notice tone-bad">Not available: analysis store unavailable.</p>');
    expect(html).toContain('<p class="notice tone-warn">Not shown: you may not read this part (auditor (AUDITOR) may not use Capa.effectiveness).</p>');
    for (const text of ['Not assessed yet', 'No root-cause analysis recorded yet.', 'No effectiveness check defined yet.']) expect(html).not.toContain(text);
  });

  it('says "not shown" for a source exception the caller may not read, as every other part does', () => {
    const capa = CAPA_FIXTURE.data!.capa!;
    const refused = variant({ sources: capa.sources.map((s) => ({ ...s, exception: null })) }, [
      { message: 'qc.inspector may not read QualityException', path: ['capa', 'sources', 0, 'exception'], extensions: { code: 'FORBIDDEN' } },
    ]);
    const html = renderHtml(capaReport(reportFormat('en', 'UTC'), refused, provenance('qc.inspector')));
    expect(html).toContain('<span class="tone-warn">Not shown: you may not read this part (qc.inspector may not read QualityException).</span>');
  });

  it('groups the fishbone by the categories the data names: the six of 人机料法测环 first, any other after them', () => {
    const analysis = CAPA_FIXTURE.data!.capa!.rootCauseAnalysis!;
    const withNew = variant({
      rootCauseAnalysis: { ...analysis, causes: [...analysis.causes, { key: 'SUPPLIER-AUDIT', category: 'MANAGEMENT', description: 'Supplier audit overdue', evidence: [] }] },
    });
    const html = renderHtml(capaReport(reportFormat('en', 'UTC'), withNew, provenance('qa.manager')));
    const table = html.slice(html.indexOf('<h3>Fishbone (Ishikawa)</h3>'));
    // Shown under its own name (the catalogue does not know it), after Environment, in the table and in the drawing.
    expect(table).toMatch(/Environment \(环\)[\s\S]*<td>MANAGEMENT<\/td><td>SUPPLIER-AUDIT<\/td><td>Supplier audit overdue<\/td>/);
    expect(table).toMatch(/<svg class="fishbone"[\s\S]*>MANAGEMENT<\/text>[\s\S]*SUPPLIER-AUDIT: Supplier audi/);
  });
});

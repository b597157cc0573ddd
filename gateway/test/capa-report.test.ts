import { capaReport } from '../src/reports/capa-report';
import { reportFormat } from '../src/reports/report-format';
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
});

import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import { measureOperation } from '../src/limits/query-limits';
import { LOT_REPORT_DOCUMENT } from '../src/reports/lot-report.query';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { charactersWithoutGlyph } from './support/font-coverage';
import { pdfText } from './support/pdf-text';

interface Fetched {
  status: number;
  type: string | null;
  hash: string | null;
  body: Buffer;
  text: string;
}

describe('reports for inspectors: GET /reports/lot/<lotNumber>', () => {
  let graph: TestGraph;

  const report = async (path: string, options: { user?: string | null; headers?: Record<string, string> } = {}): Promise<Fetched> => {
    const user = options.user === undefined ? 'qa.manager' : options.user;
    const response = await fetch(`${graph.base}${path}`, { headers: { ...(user ? { authorization: `Bearer ${graph.tokenFor(user)}` } : {}), ...options.headers } });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get('content-type'), hash: response.headers.get('x-lotgraph-data-sha256'), body, text: body.toString('utf8') };
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    // A released, signed, shipped lot put on hold: its status history and audit trail then show the change.
    const held = await graph.query(`mutation { holdLot(input: { lotNumber: "SYR3-2611-0007", reason: "Customer complaint CC-2026-112 under review" }) { status } }`);
    expect(held.errors).toBeUndefined();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('gives the batch record of a held lot as print-ready HTML with the real data of every section', async () => {
    const { status, type, hash, text } = await report('/reports/lot/BRL-2611-014');
    expect(status).toBe(200);
    expect(type).toBe('text/html; charset=utf-8');
    for (const heading of ['Lot', 'Release check', 'How it was made', 'Made from', 'Inspections and tests', 'Quality exceptions', 'Electronic signatures', 'Status history', 'Inventory movements', 'Shipments', 'Recalls', 'Audit trail excerpt']) {
      expect(text).toContain(`<h2>${heading}</h2>`);
    }
    expect(text).toContain('<title>Batch record (eDHR) · BRL-2611-014</title>');
    expect(text).toContain('barrel_temp_zone3 = 228 °C');
    expect(text).toContain('PO-2611-0101');
    expect(text).toContain('RPP-2611-001');
    expect(text).toContain('NP-88213');
    expect(text).toContain('Luer lock thread');
    expect(text).toContain('<span class="tone-bad strong">Fail</span>');
    expect(text).toContain('EX-2026-0041');
    expect(text).toContain('CAPA-2026-0017');
    expect(text).toContain('May not be released');
    expect(text).toContain('Wang Qiang (QA manager) (qa.manager)');
    expect(text).toContain(`${graph.base}/graphql`);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(`<meta name="lotgraph-data-sha256" content="${hash}">`);
    expect(text).not.toMatch(/<(link|script|img)\b|(src|href)=/i);
  });

  it("shows a signed lot's signature manifestations, status history and audit trail with old and new values", async () => {
    const { status, text } = await report('/reports/lot/SYR3-2611-0007?tz=Asia/Shanghai');
    expect(status).toBe(200);
    expect(text).toMatch(/<span class="strong">Wang Qiang \(QA manager\) \(qa.manager\)<\/span><\/td><td>QA_MANAGER<\/td><td>[^<]+ UTC\+08:00<\/td><td>Released<\/td><td><span class="tone-good">Valid<\/span>/);
    expect(text).toContain('Customer complaint CC-2026-112 under review');
    expect(text).toContain('Status: RELEASED → ON_HOLD');
    expect(text).toContain('SH-2611-');
  });

  it('speaks Chinese when asked (lang, or Accept-Language): catalogue texts, dictionary labels, Chinese dates', async () => {
    const asked = await report('/reports/lot/BRL-2611-014?lang=zh-CN');
    const negotiated = await report('/reports/lot/BRL-2611-014', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    for (const { status, text } of [asked, negotiated]) {
      expect(status).toBe(200);
      for (const zh of ['<html lang="zh-CN">', '批生产记录（电子器械历史记录 eDHR）', '生产过程', '检验与测试', '质量异常', '电子签名', '审计追踪摘录', '批号', '工艺参数', '冻结', '不合格', '2026年11月']) {
        expect(text).toContain(zh);
      }
    }
    expect(asked.hash).toBe(negotiated.hash);
  });

  it('renders as a PDF whose text carries the same facts, in English and in Chinese, every character with a glyph', async () => {
    for (const [lang, facts] of [
      ['en', ['Batch record (eDHR)', 'SYR3-2611-0007', 'gasket_insertion_force', 'Wang Qiang (QA manager)', 'Released', 'Page 1 of']],
      ['zh-CN', ['批生产记录（电子器械历史记录 eDHR）', 'SYR3-2611-0007', 'gasket_insertion_force', 'Wang Qiang (QA manager)', '放行', '签名打印姓名', '第 1 页，共']],
    ] as const) {
      const { status, type, hash, body } = await report(`/reports/lot/SYR3-2611-0007?format=pdf&lang=${lang}`);
      expect({ status, type }).toEqual({ status: 200, type: 'application/pdf' });
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      const { text, info } = await pdfText(body);
      const flat = text.replace(/\s+/g, '');
      for (const fact of facts) expect(flat).toContain(fact.replace(/\s+/g, ''));
      expect(info.Keywords).toBe(`sha256:${hash}`);
      expect(charactersWithoutGlyph(text)).toEqual([]);
    }
    const { body } = await report('/reports/lot/BRL-2611-014?format=pdf&lang=zh-CN');
    const flat = (await pdfText(body)).text.replace(/\s+/g, '');
    for (const fact of ['BRL-2611-014', 'barrel_temp_zone3=228°C', 'EX-2026-0041', 'CAPA-2026-0017', '不合格', '投入物料']) expect(flat).toContain(fact);
  });

  it('hashes the data, not the reader: the same records give the same SHA-256 to every reader, a changed record another', async () => {
    const manager = await report('/reports/lot/GSK-2611-002');
    const auditor = await report('/reports/lot/GSK-2611-002', { user: 'auditor' });
    expect(auditor.status).toBe(200);
    expect(auditor.text).toContain('Eva Schmidt (auditor) (auditor)');
    expect(auditor.hash).toBe(manager.hash);
    await graph.query(`mutation { holdLot(input: { lotNumber: "GSK-2611-002", reason: "Awaiting extractables result" }) { status } }`);
    expect((await report('/reports/lot/GSK-2611-002')).hash).not.toBe(manager.hash);
  });

  it('shows an integration the lot it may read, and says for the rest that it may not read it', async () => {
    const { status, text } = await report('/reports/lot/BRL-2611-014', { user: 'integrator' });
    expect(status).toBe(200);
    expect(text).toContain('<span class="strong">BRL-2611-014</span>');
    expect(text).toContain('Not shown: you may not read this part (integrator (INTEGRATOR) may not use');
    expect(text).toContain('Lot.dossier (that needs OPERATOR, QC_INSPECTOR, QA_ENGINEER, QA_MANAGER, AUDITOR or ADMIN)');
    expect(text).not.toContain('barrel_temp_zone3');
  });

  it('refuses a request without a valid token (401), names an unknown lot (404) and bad parameters (400)', async () => {
    const anonymous = await report('/reports/lot/BRL-2611-014', { user: null });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('bearer token') });
    const forged = await fetch(`${graph.base}/reports/lot/BRL-2611-014`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);

    const unknown = await report('/reports/lot/NO-SUCH-LOT');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).errors[0]).toEqual({ message: 'No lot has the lot number "NO-SUCH-LOT"', extensions: { code: 'NOT_FOUND' } });
    expect(JSON.parse((await report('/reports/lot/NO-SUCH-LOT?lang=zh-CN')).text).errors[0].message).toBe('不存在批号为“NO-SUCH-LOT”的批次');

    for (const [query, named] of [['?format=docx', 'format must be html or pdf, not "docx"'], ['?lang=fr', 'lang must be en or zh-CN, not "fr"'], ['?tz=Mars/Olympus', 'tz must be an IANA time zone']]) {
      const bad = await report(`/reports/lot/BRL-2611-014${query}`);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).errors[0].message).toContain(named);
    }
    expect((await report('/reports/batch/BRL-2611-014')).status).toBe(404);
  });

  it('refuses another method than GET on /reports/ with 405 and Allow: GET, in the caller\'s language', async () => {
    const post = await fetch(`${graph.base}/reports/lot/BRL-2611-014`, { method: 'POST', headers: { authorization: `Bearer ${graph.tokenFor('qa.manager')}`, 'x-request-id': 'report-post-1' } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(post.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(post.headers.get('x-correlation-id')).toBe('report-post-1');
    expect(((await post.json()) as { errors: unknown[] }).errors[0]).toEqual({
      message: 'Reports are only read: POST is not allowed on /reports/lot/BRL-2611-014; use GET',
      extensions: { code: 'METHOD_NOT_ALLOWED' },
    });
    const chinese = await fetch(`${graph.base}/reports/capa/CAPA-2026-0017`, { method: 'DELETE', headers: { 'accept-language': 'zh-CN' } });
    expect(chinese.status).toBe(405);
    expect(((await chinese.json()) as { errors: Array<{ message: string }> }).errors[0].message).toBe('报告只能读取：/reports/capa/CAPA-2026-0017 不接受 DELETE 请求，请使用 GET');
  });

  it("sends operations the graph's schema accepts, within the default depth and cost limits", async () => {
    const { data } = await graph.query<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(data!);
    const document = parse(LOT_REPORT_DOCUMENT);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    for (const operation of ['LotReportHeader', 'LotReportRecord']) {
      const { depth, cost } = measureOperation(schema, document, operation, { lotNumber: 'BRL-2611-014' });
      expect({ operation, withinDepth: depth <= 12, withinCost: cost <= 20000 }).toEqual({ operation, withinDepth: true, withinCost: true });
    }
  });

  it('still gives what it can when a subgraph is down, saying which parts are not available', async () => {
    await graph.hub.subgraphs.capa!.stop();
    const withoutCapa = await report('/reports/lot/BRL-2611-014');
    expect(withoutCapa.status).toBe(200);
    expect(withoutCapa.text).toContain('EX-2026-0041');
    expect(withoutCapa.text).toMatch(/<h2>CAPAs of these exceptions<\/h2>\n<p class="notice tone-bad">Not available: [^<]*capa/);

    await graph.hub.subgraphs.quality!.stop();
    const { status, text } = await report('/reports/lot/BRL-2611-014');
    expect(status).toBe(200);
    expect(text).toContain('barrel_temp_zone3 = 228 °C');
    expect(text).toMatch(/<h2>Inspections and tests<\/h2>\n<p class="notice tone-bad">Not available: [^<]*quality/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@lotgraph/server';
import { parseArgs } from '../src/cli/args';
import { UsageError, run } from '../src/cli/commands';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { pdfText } from './support/pdf-text';

async function lotgraph(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const status = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await run(parseArgs(argv));
  } finally {
    status.mockRestore();
    process.env = saved;
  }
}

/** A loopback port nothing listens on, so the command finds no hub running "on this machine". */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npx lotgraph report', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lotgraph-report-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches the report from the hub at --url as the bearer of --token and writes it to --out', async () => {
    const graph: TestGraph = await startTestGraph();
    try {
      const out = path.join(dir, 'BRL-2611-014.html');
      // A client of a hub elsewhere: this process's database settings do not matter.
      const client = { DATABASE_URL: '' };
      await lotgraph(['report', 'lot', 'BRL-2611-014', '--url', `${graph.base}/graphql`, '--token', graph.tokenFor('auditor'), '--out', out], client);
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('<title>Batch record (eDHR) · BRL-2611-014</title>');
      expect(html).toContain('barrel_temp_zone3 = 228 °C');
      expect(html).toContain('Eva Schmidt (auditor) (auditor)');
      await expect(lotgraph(['report', 'lot', 'NO-SUCH-LOT', '--url', `${graph.base}/graphql`, '--token', graph.tokenFor('auditor'), '--out', out], client)).rejects.toThrow(
        'report lot NO-SUCH-LOT: No lot has the lot number "NO-SUCH-LOT" (HTTP 404)',
      );
    } finally {
      await graph.stop();
    }
  });

  it('starts the hub in-process on the configured database when none runs, as a demo user, and writes the same report as a PDF', async () => {
    const db = await createTestDatabase();
    try {
      const out = path.join(dir, 'BRL-2611-014.pdf');
      const env = {
        DATABASE_URL: db.databaseUrl ?? '',
        LOTGRAPH_DATA_DIR: db.dataDir,
        LOTGRAPH_SEED_DEMO: 'true',
        LOTGRAPH_JWT_SECRET: 'report-cli-secret',
        LOTGRAPH_GATEWAY_SECRET: 'report-cli-gateway',
        PORT: String(await freePort()),
        LOTGRAPH_URL: undefined,
        LOTGRAPH_TOKEN: undefined,
      };
      await lotgraph(['report', 'lot', 'BRL-2611-014', '--pdf', '--lang', 'zh-CN', '--user', 'qa.engineer', '--out', out], env);
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(pdf)).text.replace(/\s+/g, '');
      for (const fact of ['批生产记录', 'BRL-2611-014', 'barrel_temp_zone3=228°C', 'EX-2026-0041', 'PriyaRaman(QAengineer)']) expect(text).toContain(fact);
    } finally {
      await db.drop();
    }
  });

  it('says what is wrong with a command line it cannot run', async () => {
    const embedded = { DATABASE_URL: '', LOTGRAPH_TOKEN: undefined, LOTGRAPH_URL: undefined };
    await expect(lotgraph(['report'], embedded)).rejects.toThrow(new UsageError('report: which report? lot or capa, e.g. npx lotgraph report lot BRL-2611-014 (got "")'));
    await expect(lotgraph(['report', 'capa'], embedded)).rejects.toThrow('report capa needs exactly one CAPA number');
    await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--lang', 'fr'], embedded)).rejects.toThrow('report: --lang must be en or zh-CN, not "fr"');
    await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--user', 'nobody'], embedded)).rejects.toThrow('report: no demo user "nobody"');
    await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--url', 'http://127.0.0.1:9/graphql', '--token', 't'], embedded)).rejects.toThrow(
      'report: no LotGraph gateway answers at http://127.0.0.1:9/graphql',
    );
    const withoutDemo = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', LOTGRAPH_JWT_SECRET: 'a', LOTGRAPH_GATEWAY_SECRET: 'b', LOTGRAPH_SEED_DEMO: undefined, LOTGRAPH_TOKEN: undefined };
    await expect(lotgraph(['report', 'lot', 'BRL-2611-014'], withoutDemo)).rejects.toThrow('report needs a bearer token: --token <token> or LOTGRAPH_TOKEN');
    const tty = process.stdout.isTTY;
    process.stdout.isTTY = true;
    try {
      await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--pdf'], embedded)).rejects.toThrow('report --pdf: not writing a PDF to the terminal');
    } finally {
      process.stdout.isTTY = tty;
    }
  });
});

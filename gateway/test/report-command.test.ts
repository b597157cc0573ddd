import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, loadAuditSigningKey, throwawayAuditKey } from '@lotgraph/server';
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

/** Runs the command and gives what it said on standard error (where the report command logs). */
async function lotgraphSays(argv: string[], env: Record<string, string | undefined>): Promise<string[]> {
  const lines: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const status = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    await run(parseArgs(argv));
    return lines;
  } finally {
    status.mockRestore();
    process.env = saved;
  }
}

/** An HTTP server on a loopback port that answers as `handle` says; its base URL. */
async function fakeServer(handle: Parameters<typeof createHttpServer>[1]): Promise<{ base: string; server: Server }> {
  const server = createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
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
        // On PostgreSQL the operator gives the key audit entries are signed with.
        LOTGRAPH_AUDIT_KEY: db.databaseUrl ? loadAuditSigningKey({ auditKey: throwawayAuditKey() }).path : undefined,
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

  it('uses a running hub that answers degraded (a subgraph down) instead of starting a second one, and says so', async () => {
    const graph: TestGraph = await startTestGraph();
    try {
      await graph.hub.subgraphs.capa!.stop();
      expect((await fetch(`${graph.base}/healthz`)).status).toBe(503);
      const out = path.join(dir, 'degraded.html');
      const port = new URL(graph.base).port;
      // The hub on this machine's port (no --url), and at --url: used either way.
      for (const where of [{ PORT: port, LOTGRAPH_URL: undefined }, { PORT: String(await freePort()), LOTGRAPH_URL: `${graph.base}/graphql` }]) {
        const said = await lotgraphSays(['report', 'lot', 'BRL-2611-014', '--token', graph.tokenFor('auditor'), '--out', out], { DATABASE_URL: '', LOTGRAPH_TOKEN: undefined, ...where });
        expect(said.join('\n')).toContain(`(the hub at ${graph.base}/graphql is degraded: the capa subgraph did not answer its health check; using it, parts may be missing)`);
        expect(said.join('\n')).not.toContain('started one in this process');
        const html = readFileSync(out, 'utf8');
        expect(html).toContain('barrel_temp_zone3 = 228 °C');
        expect(html).toMatch(/<h2>CAPAs of these exceptions<\/h2>\n<p class="notice tone-bad">Not available: /);
      }
    } finally {
      await graph.stop();
    }
  });

  it('says what went wrong with the hub at --url: nothing there, not a LotGraph gateway, or the report not fetched', async () => {
    const env = { DATABASE_URL: '', LOTGRAPH_TOKEN: undefined, LOTGRAPH_URL: undefined };
    // Nothing listens: a plain error naming the URL and the cause, not a usage error printing the whole usage.
    const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
    const refused = lotgraph(['report', 'lot', 'BRL-2611-014', '--url', nowhere, '--token', 't'], env);
    await expect(refused).rejects.toThrow(new RegExp(`^report: no LotGraph gateway answers at ${nowhere} \\(.*ECONNREFUSED.*\\)$`));
    await expect(refused).rejects.not.toBeInstanceOf(UsageError);

    const foreign = await fakeServer((_req, res) => res.writeHead(404).end('not here'));
    // Answers /healthz, then drops the connection when asked for the report.
    const dropping = await fakeServer((req, res) => (req.url === '/healthz' ? res.writeHead(200).end('{"status":"ok"}') : req.socket.destroy()));
    try {
      await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--url', `${foreign.base}/graphql`, '--token', 't'], env)).rejects.toThrow(
        `report: ${foreign.base}/graphql is not a LotGraph gateway (GET /healthz answered HTTP 404)`,
      );
      const failed = lotgraph(['report', 'lot', 'BRL 2611/014', '--url', `${dropping.base}/graphql`, '--token', 't'], env);
      await expect(failed).rejects.toThrow(`report lot BRL 2611/014: could not fetch ${dropping.base}/reports/lot/BRL%202611%2F014?format=html: `);
      await expect(failed).rejects.not.toThrow('fetch failed');
    } finally {
      foreign.server.close();
      dropping.server.close();
    }
  });

  it('checks --tz before it connects, as it does --lang', async () => {
    const embedded = { DATABASE_URL: '', LOTGRAPH_TOKEN: undefined, LOTGRAPH_URL: undefined };
    await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--tz', 'Mars/Olympus', '--url', 'http://127.0.0.1:9/graphql'], embedded)).rejects.toThrow(
      new UsageError('report: --tz must be an IANA time zone such as Asia/Shanghai or UTC, not "Mars/Olympus"'),
    );
    await expect(lotgraph(['report', 'lot', 'BRL-2611-014', '--out'], embedded)).rejects.toThrow(new UsageError('--out needs a file name'));
  });
});

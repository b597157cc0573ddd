import { writeFileSync } from 'node:fs';
import { DEMO_USERS, findDemoUser, signToken, type LotGraphConfig } from '@lotgraph/server';
import { parseLocale } from '@lotgraph/schema';
import { REPORTS_PATH, REPORT_KINDS, type ReportKind } from '../reports/report-request';
import type { ParsedArgs } from './args';
import { connectToHub } from './hub-connection';
import { UsageError } from './usage-error';

export const REPORT_USAGE = `  report lot|capa <lotNumber|CAPA number> [--pdf] [--lang zh-CN|en] [--tz <IANA zone>] [--out <file>]
         [--url <gateway /graphql URL>] [--token <token>] [--user <demo user>]
                     a lot's batch record (eDHR) or a CAPA report, as HTML (or PDF), fetched from the hub at --url
                     (LOTGRAPH_URL), else the one running on this machine, else one started in-process; read as the
                     bearer of --token (LOTGRAPH_TOKEN), else as the demo user --user (qa.manager) where the demo
                     plant is loaded. Written to --out, else to standard output (a PDF only to a file or a pipe)`;

function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  if (value === true) throw new UsageError(`report: --${name} needs a value`);
  return value;
}

/** The caller's token: --token or LOTGRAPH_TOKEN, else one signed here for a demo user (only where demo users exist). */
function bearerToken(config: LotGraphConfig, args: ParsedArgs): string {
  const given = stringFlag(args, 'token') ?? process.env.LOTGRAPH_TOKEN;
  const userId = stringFlag(args, 'user');
  if (given) {
    if (userId) throw new UsageError('report: give --token or --user, not both');
    return given;
  }
  if (!config.seedDemo) {
    throw new UsageError(
      'report needs a bearer token: --token <token> or LOTGRAPH_TOKEN (log in for one). Demo users (--user) exist only where the demo plant is loaded: the embedded default, or LOTGRAPH_SEED_DEMO=true',
    );
  }
  const user = findDemoUser(userId ?? 'qa.manager');
  if (!user) throw new UsageError(`report: no demo user "${userId}"; demo users: ${DEMO_USERS.map((u) => u.id).join(', ')}`);
  return signToken(user, config.jwtSecret, '5m');
}

async function refusal(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { errors?: Array<{ message?: string }> } | null;
  return body?.errors?.[0]?.message ?? response.statusText;
}

/** `npx lotgraph report lot BRL-2611-014 --pdf --lang zh-CN --out BRL-2611-014.pdf`: a report from the hub, to a file or stdout. */
export async function reportCommand(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  const [, kind, id, ...extra] = args.command;
  if (!(REPORT_KINDS as readonly string[]).includes(kind ?? '')) throw new UsageError(`report: which report? lot or capa, e.g. npx lotgraph report lot BRL-2611-014 (got "${kind ?? ''}")`);
  if (!id || extra.length) throw new UsageError(`report ${kind} needs exactly one ${kind === 'lot' ? 'lot number' : 'CAPA number'}, e.g. npx lotgraph report ${kind} ${kind === 'lot' ? 'BRL-2611-014' : 'CAPA-2026-0017'}`);
  const pdf = args.flags.pdf === true;
  const lang = stringFlag(args, 'lang');
  if (lang !== undefined && !parseLocale(lang)) throw new UsageError(`report: --lang must be en or zh-CN, not "${lang}"`);
  const out = stringFlag(args, 'out');
  if (!out && pdf && process.stdout.isTTY) throw new UsageError('report --pdf: not writing a PDF to the terminal; give --out <file> or redirect standard output');
  const token = bearerToken(config, args);
  const query = new URLSearchParams({ format: pdf ? 'pdf' : 'html', ...(lang ? { lang } : {}) });
  const tz = stringFlag(args, 'tz');
  if (tz) query.set('tz', tz);

  const log = (line: string) => console.error(line);
  const hub = await connectToHub(config, stringFlag(args, 'url') ?? process.env.LOTGRAPH_URL, { command: 'report', seedDemo: config.seedDemo, log });
  try {
    const base = hub.url.replace(/\/graphql\/?$/, '');
    const response = await fetch(`${base}${REPORTS_PATH}${kind as ReportKind}/${encodeURIComponent(id)}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`report ${kind} ${id}: ${await refusal(response)} (HTTP ${response.status})`);
    const body = Buffer.from(await response.arrayBuffer());
    if (!out) {
      process.stdout.write(body);
      return;
    }
    writeFileSync(out, body);
    log(`Wrote the ${kind} report ${id} (${pdf ? 'PDF' : 'HTML'}, ${Math.ceil(body.length / 1024)} kB, data SHA-256 ${response.headers.get('x-lotgraph-data-sha256')}) to ${out}`);
  } finally {
    await hub.stop();
  }
}

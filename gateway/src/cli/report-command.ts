import { writeFileSync } from 'node:fs';
import type { LotGraphConfig } from '@lotgraph/server';
import { parseLocale } from '@lotgraph/schema';
import { isTimeZone } from '../reports/report-format';
import { REPORT_KINDS, reportUrl, type ReportKind } from '../reports/report-request';
import { optionalFlag, type ParsedArgs } from './args';
import { callerToken } from './caller-token';
import { connectToHub, fetchFailure } from './hub-connection';
import { UsageError } from './usage-error';

export const REPORT_USAGE = `  report lot|capa <lotNumber|CAPA number> [--pdf] [--lang zh-CN|en] [--tz <IANA zone>] [--out <file>]
         [--url <gateway /graphql URL>] [--token <token>] [--user <demo user>]
                     a lot's batch record (eDHR) or a CAPA report, as HTML (or PDF), fetched from the hub at --url
                     (LOTGRAPH_URL), else the one running on this machine, else one started in-process; read as the
                     bearer of --token (LOTGRAPH_TOKEN), else as the demo user --user (qa.manager) where the demo
                     plant is loaded. Written to --out, else to standard output (a PDF only to a file or a pipe)`;

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
  const lang = optionalFlag(args, 'lang', 'a language: en or zh-CN');
  if (lang !== undefined && !parseLocale(lang)) throw new UsageError(`report: --lang must be en or zh-CN, not "${lang}"`);
  const tz = optionalFlag(args, 'tz', 'an IANA time zone such as Asia/Shanghai or UTC');
  if (tz !== undefined && !isTimeZone(tz)) throw new UsageError(`report: --tz must be an IANA time zone such as Asia/Shanghai or UTC, not "${tz}"`);
  const out = optionalFlag(args, 'out', 'a file name');
  if (!out && pdf && process.stdout.isTTY) throw new UsageError('report --pdf: not writing a PDF to the terminal; give --out <file> or redirect standard output');
  const token = callerToken(config, args, 'report', 'qa.manager');
  const query = new URLSearchParams({ format: pdf ? 'pdf' : 'html', ...(lang ? { lang } : {}), ...(tz ? { tz } : {}) });

  const log = (line: string) => console.error(line);
  const hub = await connectToHub(config, optionalFlag(args, 'url', 'the gateway\'s /graphql URL') ?? process.env.LOTGRAPH_URL, { command: 'report', seedDemo: config.seedDemo, log });
  try {
    const url = reportUrl(hub.url, kind as ReportKind, id, query);
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (err) {
      throw new Error(`report ${kind} ${id}: could not fetch ${url}: ${fetchFailure(err)}`, { cause: err });
    }
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

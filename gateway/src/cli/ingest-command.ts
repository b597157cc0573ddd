import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { ADAPTERS, runIngest, type IngestSummary } from '@lotgraph/adapters';
import { createGraphClient, graphRequestAs, type LotGraphConfig } from '@lotgraph/server';
import { isTimeZone } from '../reports/report-format';
import { optionalFlag, type ParsedArgs } from './args';
import { callerToken } from './caller-token';
import { connectToHub } from './hub-connection';
import { UsageError } from './usage-error';

export const INGEST_USAGE = `  ingest <adapter> <file...> [--time-zone <IANA zone>] [--stage INCOMING|IN_PROCESS|FINAL]
         [--url <gateway /graphql URL>] [--token <token>] [--user <demo user>]
                     import source files through an adapter (${Object.keys(ADAPTERS).join(', ')}) into the hub at --url
                     (LOTGRAPH_URL), else the one running here, else one started in-process, as the bearer of --token
                     (LOTGRAPH_TOKEN), else the demo user --user (integrator); prints per file what was imported,
                     already there, or rejected (kept, with the reasons, in ingestRejections)`;

export function describeSummary(summary: IngestSummary): string {
  const parts = [
    `${summary.records.toLocaleString('en-US')} records`,
    `${summary.accepted.toLocaleString('en-US')} imported`,
    `${summary.duplicates.toLocaleString('en-US')} already there`,
    `${summary.rejected.toLocaleString('en-US')} rejected${summary.rejected ? ' (kept with the reasons: ingestRejections)' : ''}`,
  ];
  const notes = [summary.encoding && `encoding ${summary.encoding}`, summary.unknownFields.length && `columns not in the field dictionary: ${summary.unknownFields.join(', ')}`].filter(Boolean);
  return `${summary.source}: ${parts.join(', ')}${notes.length ? `; ${notes.join('; ')}` : ''}`;
}

/** `npx lotgraph ingest lims-csv results.csv`: each file through the adapter into the hub, a summary line per file. */
export async function ingestCommand(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  const [, adapterName, ...files] = args.command;
  const adapter = adapterName ? ADAPTERS[adapterName] : undefined;
  if (!adapter) throw new UsageError(`ingest: which adapter? one of ${Object.keys(ADAPTERS).join(', ')} (got "${adapterName ?? ''}")`);
  if (!files.length) throw new UsageError(`ingest ${adapterName} needs at least one file`);
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new UsageError(`ingest: no such file: ${missing.join(', ')}`);
  const timeZone = optionalFlag(args, 'time-zone', 'an IANA time zone such as Asia/Shanghai');
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw new UsageError(`ingest: --time-zone must be an IANA time zone such as Asia/Shanghai or UTC, not "${timeZone}"`);
  const stage = optionalFlag(args, 'stage', 'INCOMING, IN_PROCESS or FINAL');
  if (stage !== undefined && !['INCOMING', 'IN_PROCESS', 'FINAL'].includes(stage)) throw new UsageError(`ingest: --stage must be INCOMING, IN_PROCESS or FINAL, not "${stage}"`);
  const token = callerToken(config, args, 'ingest', 'integrator');

  const log = (line: string) => console.error(line);
  const hub = await connectToHub(config, optionalFlag(args, 'url', "the gateway's /graphql URL") ?? process.env.LOTGRAPH_URL, { command: 'ingest', seedDemo: config.seedDemo, log });
  try {
    const graph = graphRequestAs(createGraphClient({ gatewayUrl: () => hub.url, timeoutMs: 60_000 }), { token });
    for (const file of files) {
      const progress = (summary: IngestSummary) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${path.basename(file)}: ${summary.records.toLocaleString('en-US')} records read…`);
      };
      const summary = await runIngest({
        adapter,
        source: path.basename(file),
        bytes: createReadStream(file),
        graph,
        options: { ...(timeZone ? { timeZone } : {}), ...(stage ? { stage } : {}) },
        onProgress: progress,
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      console.log(describeSummary(summary));
    }
  } finally {
    await hub.stop();
  }
}

import type { LotGraphConfig } from '@lotgraph/server';
import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { runDemoExcursion } from '../demo/demo-excursion';
import { runDemoCapa } from '../demo/demo-capa';
import { optionalFlag, type ParsedArgs } from './args';
import { UsageError } from './usage-error';
import { connectToHub } from './hub-connection';

export const DEMO_USAGE = `  demo excursion [--url <gateway /graphql URL>] [--pause <ms>]
                     replay a barrel temperature excursion on IMM-01 through the gateway: the exception raised and
                     graded, its lots held, a signed webhook received, the KPIs updated. Uses the hub at --url, else
                     the one running on this machine's LOTGRAPH port, else starts one in-process for the demo
  demo capa [--url <gateway /graphql URL>] [--pause <ms>]
                     close the loop on the excursion's exception: lots dispositioned and verified, a CAPA with
                     5-Why and fishbone, actions, an effectiveness check that turns PASS on post-fix readings,
                     signed plan and closing, then the exception closed (runs the excursion first if needed)`;

const SCENARIOS = { excursion: runDemoExcursion, capa: runDemoCapa } as const;

export async function demoCommand(config: LotGraphConfig, args: ParsedArgs): Promise<void> {
  const scenario = args.command[1];
  if (scenario !== 'excursion' && scenario !== 'capa') throw new UsageError(`demo: unknown scenario "${scenario ?? ''}"; try: npx lotgraph demo excursion, then npx lotgraph demo capa`);
  const pauseFlag = optionalFlag(args, 'pause', 'a number of milliseconds');
  const pause = pauseFlag === undefined ? 150 : Number(pauseFlag);
  if (!Number.isFinite(pause) || pause < 0) throw new UsageError('--pause needs a number of milliseconds');
  const given = optionalFlag(args, 'url', "the gateway's /graphql URL");
  const hub = await connectToHub(config, given, { command: 'demo', seedDemo: true, log: (line) => console.log(line) });
  try {
    await SCENARIOS[scenario]({ url: hub.url, password: DEMO_PASSWORD, log: (line) => console.log(line), pauseMs: pause });
  } finally {
    await hub.stop();
  }
}

import { parseArgs } from '../../src/cli/args';
import { run } from '../../src/cli/commands';

/** Runs `npx lotgraph <argv>` in this process with the environment given, and returns what it printed. */
export async function captureCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    await run(parseArgs(argv));
    return lines.join('\n');
  } finally {
    log.mockRestore();
    process.env = saved;
  }
}

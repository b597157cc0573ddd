import { UsageError } from './usage-error';

export interface ParsedArgs {
  command: string[];
  flags: Record<string, string | true>;
}

/** `lotgraph audit verify --user qa.manager --json` → command [audit, verify], flags {user, json}. */
export function parseArgs(argv: string[]): ParsedArgs {
  const command: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) flags[name] = inline;
      else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags[name] = argv[++i];
      else flags[name] = true;
    } else {
      command.push(arg);
    }
  }
  return { command, flags };
}

/**
 * The value of an optional flag (`--out report.pdf`): undefined when it is not given, refused when it is given
 * without a value (`--out` last, or followed by another flag), naming what it `needs`.
 */
export function optionalFlag(args: ParsedArgs, name: string, needs = 'a value'): string | undefined {
  const value = args.flags[name];
  if (value === true) throw new UsageError(`--${name} needs ${needs}`);
  return value;
}

/** The (trimmed) value of a flag the command cannot run without; `missing` is the sentence when it is absent or empty. */
export function requiredFlag(args: ParsedArgs, name: string, missing: string): string {
  const value = args.flags[name];
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(missing);
  return value.trim();
}

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

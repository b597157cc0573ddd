/** What a benchmark's command line gave: whole numbers, switches and names, each by its option name. */
export interface ParsedFlags {
  numbers: Record<string, number>;
  switches: Set<string>;
  names: Record<string, string>;
}

/**
 * `--name N`, `--name=N` (digits may be grouped with _ or ,), `--switch`, `--name value`; `--help`/`-h` is a
 * switch. Anything else is refused with the usage.
 */
export function parseFlags(argv: readonly string[], known: { numbers: readonly string[]; switches: readonly string[]; names: readonly string[] }, usage: string): ParsedFlags {
  const parsed: ParsedFlags = { numbers: {}, switches: new Set(), names: {} };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = flag.replace(/^--?/, '');
    if (name === 'help' || name === 'h') parsed.switches.add('help');
    else if (known.switches.includes(name)) parsed.switches.add(name);
    else if (known.names.includes(name)) parsed.names[name] = inline ?? argv[++i];
    else if (known.numbers.includes(name)) {
      const raw = inline ?? argv[++i];
      const value = Number(String(raw).replace(/[_,]/g, ''));
      if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${raw}"`);
      parsed.numbers[name] = value;
    } else throw new Error(`unknown option ${argv[i]}\n\n${usage}`);
  }
  return parsed;
}

/** The database name a benchmark creates or reuses: a plain lower-case identifier, as it goes into SQL unquoted. */
export function checkDatabaseName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--database must be a plain lower-case name, got "${name}"`);
  return name;
}

/** One data row of a delimited file: its header's names to its cells, and the line it starts on. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
  /** Why the row cannot be read as its header says (more cells than columns): kept with its cells, not dropped. */
  problem?: string;
}

export type Delimiter = ',' | ';' | '\t';

/** The delimiter of a header line: whichever of comma, semicolon and tab it has most of outside quotes. */
export function sniffDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as Delimiter] += 1;
  }
  return (Object.entries(counts) as Array<[Delimiter, number]>).sort((a, b) => b[1] - a[1])[0][0];
}

export class CsvError extends Error {}

/**
 * Reads a delimited file (RFC 4180: quoted cells may hold delimiters, doubled quotes and line breaks) from text
 * chunks, row by row: the first row names the columns, each later row is yielded with the line it starts on.
 * Blank lines are skipped; a row with more cells than the header is yielded with its problem (its cells cannot be
 * told apart), the extra ones under `#<n>`. Memory stays at one row whatever the file's size.
 */
export async function* csvRows(text: AsyncIterable<string>): AsyncGenerator<CsvRow> {
  let header: string[] | undefined;
  let delimiter: Delimiter | undefined;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let pending = '';
  const finishRow = (): CsvRow | undefined => {
    cells.push(cell);
    const row = cells;
    cells = [];
    cell = '';
    if (row.length === 1 && row[0].trim() === '') return undefined;
    if (!header) {
      header = row.map((name) => name.trim());
      return undefined;
    }
    const cellsByName = Object.fromEntries(header.map((name, i) => [name, (row[i] ?? '').trim()]));
    if (row.length > header.length) {
      row.slice(header.length).forEach((extra, i) => (cellsByName[`#${header!.length + i + 1}`] = extra.trim()));
      return { line: rowLine, cells: cellsByName, problem: `line ${rowLine}: ${row.length} cells, but the header names ${header.length} columns` };
    }
    return { line: rowLine, cells: cellsByName };
  };
  for await (const chunk of text) {
    let input = pending + chunk;
    pending = '';
    if (!delimiter) {
      const end = input.indexOf('\n');
      if (end < 0) {
        pending = input;
        continue;
      }
      delimiter = sniffDelimiter(input.slice(0, end));
    }
    for (let i = 0; i < input.length; i += 1) {
      const ch = input[i];
      if (quoted) {
        if (ch === '"') {
          if (i + 1 === input.length) {
            // A quote at the end of the chunk: whether it is doubled shows in the next one.
            pending = '"';
            input = '';
            break;
          }
          if (input[i + 1] === '"') {
            cell += '"';
            i += 1;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line += 1;
          cell += ch;
        }
      } else if (ch === '"' && cell.trim() === '' && !afterQuote) {
        quoted = true;
        cell = '';
      } else if (ch === delimiter) {
        cells.push(cell);
        cell = '';
        afterQuote = false;
      } else if (ch === '\n') {
        const row = finishRow();
        line += 1;
        rowLine = line;
        afterQuote = false;
        if (row) yield row;
      } else if (ch !== '\r' && !afterQuote) {
        cell += ch;
      }
    }
  }
  // The file ended on a closing quote that was held back to see whether it was doubled.
  if (pending === '"' && quoted) {
    quoted = false;
    afterQuote = true;
  }
  if (quoted) throw new CsvError(`line ${rowLine}: a quoted cell is not closed before the end of the file`);
  if (cell !== '' || cells.length) {
    const row = finishRow();
    if (row) yield row;
  }
}

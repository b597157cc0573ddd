import type PDFDocument from 'pdfkit';
import type { Cell, Styled } from './report-document';
import { PDF_STYLE } from './pdf-style';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfTable {
  /** Column headings, repeated at the top of each page the table runs onto; none for a fields grid. */
  columns?: string[];
  rows: Cell[][];
  /** Relative column widths. */
  widths: number[];
  /** Columns drawn as labels (grey, small): the label columns of a fields grid. */
  labelColumns?: number[];
}

const PAD = 3;
/** A row split over pages puts at least this many lines on the page it starts on, else it starts on the next. */
const MIN_SPLIT_LINES = 3;

const styledOf = (cell: Cell): Styled => (typeof cell === 'string' ? { text: cell } : cell);

function styleOf(cell: Cell, label: boolean, header: boolean) {
  const styled = styledOf(cell);
  return {
    text: styled.text,
    font: header || styled.strong ? 'bold' : 'regular',
    color: label ? PDF_STYLE.muted : styled.tone ? PDF_STYLE.tones[styled.tone] : PDF_STYLE.text,
  };
}

/**
 * Draws a table from the current position, row by row, starting a new page (with the headings again) when a row
 * does not fit. A row taller than a page is split: as much of each cell as fits on this page, the rest on the next
 * (and the next), so the PDF shows all of the data its hash covers.
 */
export function drawTable(doc: Doc, table: PdfTable): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = table.widths.reduce((a, b) => a + b, 0);
  const colWidths = table.widths.map((w) => (width * w) / total);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const isLabel = (i: number) => table.labelColumns?.includes(i) ?? false;

  const textHeight = (text: string, i: number, font: string) =>
    doc.font(font).fontSize(PDF_STYLE.tableSize).heightOfString(text || ' ', { width: colWidths[i] - 2 * PAD });

  const measure = (row: Cell[], header: boolean) =>
    Math.max(
      ...row.map((cell, i) => {
        const style = styleOf(cell, isLabel(i), header);
        return textHeight(style.text, i, style.font);
      }),
    ) + 2 * PAD;

  /**
   * The cell cut where its text stops fitting in `room` points: the longest prefix (by characters, so CJK breaks
   * anywhere) that fits, moved back to the last space when that stays on the same last line (Latin words stay whole).
   */
  const splitCell = (cell: Cell, i: number, room: number): [Cell, Cell] => {
    const styled = styledOf(cell);
    const font = styleOf(cell, isLabel(i), false).font;
    const chars = [...styled.text];
    const fits = (n: number) => textHeight(chars.slice(0, n).join('').trimEnd(), i, font) <= room;
    if (fits(chars.length)) return [cell, { ...styled, text: '' }];
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    let cut = Math.max(lo, 1);
    if (/\S/.test(chars[cut] ?? '') && /\S/.test(chars[cut - 1])) {
      const space = chars.slice(0, cut).findLastIndex((ch) => /\s/.test(ch));
      const lastLine = textHeight(chars.slice(0, cut).join('').trimEnd(), i, font);
      if (space > 0 && textHeight(chars.slice(0, space).join('').trimEnd(), i, font) === lastLine) cut = space + 1;
    }
    const rest = chars.slice(cut).join('').replace(/^[ \t]+/, '').replace(/^\n/, '');
    return [{ ...styled, text: chars.slice(0, cut).join('').trimEnd() }, { ...styled, text: rest }];
  };

  const drawRow = (row: Cell[], y: number, height: number, header: boolean, fill?: string) => {
    let x = left;
    row.forEach((cell, i) => {
      if (fill) doc.rect(x, y, colWidths[i], height).fill(fill);
      if (table.columns) doc.rect(x, y, colWidths[i], height).lineWidth(0.5).stroke(PDF_STYLE.rule);
      const style = styleOf(cell, isLabel(i), header);
      doc.font(style.font).fontSize(PDF_STYLE.tableSize).fillColor(style.color);
      // No height limit (and no ellipsis): the row was measured to hold all of its text.
      doc.text(style.text, x + PAD, y + PAD, { width: colWidths[i] - 2 * PAD });
      x += colWidths[i];
    });
  };

  const headerHeight = table.columns ? measure(table.columns, true) : 0;
  const drawHeader = (y: number) => {
    if (table.columns) drawRow(table.columns, y, headerHeight, true, PDF_STYLE.headerFill);
    return y + headerHeight;
  };
  const newPage = () => {
    doc.addPage();
    return drawHeader(doc.page.margins.top);
  };
  const minSplit = 2 * PAD + MIN_SPLIT_LINES * doc.font('regular').fontSize(PDF_STYLE.tableSize).currentLineHeight(true);
  const pageRoom = () => bottom() - doc.page.margins.top - headerHeight;

  let y = doc.y;
  const first = table.rows[0];
  if (table.columns && y + headerHeight + (first ? Math.min(measure(first, false), minSplit) : 0) > bottom()) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  y = drawHeader(y);
  table.rows.forEach((row, index) => {
    const fill = table.columns && index % 2 === 1 ? PDF_STYLE.stripeFill : undefined;
    let pending = row;
    let fresh = false;
    for (;;) {
      const height = measure(pending, false);
      if (y + height <= bottom()) {
        drawRow(pending, y, height, false, fill);
        y += height;
        return;
      }
      // A row that fits on a page of its own starts on the next one (the HTML keeps rows whole too); so does one
      // to be split when too little of it would fit here.
      if (!fresh && (height <= pageRoom() || bottom() - y < minSplit)) {
        y = newPage();
        fresh = true;
        continue;
      }
      const parts = pending.map((cell, i) => splitCell(cell, i, bottom() - y - 2 * PAD));
      const here = parts.map(([head]) => head);
      drawRow(here, y, Math.min(measure(here, false), bottom() - y), false, fill);
      pending = parts.map(([, rest]) => rest);
      y = newPage();
      fresh = true;
    }
  });
  doc.fillColor(PDF_STYLE.text);
  doc.x = left;
  doc.y = y + 6;
}

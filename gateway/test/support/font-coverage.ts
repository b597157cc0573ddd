import * as fontkit from 'fontkit';
import { reportFontPath } from '../../src/reports/report-fonts';

let font: fontkit.Font | undefined;

/** The characters of a text that the PDF's font has no glyph for (they would print as empty boxes). */
export function charactersWithoutGlyph(text: string): string[] {
  font ??= fontkit.openSync(reportFontPath('regular')) as fontkit.Font;
  return [...new Set([...text].filter((ch) => ch.trim() && !font!.hasGlyphForCodePoint(ch.codePointAt(0)!)))];
}

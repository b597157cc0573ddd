import { readFileSync } from 'node:fs';

/**
 * The PDF's font: Noto Sans SC (SIL Open Font License 1.1), as TrueType files shipped by the npm package
 * @expo-google-fonts/noto-sans-sc. It covers Chinese (GB 18030 hanzi) and Latin alike, so both languages use it;
 * PDFKit embeds only the glyphs a report uses (a subset), which keeps a report's PDF small.
 */
export const REPORT_FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
export const REPORT_FONT_FILES = {
  regular: `${REPORT_FONT_PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`,
  bold: `${REPORT_FONT_PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`,
} as const;

export type FontWeight = keyof typeof REPORT_FONT_FILES;

let loaded: Record<FontWeight, Buffer> | undefined;

export function reportFontPath(weight: FontWeight): string {
  return require.resolve(REPORT_FONT_FILES[weight]);
}

/** The font files, read once per process (about 10 MB each). */
export function reportFonts(): Record<FontWeight, Buffer> {
  loaded ??= { regular: readFileSync(reportFontPath('regular')), bold: readFileSync(reportFontPath('bold')) };
  return loaded;
}

import { readFile } from 'node:fs/promises';

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

let loaded: Promise<Record<FontWeight, Buffer>> | undefined;

export function reportFontPath(weight: FontWeight): string {
  return require.resolve(REPORT_FONT_FILES[weight]);
}

/** The font files, read once per process (about 10 MB each) without blocking the event loop; a failed read is tried again next time. */
export function reportFonts(): Promise<Record<FontWeight, Buffer>> {
  loaded ??= Promise.all([readFile(reportFontPath('regular')), readFile(reportFontPath('bold'))]).then(
    ([regular, bold]) => ({ regular, bold }),
    (err: unknown) => {
      loaded = undefined;
      throw err;
    },
  );
  return loaded;
}

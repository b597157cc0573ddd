// Prints the text of the PDF read from standard input, page by page, as JSON ({ pages, text }). Run as a child
// process by pdf-text.ts: pdfjs-dist is an ES module, which the tests (CommonJS under ts-jest) cannot import.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const pdf = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const content = await (await pdf.getPage(n)).getTextContent();
  pages.push(content.items.map((item) => `${item.str}${item.hasEOL ? '\n' : ''}`).join(''));
}
const info = (await pdf.getMetadata()).info;
process.stdout.write(JSON.stringify({ pages: pdf.numPages, text: pages.join('\n'), info }));

import { execFile } from 'node:child_process';
import path from 'node:path';

export interface PdfText {
  pages: number;
  text: string;
  info: Record<string, unknown>;
}

/** The text a PDF reader finds in the PDF (Mozilla's pdf.js), with its page count and document info. */
export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'extract-pdf-text.mjs')], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pdf.js could not read the PDF: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as PdfText);
    });
    child.stdin!.end(pdf);
  });
}

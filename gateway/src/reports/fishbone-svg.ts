import type { FishboneCategory } from './report-document';
import { layoutFishbone } from './fishbone-layout';
import { escapeHtml } from './html-escape';

/** The fishbone as an inline SVG (no external resources), drawn from the same layout as the PDF's. */
export function fishboneSvg(effect: string, categories: FishboneCategory[]): string {
  const d = layoutFishbone(effect, categories);
  const lines = d.lines.map((l) => `<line x1="${l.x1.toFixed(1)}" y1="${l.y1.toFixed(1)}" x2="${l.x2.toFixed(1)}" y2="${l.y2.toFixed(1)}" stroke-width="${l.width}"/>`);
  const texts = d.texts.map(
    (t) =>
      `<text x="${t.x.toFixed(1)}" y="${t.y.toFixed(1)}" text-anchor="${t.anchor}" font-size="${t.size}"${t.bold ? ' font-weight="bold"' : ''}${t.tone ? ` class="tone-${t.tone}"` : ''}>${escapeHtml(t.text)}</text>`,
  );
  const head = `<rect x="${d.head.x}" y="${d.head.y}" width="${d.head.width}" height="${d.head.height}" rx="4" class="head"/>`;
  return [
    `<svg class="fishbone" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${d.width} ${d.height}" role="img" aria-label="${escapeHtml(effect)}">`,
    `<g class="bones">${lines.join('')}</g>`,
    head,
    texts.join(''),
    '</svg>',
  ].join('\n');
}

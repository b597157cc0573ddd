import type { Block, Cell, ReportDocument } from './report-document';
import { escapeHtml } from './html-escape';
import { fishboneSvg } from './fishbone-svg';
import { reportStyles } from './report-styles';

function cell(value: Cell): string {
  if (typeof value === 'string') return escapeHtml(value);
  const classes = [value.tone && `tone-${value.tone}`, value.strong && 'strong'].filter(Boolean).join(' ');
  return classes ? `<span class="${classes}">${escapeHtml(value.text)}</span>` : escapeHtml(value.text);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'fields':
      return `<dl class="fields">${b.fields.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${cell(f.value)}</dd>`).join('')}</dl>`;
    case 'table': {
      const cols = b.widths ? `<colgroup>${b.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>` : '';
      const head = `<thead><tr>${b.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
      const body = `<tbody>${b.rows.map((row) => `<tr>${row.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>`;
      return `<table>${cols}${head}${body}</table>`;
    }
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'notice':
      return `<p class="notice${b.tone ? ` tone-${b.tone}` : ''}">${escapeHtml(b.text)}</p>`;
    case 'subheading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'fishbone':
      return fishboneSvg(b.effect, b.categories);
  }
}

/** A report as one self-contained, print-ready HTML page: inline CSS and SVG, nothing loaded from anywhere. */
export function renderHtml(doc: ReportDocument): string {
  const p = doc.provenance;
  const l = doc.labels;
  const provenance = `<div class="provenance"><dl class="fields">
<dt>${escapeHtml(l.generatedAt)}</dt><dd>${escapeHtml(p.generatedAt)}</dd>
<dt>${escapeHtml(l.generatedBy)}</dt><dd>${escapeHtml(p.generatedBy)}</dd>
<dt>${escapeHtml(l.source)}</dt><dd>${escapeHtml(p.sourceUrl)}</dd>
<dt>${escapeHtml(l.timeZone)}</dt><dd>${escapeHtml(p.timeZone)}</dd>
<dt>${escapeHtml(l.dataSha256)}</dt><dd class="hash">${escapeHtml(p.dataSha256)}</dd>
</dl><div class="note">${escapeHtml(l.hashNote)}</div></div>`;
  const sections = doc.sections.map((s) => `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(doc.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="LotGraph">
<meta name="lotgraph-data-sha256" content="${p.dataSha256}">
<title>${escapeHtml(`${doc.title} · ${doc.subject}`)}</title>
<style>${reportStyles(doc)}</style>
</head>
<body>
<header class="report-title"><h1>${escapeHtml(doc.title)}</h1><div class="subject">${escapeHtml(doc.subject)}</div></header>
<section class="about"><h2>${escapeHtml(l.provenance)}</h2>${provenance}</section>
${sections}
</body>
</html>
`;
}

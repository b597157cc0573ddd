import type { Tone } from './report-document';

/** The PDF's colours and sizes, matching the HTML's stylesheet. */
export const PDF_STYLE = {
  accent: '#1f3a5f',
  rule: '#c8d1dc',
  headerFill: '#e8edf3',
  stripeFill: '#f7f9fb',
  muted: '#555555',
  text: '#111111',
  bodySize: 9,
  tableSize: 7.5,
  smallSize: 7,
  tones: { good: '#1d6b2f', bad: '#b3261e', warn: '#8a5300', muted: '#666666' } satisfies Record<Tone, string>,
};

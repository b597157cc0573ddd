import type { FishboneCategory, Tone } from './report-document';

export interface FishboneLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
}

export interface FishboneText {
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  size: number;
  bold?: boolean;
  tone?: Tone;
}

/** A fishbone diagram as lines, texts and the head's box, in a width × height space; SVG and PDF draw the same. */
export interface FishboneDrawing {
  width: number;
  height: number;
  lines: FishboneLine[];
  texts: FishboneText[];
  head: { x: number; y: number; width: number; height: number };
}

const WIDTH = 760;
const HEAD_WIDTH = 150;
const ROW = 15;
const MAX_ROWS = 5;
const CAUSE_SIZE = 9;

/** Display width in Latin characters: a CJK character takes about two. */
function displayWidth(text: string): number {
  return [...text].reduce((sum, ch) => sum + (/[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
}

/** The text cut to a display width, with an ellipsis when cut (the full text is in the table beside). */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Lines of at most `width`, broken at a space where the line has one (Latin), else anywhere (CJK). */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest && out.length < lines) {
    let line = '';
    for (const ch of rest) {
      if (displayWidth(line + ch) > width) break;
      line += ch;
    }
    const space = line.lastIndexOf(' ');
    if (line.length < rest.length && space > 0) line = line.slice(0, space);
    rest = rest.slice(line.length).trimStart();
    out.push(out.length === lines - 1 && rest ? truncate(`${line} ${rest}`, width) : line);
  }
  return out;
}

/**
 * Lays out an Ishikawa diagram: the effect in a box at the head, a spine, the first half of the categories as bones
 * above it and the rest below (three and three for 人机料法测环; a category beyond those gets a bone of its own), each
 * bone's causes as ribs (the chosen root cause bold and red).
 */
export function layoutFishbone(effect: string, categories: FishboneCategory[]): FishboneDrawing {
  const rows = Math.min(MAX_ROWS, Math.max(1, ...categories.map((c) => c.causes.length)));
  const half = 34 + rows * ROW + 12;
  const height = half * 2;
  const spineY = half;
  const spineStart = 10;
  const spineEnd = WIDTH - HEAD_WIDTH - 10;
  const lines: FishboneLine[] = [{ x1: spineStart, y1: spineY, x2: spineEnd, y2: spineY, width: 2.5 }];
  const texts: FishboneText[] = [];
  const perSide = Math.max(3, Math.ceil(categories.length / 2));
  const slot = (spineEnd - spineStart) / perSide;
  categories.forEach((category, index) => {
    const above = index < perSide;
    const jointX = spineStart + ((index % perSide) + 1) * slot - 6;
    const endX = jointX - 56;
    const endY = above ? 22 : height - 22;
    lines.push({ x1: endX, y1: endY, x2: jointX, y2: spineY, width: 1.5 });
    texts.push({ x: endX, y: above ? 14 : height - 6, text: category.label, anchor: 'middle', size: 10, bold: true });
    const shown = category.causes.length > rows ? category.causes.slice(0, rows - 1) : category.causes;
    const cut = category.causes.length - shown.length;
    const ribTexts = [...shown.map((c) => ({ text: c.text, chosen: c.chosen })), ...(cut ? [{ text: `+${cut} …`, chosen: false }] : [])];
    ribTexts.forEach((rib, k) => {
      const y = above ? 34 + k * ROW + ROW / 2 : height - 34 - k * ROW - ROW / 2;
      const boneX = endX + ((jointX - endX) * (y - endY)) / (spineY - endY);
      lines.push({ x1: boneX - 10, y1: y, x2: boneX, y2: y, width: 0.8 });
      texts.push({ x: boneX - 12, y: y + 3, text: truncate(rib.text, 30), anchor: 'end', size: CAUSE_SIZE, bold: rib.chosen, tone: rib.chosen ? 'bad' : undefined });
    });
  });
  const head = { x: spineEnd, y: spineY - 32, width: HEAD_WIDTH, height: 64 };
  wrap(effect, 24, 3).forEach((line, i, all) => {
    texts.push({ x: head.x + head.width / 2, y: spineY + 4 + (i - (all.length - 1) / 2) * 13, text: line, anchor: 'middle', size: 10, bold: true });
  });
  return { width: WIDTH, height, lines, texts, head };
}

/**
 * Text as the graph takes it. Any text: no NUL (PostgreSQL text cannot hold it) and no half of a UTF-16 surrogate
 * pair (not text; JSON and the database cannot hold it). Identifiers (lot numbers, codes, user ids, keys) also:
 * normalised to NFC, and nothing a person cannot see or tell apart — control and format characters (U+200B zero
 * width space, U+200E/U+200F direction marks, U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates,
 * U+FEFF), other default-ignorable characters (variation selectors, Hangul fillers), line and paragraph separators,
 * and spaces other than U+0020 — so two identifiers that look the same are the same.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The text with each hidden character written as <U+XXXX>, so a message shows where it is. */
export const showHidden = (value: string) => value.replace(new RegExp(HIDDEN.source, 'gu'), (char) => `<${codePoint(char)}>`);

function kind(char: string): string {
  if (/\p{Cc}/u.test(char)) return 'a control character';
  if (/\p{Cf}/u.test(char)) return 'an invisible format character';
  if (/\p{Cs}/u.test(char)) return 'half of a UTF-16 surrogate pair';
  if (/[\p{Zl}\p{Zp}]/u.test(char)) return 'a line or paragraph separator';
  if (/\p{Zs}/u.test(char)) return 'a space other than U+0020';
  return 'an invisible character';
}

/** Why text cannot be stored as it is, or undefined. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character';
  return LONE_SURROGATE.test(value) ? 'contains a lone UTF-16 surrogate (not text)' : undefined;
}

/** Why text cannot be an identifier, or undefined. */
export function identifierProblem(value: string): string | undefined {
  const hidden = HIDDEN.exec(value);
  if (!hidden) return undefined;
  const char = String.fromCodePoint(hidden[0].codePointAt(0)!);
  return `contains ${codePoint(char)}, ${kind(char)} ("${showHidden(value)}"); identifiers may not contain invisible, format or control characters`;
}

/** The identifier in NFC (é one code point, not e and a combining accent), or why it cannot be one. */
export function normalIdentifier(value: string): { value: string } | { reason: string } {
  const reason = textProblem(value) ?? identifierProblem(value);
  return reason ? { reason } : { value: value.normalize('NFC') };
}

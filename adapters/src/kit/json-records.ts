/** One record of a JSON document: its place (from 1) and the object as parsed, or why it could not be parsed. */
export interface JsonRecord {
  index: number;
  value?: Record<string, unknown>;
  problem?: string;
}

export class JsonDocumentError extends Error {}

/**
 * The records of a JSON document, streaming: the objects of its first array of objects (`[{…}, {…}]`, or
 * `{"results": [{…}]}`), or each object of newline-delimited JSON. Only one record's text is held at a time,
 * whatever the document's size. A record that is not valid JSON is yielded with its problem; a document cut off
 * inside a record is refused.
 */
export async function* jsonRecords(text: AsyncIterable<string>): AsyncGenerator<JsonRecord> {
  const stack: Array<'[' | '{'> = [];
  /** The depth of the array whose objects are the records, once found; -1 before. */
  let recordsDepth = -1;
  /** An array just opened inside a top-level object: the records' array if its first element is an object. */
  let arrayJustOpened = false;
  let inString = false;
  let escaped = false;
  let record = '';
  let recordDepth = -1;
  let index = 0;
  const startsRecord = () =>
    recordDepth < 0 && (recordsDepth >= 0 ? stack.length === recordsDepth + 1 && stack.at(-1) === '[' : stack.length === 0 || (stack.length === 1 && stack[0] === '['));
  for await (const chunk of text) {
    for (const ch of chunk) {
      if (arrayJustOpened && !/\s/.test(ch)) {
        arrayJustOpened = false;
        // `{"results": [{` : the top-level object was a wrapper, not a record; its array holds the records.
        if (ch === '{' && recordsDepth < 0 && stack.length === 2 && stack[0] === '{') {
          recordsDepth = 1;
          recordDepth = -1;
          record = '';
        }
      }
      if (recordDepth >= 0) record += ch;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') {
        inString = true;
      } else if (ch === '{' || ch === '[') {
        if (ch === '{' && startsRecord()) {
          if (recordsDepth < 0 && stack.length === 1) recordsDepth = 0;
          recordDepth = stack.length;
          record = ch;
        }
        if (ch === '[' && recordsDepth < 0 && stack.length === 1 && stack[0] === '{') arrayJustOpened = true;
        stack.push(ch);
      } else if (ch === '}' || ch === ']') {
        if (!stack.pop()) throw new JsonDocumentError(`the document closes a ${ch === '}' ? 'brace' : 'bracket'} it never opened`);
        if (recordDepth >= 0 && stack.length === recordDepth) {
          index += 1;
          recordDepth = -1;
          try {
            const value: unknown = JSON.parse(record);
            yield value && typeof value === 'object' && !Array.isArray(value) ? { index, value: value as Record<string, unknown> } : { index, problem: `record ${index} is not an object` };
          } catch (err) {
            yield { index, problem: `record ${index} is not valid JSON: ${(err as Error).message}` };
          }
          record = '';
        }
      }
    }
  }
  if (recordDepth >= 0 || inString || stack.length) throw new JsonDocumentError(`the document ends inside record ${index + 1}: it was cut off`);
}

/** A record's fields as text cells, the way a CSV row has them: numbers and words as written, anything nested as JSON. */
export function cellsOf(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [name, field === null || field === undefined ? '' : typeof field === 'object' ? JSON.stringify(field) : String(field)]),
  );
}

import { badInput } from './errors';

const shown = (value: string | Date) => (value instanceof Date ? value.toISOString() : value);

/**
 * A filter's range must not end before it starts: `{ manufacturedFrom, manufacturedTo }` in the wrong order is
 * refused naming the record, the upper field and both values.
 */
export function assertRange<T extends string | Date>(record: string, fields: [from: string, to: string], from?: T | null, to?: T | null): void {
  if (from && to && from > to) throw badInput(record, fields[1], `${shown(to)} is before ${fields[0]} ${shown(from)}`);
}

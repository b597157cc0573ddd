import { badInput } from '@lotgraph/server';

/** A required text field, trimmed; blank is refused naming the record and field. */
export function requiredText(record: string, field: string, value: string | null | undefined): string {
  const text = value?.trim() ?? '';
  if (!text) throw badInput(record, field, 'must not be empty');
  return text;
}

export function assertDateOrder(record: string, manufacturedOn?: string | null, expiresOn?: string | null): void {
  if (manufacturedOn && expiresOn && expiresOn <= manufacturedOn) {
    throw badInput(record, 'expiresOn', `${expiresOn} is not after the manufacture date ${manufacturedOn}`);
  }
}

import type { ValueTransformer } from 'typeorm';

/** numeric columns arrive from PostgreSQL as strings; quantities are plain numbers in the API. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

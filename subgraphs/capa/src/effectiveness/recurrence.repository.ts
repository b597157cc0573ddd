import type { DataSource } from 'typeorm';
import type { IshikawaCategory } from '../capa/capa.entity';

/**
 * Which exceptions count as a recurrence of a root cause: those answered by a CAPA with that root-cause category,
 * and those not yet investigated (no CAPA with a root cause): counted until an investigation shows another cause.
 */
export class RecurrenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recurring(exceptionNumbers: readonly string[], category: IshikawaCategory | null): Promise<string[]> {
    if (!category || exceptionNumbers.length === 0) return [...exceptionNumbers];
    const rows: Array<{ exception_number: string; categories: Array<string | null> }> = await this.dataSource.query(
      `SELECT s.exception_number, array_agg(c.root_cause_category) AS categories
       FROM capa.capa_source s JOIN capa.capa c ON c.id = s.capa_id
       WHERE s.exception_number = ANY($1::text[]) AND c.status <> 'CANCELLED'
       GROUP BY s.exception_number`,
      [[...exceptionNumbers]],
    );
    const investigated = new Map(rows.map((row) => [row.exception_number, row.categories.filter((c): c is string => c !== null)]));
    return exceptionNumbers.filter((number) => {
      const categories = investigated.get(number) ?? [];
      return categories.length === 0 || categories.includes(category);
    });
  }
}

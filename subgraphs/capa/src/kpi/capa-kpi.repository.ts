import type { DataSource } from 'typeorm';
import { OPEN_STATUSES_SQL } from '../capa/capa-status';
import { OVERDUE_SQL } from '../capa/capa.repository';

export interface CapaKpis {
  opened: number;
  open: number;
  overdue: number;
  overdueActions: number;
  closed: number;
  cancelled: number;
  meanDaysToClose: number | null;
  firstTimeEffectiveRate: number | null;
  recurrenceRate: number | null;
}

const overlaps = (field: string) => `jsonb_exists_any(earlier.scope -> '${field}', ARRAY(SELECT jsonb_array_elements_text(c.scope -> '${field}')))`;

/** CAPA KPIs over the CAPAs opened in a period, in one statement. */
export class CapaKpiRepository {
  constructor(private readonly dataSource: DataSource) {}

  async kpis(from: Date | null, to: Date | null, asOf: Date): Promise<CapaKpis> {
    const [row] = await this.dataSource.query(
      `WITH c AS (
         SELECT * FROM capa.capa WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)
       ), first_check AS (
         -- Each CAPA's first judged check: the first result kept (the PASS it closed on, or the FAIL that reopened it).
         SELECT DISTINCT ON (v.capa_id) v.capa_id, v.result ->> 'status' AS status
         FROM capa.effectiveness_verdict v JOIN c ON c.id = v.capa_id
         ORDER BY v.capa_id, v.version
       )
       SELECT
         count(*)::int AS opened,
         count(*) FILTER (WHERE c.status IN (${OPEN_STATUSES_SQL}))::int AS open,
         count(*) FILTER (WHERE ${OVERDUE_SQL('c', '$3')})::int AS overdue,
         (SELECT count(*)::int FROM capa.capa_action a JOIN c ON c.id = a.capa_id
            WHERE a.status = 'OPEN' AND a.due_on < ($3::timestamptz AT TIME ZONE 'UTC')::date AND c.status IN (${OPEN_STATUSES_SQL})) AS overdue_actions,
         count(*) FILTER (WHERE c.status = 'CLOSED')::int AS closed,
         count(*) FILTER (WHERE c.status = 'CANCELLED')::int AS cancelled,
         avg(extract(epoch FROM c.closed_at - c.created_at) / 86400.0) FILTER (WHERE c.status = 'CLOSED') AS mean_days_to_close,
         (SELECT avg(CASE WHEN status = 'PASS' THEN 1.0 ELSE 0.0 END) FROM first_check) AS first_time_effective_rate,
         avg(CASE WHEN EXISTS (
             SELECT 1 FROM capa.capa earlier
             WHERE earlier.status = 'CLOSED' AND earlier.closed_at < c.created_at AND earlier.root_cause_category = c.root_cause_category
               AND (${overlaps('equipmentCodes')} OR ${overlaps('materialCodes')})
           ) THEN 1.0 ELSE 0.0 END) FILTER (WHERE c.root_cause_category IS NOT NULL) AS recurrence_rate
       FROM c`,
      [from, to, asOf],
    );
    const rate = (value: string | number | null) => (value === null ? null : Number(value));
    return {
      opened: row.opened, open: row.open, overdue: row.overdue, overdueActions: row.overdue_actions, closed: row.closed, cancelled: row.cancelled,
      meanDaysToClose: rate(row.mean_days_to_close), firstTimeEffectiveRate: rate(row.first_time_effective_rate), recurrenceRate: rate(row.recurrence_rate),
    };
  }
}

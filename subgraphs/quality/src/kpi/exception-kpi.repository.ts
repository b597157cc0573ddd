import type { DataSource } from 'typeorm';
import type { Severity } from '../exception/quality-exception.entity';
import { OPEN_STATUSES_SQL } from '../exception/exception-status';

export const KPI_GROUPINGS = ['SEVERITY', 'EQUIPMENT', 'LINE', 'PARAMETER', 'DAY', 'WEEK', 'MONTH'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];

export interface KpiQuery {
  groupBy: KpiGrouping;
  from?: Date;
  to?: Date;
  severities?: Severity[];
  equipmentCode?: string;
  line?: string;
  now: Date;
}

export interface ExceptionKpis {
  group: string;
  exceptions: number;
  open: number;
  overdue: number;
  meanHoursToAcknowledge: number | null;
  meanHoursToContain: number | null;
  meanHoursToDisposition: number | null;
  meanHoursToClose: number | null;
  dispositionedLots: number;
  reworkRate: number | null;
  scrapRate: number | null;
  recordCompleteness: number | null;
}

const GROUP_EXPRESSION: Record<KpiGrouping, string> = {
  SEVERITY: 'ex.severity',
  EQUIPMENT: `coalesce(ex.equipment_code, '(none)')`,
  // The product line is the workflow template that governs the exception's material.
  LINE: `coalesce(ex.template_code, '(none)')`,
  PARAMETER: `coalesce(ex.parameter, '(none)')`,
  DAY: `to_char(ex.detected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  WEEK: `to_char(ex.detected_at AT TIME ZONE 'UTC', 'IYYY-"W"IW')`,
  MONTH: `to_char(ex.detected_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
};

const hours = (column: string) => `avg(extract(epoch FROM (${column} - ex.detected_at)) / 3600.0) FILTER (WHERE ${column} IS NOT NULL)`;

/**
 * A record is complete when it holds everything its status requires: what happened (title, description, due
 * time), what it touched (an affected lot or a rule violation), and for each step it passed, when it was taken
 * (contained, acknowledged, every lot dispositioned, verified, closed).
 */
const COMPLETE = `(
  ex.title <> '' AND ex.description IS NOT NULL AND ex.due_at IS NOT NULL
  AND (lots.affected > 0 OR EXISTS (SELECT 1 FROM quality.exception_violation ev WHERE ev.exception_id = ex.id))
  AND (ex.status IN ('OPEN', 'INVESTIGATING') OR ex.contained_at IS NOT NULL OR lots.affected = 0)
  AND (ex.status IN ('OPEN', 'CONTAINED') OR ex.acknowledged_at IS NOT NULL)
  AND (ex.status NOT IN ('DISPOSITIONED', 'VERIFIED', 'CLOSED') OR (ex.dispositioned_at IS NOT NULL AND lots.dispositioned = lots.affected))
  AND (ex.status NOT IN ('VERIFIED', 'CLOSED') OR ex.verified_at IS NOT NULL)
  AND (ex.status <> 'CLOSED' OR ex.closed_at IS NOT NULL))`;

type Row = {
  grp: string; exceptions: string; open: string; overdue: string; ack: string | null; contain: string | null; disposition: string | null; close: string | null;
  dispositioned: string; rework: string; scrap: string; complete: string;
};

const num = (value: string | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);
const rate = (part: string, whole: number) => (whole === 0 ? null : Math.round((Number(part) / whole) * 10_000) / 10_000);

export class ExceptionKpiRepository {
  constructor(private readonly dataSource: DataSource) {}

  async compute(q: KpiQuery): Promise<ExceptionKpis[]> {
    const group = GROUP_EXPRESSION[q.groupBy];
    const rows: Row[] = await this.dataSource.query(
      `WITH affected AS (SELECT exception_id, count(*) AS n FROM quality.affected_lot GROUP BY exception_id),
            decided AS (
              SELECT exception_id, count(*) AS n, count(*) FILTER (WHERE decision = 'REWORK') AS rework, count(*) FILTER (WHERE decision = 'SCRAP') AS scrap
                FROM quality.lot_disposition GROUP BY exception_id),
            lots AS (
              SELECT ex.id, coalesce(a.n, 0) AS affected, coalesce(d.n, 0) AS dispositioned, coalesce(d.rework, 0) AS rework, coalesce(d.scrap, 0) AS scrap
                FROM quality.quality_exception ex LEFT JOIN affected a ON a.exception_id = ex.id LEFT JOIN decided d ON d.exception_id = ex.id)
       SELECT ${group} AS grp,
              count(*) AS exceptions,
              count(*) FILTER (WHERE ex.status <> 'CLOSED') AS open,
              count(*) FILTER (WHERE ex.status IN (${OPEN_STATUSES_SQL}) AND ex.due_at < $6) AS overdue,
              ${hours('ex.acknowledged_at')} AS ack,
              ${hours('ex.contained_at')} AS contain,
              ${hours('ex.dispositioned_at')} AS disposition,
              ${hours('ex.closed_at')} AS close,
              sum(lots.dispositioned) AS dispositioned,
              sum(lots.rework) AS rework,
              sum(lots.scrap) AS scrap,
              count(*) FILTER (WHERE ${COMPLETE}) AS complete
         FROM quality.quality_exception ex JOIN lots ON lots.id = ex.id
        WHERE ($1::timestamptz IS NULL OR ex.detected_at >= $1) AND ($2::timestamptz IS NULL OR ex.detected_at < $2)
          AND ($3::text[] IS NULL OR ex.severity = ANY($3)) AND ($4::text IS NULL OR ex.equipment_code = $4)
          AND ($5::text IS NULL OR ex.template_code = $5)
        GROUP BY 1 ORDER BY 1`,
      [q.from ?? null, q.to ?? null, q.severities?.length ? q.severities : null, q.equipmentCode ?? null, q.line ?? null, q.now],
    );
    return rows.map((r) => {
      const exceptions = Number(r.exceptions);
      const dispositionedLots = Number(r.dispositioned);
      return {
        group: r.grp,
        exceptions,
        open: Number(r.open),
        overdue: Number(r.overdue),
        meanHoursToAcknowledge: num(r.ack),
        meanHoursToContain: num(r.contain),
        meanHoursToDisposition: num(r.disposition),
        meanHoursToClose: num(r.close),
        dispositionedLots,
        reworkRate: rate(r.rework, dispositionedLots),
        scrapRate: rate(r.scrap, dispositionedLots),
        recordCompleteness: rate(r.complete, exceptions),
      };
    });
  }
}

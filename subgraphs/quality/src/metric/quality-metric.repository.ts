import type { DataSource, EntityManager } from 'typeorm';
import type { DispositionDecision } from '../disposition/disposition';

/** What one metric counted: out of how many, how many, and the exceptions behind the counted records. */
export interface MetricCounts {
  sampleSize: number;
  count: number;
  exceptionNumbers: string[];
}

export interface Window {
  from: Date;
  to: Date;
}

type CountsRow = { sample_size: string | number; count: string | number; exception_numbers: string[] | null };
const toCounts = (row: CountsRow): MetricCounts => ({ sampleSize: Number(row.sample_size), count: Number(row.count), exceptionNumbers: row.exception_numbers ?? [] });

/** The exceptions a set of counted violation ids (CTE `counted`, column id) was grouped into. */
const EXCEPTIONS_OF_COUNTED_VIOLATIONS = `coalesce((
  SELECT array_agg(DISTINCT ex.number ORDER BY ex.number) FROM counted c
    JOIN quality.exception_violation ev ON ev.violation_id = c.id JOIN quality.quality_exception ex ON ex.id = ev.exception_id), '{}')`;

/** Evidence ids are reading ids; anything else names no reading (and is not cast). */
const READING_ID = `CASE WHEN e.id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN e.id::uuid END`;

/** Reads the figures of quality metrics, each in one statement (one snapshot). */
export class QualityMetricRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Violations of a rule whose first evidence (its earliest reading) lies in the window; the sample is the
   * parameter's readings measured in the window. A violation's first evidence is never after its first_at.
   */
  async violationCount(rule: { id: string; parameter: string }, equipmentCode: string | null, window: Window, manager?: EntityManager): Promise<MetricCounts> {
    const [row]: CountsRow[] = await this.m(manager).query(
      `WITH started AS (
         SELECT v.id, coalesce((SELECT min(r.measured_at) FROM jsonb_array_elements_text(v.evidence) AS e(id) JOIN quality.process_reading r ON r.id = ${READING_ID}), v.first_at) AS at
           FROM quality.rule_violation v
          WHERE v.rule_id = $1 AND ($2::text IS NULL OR v.equipment_code = $2) AND v.first_at >= $3),
       counted AS (SELECT id FROM started WHERE at >= $3 AND at < $4)
       SELECT (SELECT count(*) FROM quality.process_reading r
                WHERE r.parameter = $5 AND ($2::text IS NULL OR r.equipment_code = $2) AND r.measured_at >= $3 AND r.measured_at < $4) AS sample_size,
              (SELECT count(*) FROM counted) AS count,
              ${EXCEPTIONS_OF_COUNTED_VIOLATIONS} AS exception_numbers`,
      [rule.id, equipmentCode, window.from, window.to, rule.parameter],
    );
    return toCounts(row);
  }

  /** The parameter's readings measured in the window, and those of them that are evidence of the rule's violations. */
  async violationRate(rule: { id: string; parameter: string }, equipmentCode: string | null, window: Window, manager?: EntityManager): Promise<MetricCounts> {
    const [row]: CountsRow[] = await this.m(manager).query(
      `WITH readings AS (
         SELECT r.id FROM quality.process_reading r
          WHERE r.parameter = $5 AND ($2::text IS NULL OR r.equipment_code = $2) AND r.measured_at >= $3 AND r.measured_at < $4),
       evidence AS (
         SELECT DISTINCT ${READING_ID} AS reading_id, v.id AS violation_id
           FROM quality.rule_violation v CROSS JOIN LATERAL jsonb_array_elements_text(v.evidence) AS e(id)
          WHERE v.rule_id = $1 AND ($2::text IS NULL OR v.equipment_code = $2) AND v.last_at >= $3),
       shown AS (SELECT e.reading_id, e.violation_id FROM evidence e JOIN readings r ON r.id = e.reading_id),
       counted AS (SELECT DISTINCT violation_id AS id FROM shown)
       SELECT (SELECT count(*) FROM readings) AS sample_size,
              (SELECT count(DISTINCT reading_id) FROM shown) AS count,
              ${EXCEPTIONS_OF_COUNTED_VIOLATIONS} AS exception_numbers`,
      [rule.id, equipmentCode, window.from, window.to, rule.parameter],
    );
    return toCounts(row);
  }

  /**
   * Our own completed inspections of a test inspected in the window (on lots of a material), the FAILs, and what
   * they raised; with a material, also those in the window that have none recorded (results recorded before
   * inspections kept their lot's material), which are not counted.
   */
  async inspectionFailures(testName: string, materialCode: string | null, window: Window, manager?: EntityManager): Promise<MetricCounts & { withoutMaterial: number }> {
    const [row]: Array<CountsRow & { without_material: string | number }> = await this.m(manager).query(
      `WITH completed AS (
         SELECT i.id, i.result, i.material_code FROM quality.inspection i
          WHERE i.source = 'OWN' AND i.result IN ('PASS', 'FAIL') AND i.test_name = $1 AND i.inspected_at >= $3 AND i.inspected_at < $4
            AND ($2::text IS NULL OR i.material_code = $2 OR i.material_code IS NULL)),
       judged AS (SELECT id, result FROM completed WHERE $2::text IS NULL OR material_code = $2)
       SELECT (SELECT count(*) FROM judged) AS sample_size,
              (SELECT count(*) FROM judged WHERE result = 'FAIL') AS count,
              (SELECT count(*) FROM completed WHERE $2::text IS NOT NULL AND material_code IS NULL) AS without_material,
              coalesce((SELECT array_agg(DISTINCT ex.number ORDER BY ex.number) FROM judged j
                          JOIN quality.lot_finding f ON j.id = ANY(f.inspection_ids)
                          JOIN quality.exception_finding ef ON ef.finding_id = f.id JOIN quality.quality_exception ex ON ex.id = ef.exception_id
                         WHERE j.result = 'FAIL'), '{}') AS exception_numbers`,
      [testName, materialCode, window.from, window.to],
    );
    return { ...toCounts(row), withoutMaterial: Number(row.without_material) };
  }

  /** Lot dispositions decided in the window (of exceptions raised on an equipment), and those with one of the decisions. */
  async dispositions(decisions: readonly DispositionDecision[], equipmentCode: string | null, window: Window, manager?: EntityManager): Promise<MetricCounts> {
    const [row]: CountsRow[] = await this.m(manager).query(
      `SELECT count(*) AS sample_size,
              count(*) FILTER (WHERE d.decision = ANY($4::text[])) AS count,
              coalesce(array_agg(DISTINCT ex.number ORDER BY ex.number) FILTER (WHERE d.decision = ANY($4::text[])), '{}') AS exception_numbers
         FROM quality.lot_disposition d JOIN quality.quality_exception ex ON ex.id = d.exception_id
        WHERE d.decided_at >= $1 AND d.decided_at < $2 AND ($3::text IS NULL OR ex.equipment_code = $3)`,
      [window.from, window.to, equipmentCode, [...decisions]],
    );
    return toCounts(row);
  }

  /**
   * Numbers of the exceptions detected in the window, in number order; by material: raised on an equipment
   * parameter the catalogue registers for it.
   */
  async exceptionNumbers(filter: { equipmentCode: string | null; parameter: string | null; materialCode: string | null }, window: Window, manager?: EntityManager): Promise<string[]> {
    const rows: Array<{ number: string }> = await this.m(manager).query(
      `SELECT ex.number FROM quality.quality_exception ex
        WHERE ex.detected_at >= $1 AND ex.detected_at < $2 AND ($3::text IS NULL OR ex.equipment_code = $3) AND ($4::text IS NULL OR ex.parameter = $4)
          AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM quality.equipment_parameter ep
                                            WHERE ep.equipment_code = ex.equipment_code AND ep.parameter = ex.parameter AND ep.material_code = $5))
        ORDER BY ex.number`,
      [window.from, window.to, filter.equipmentCode, filter.parameter, filter.materialCode],
    );
    return rows.map((row) => row.number);
  }
}

import type { DataSource, EntityManager } from 'typeorm';
import type { RuleKind, RuleSettings } from './rule-kind';

export interface QualityRule {
  id: string;
  code: string;
  kind: RuleKind;
  parameter: string;
  settings: RuleSettings;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
}

type Row = { id: string; code: string; kind: RuleKind; parameter: string; settings: RuleSettings; enabled: boolean; created_by: string; created_at: Date | string };
const toRule = (r: Row): QualityRule => ({
  id: r.id, code: r.code, kind: r.kind, parameter: r.parameter, settings: r.settings, enabled: r.enabled, createdBy: r.created_by, createdAt: new Date(r.created_at),
});

/** Rules as data: which check applies to which parameter, with which settings, and whether it is on. */
export class QualityRuleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(rule: Omit<QualityRule, 'id' | 'createdAt'>, manager: EntityManager): Promise<QualityRule | null> {
    const rows: Row[] = await manager.query(
      `INSERT INTO quality.quality_rule (code, kind, parameter, settings, enabled, created_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING *`,
      [rule.code, rule.kind, rule.parameter, JSON.stringify(rule.settings), rule.enabled, rule.createdBy],
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  async findByCode(code: string, manager?: EntityManager): Promise<QualityRule | null> {
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.quality_rule WHERE code = $1', [code]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** The enabled rules of several parameters in one query, by code. */
  async enabledForParameters(parameters: readonly string[], manager?: EntityManager): Promise<QualityRule[]> {
    if (parameters.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query(
      'SELECT * FROM quality.quality_rule WHERE parameter = ANY($1::text[]) AND enabled ORDER BY code',
      [[...parameters]],
    );
    return rows.map(toRule);
  }

  /** Enabled rules of these kinds whose parameter is the subject (a test name, a use) or `*`, by code. */
  async enabledOfKinds(kinds: readonly RuleKind[], subject: string, manager?: EntityManager): Promise<QualityRule[]> {
    const rows: Row[] = await (manager ?? this.dataSource.manager).query(
      `SELECT * FROM quality.quality_rule WHERE kind = ANY($1::text[]) AND enabled AND (parameter = $2 OR parameter = '*') ORDER BY code`,
      [[...kinds], subject],
    );
    return rows.map(toRule);
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<QualityRule[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.quality_rule WHERE id = ANY($1::uuid[])', [[...ids]]);
    return rows.map(toRule);
  }

  async list(manager?: EntityManager): Promise<QualityRule[]> {
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.quality_rule ORDER BY code');
    return rows.map(toRule);
  }
}

import type { DataSource, EntityManager } from 'typeorm';

/**
 * The quality domain's own catalogue of what each piece of equipment measures: which parameter, in which unit,
 * for which material and process step. Readings for anything not in it are rejected.
 */
export interface EquipmentParameter {
  equipmentCode: string;
  parameter: string;
  materialCode: string;
  operation: string;
  unit: string;
}

/** Catalogue columns to match, each when given. */
export interface CatalogueFilter {
  equipmentCode?: string;
  parameter?: string;
  materialCode?: string;
}

type Row = { equipment_code: string; parameter: string; material_code: string; operation: string; unit: string };
const toParameter = (r: Row): EquipmentParameter => ({
  equipmentCode: r.equipment_code,
  parameter: r.parameter,
  materialCode: r.material_code,
  operation: r.operation,
  unit: r.unit,
});

export class EquipmentParameterRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(equipmentCode: string, parameter: string, manager?: EntityManager): Promise<EquipmentParameter | null> {
    const rows: Row[] = await (manager ?? this.dataSource.manager).query(
      'SELECT * FROM quality.equipment_parameter WHERE equipment_code = $1 AND parameter = $2',
      [equipmentCode, parameter],
    );
    return rows[0] ? toParameter(rows[0]) : null;
  }

  /** Everything the given equipment measures, in one query. */
  async forEquipment(equipmentCodes: readonly string[], manager?: EntityManager): Promise<EquipmentParameter[]> {
    if (equipmentCodes.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.equipment_parameter WHERE equipment_code = ANY($1::text[])', [[...equipmentCodes]]);
    return rows.map(toParameter);
  }

  /**
   * Whether the catalogue has a row matching each filter given on its own, and one matching all of them together:
   * one query. A filter not given matches nothing alone and anything together.
   */
  async registers(filter: CatalogueFilter, manager?: EntityManager): Promise<Record<keyof CatalogueFilter | 'together', boolean>> {
    const [row]: Array<{ equipment_code: boolean; parameter: boolean; material_code: boolean; together: boolean }> = await (manager ?? this.dataSource.manager).query(
      `SELECT coalesce(bool_or(equipment_code = $1), false) AS equipment_code, coalesce(bool_or(parameter = $2), false) AS parameter,
              coalesce(bool_or(material_code = $3), false) AS material_code,
              coalesce(bool_or(($1::text IS NULL OR equipment_code = $1) AND ($2::text IS NULL OR parameter = $2) AND ($3::text IS NULL OR material_code = $3)), false) AS together
         FROM quality.equipment_parameter WHERE equipment_code = $1 OR parameter = $2 OR material_code = $3`,
      [filter.equipmentCode ?? null, filter.parameter ?? null, filter.materialCode ?? null],
    );
    return { equipmentCode: row.equipment_code, parameter: row.parameter, materialCode: row.material_code, together: row.together };
  }

  /** Parameters measured for a material at a process step, on any equipment. */
  async parametersFor(materialCode: string, operation: string, manager?: EntityManager): Promise<Set<string>> {
    const rows: Row[] = await (manager ?? this.dataSource.manager).query(
      'SELECT DISTINCT parameter FROM quality.equipment_parameter WHERE material_code = $1 AND operation = $2',
      [materialCode, operation],
    );
    return new Set(rows.map((r) => r.parameter));
  }

  /** Inserts or replaces; the previous row when there was one. */
  async upsert(p: EquipmentParameter, manager: EntityManager): Promise<EquipmentParameter | null> {
    const before = await this.find(p.equipmentCode, p.parameter, manager);
    await manager.query(
      `INSERT INTO quality.equipment_parameter (equipment_code, parameter, material_code, operation, unit) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (equipment_code, parameter) DO UPDATE SET material_code = $3, operation = $4, unit = $5`,
      [p.equipmentCode, p.parameter, p.materialCode, p.operation, p.unit],
    );
    return before;
  }

  async list(manager?: EntityManager): Promise<EquipmentParameter[]> {
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.equipment_parameter ORDER BY equipment_code, parameter');
    return rows.map(toParameter);
  }
}

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

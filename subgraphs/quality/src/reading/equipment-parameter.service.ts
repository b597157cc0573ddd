import { badInput, type AuditTrail, type Identity } from '@lotgraph/server';
import type { DataSource } from 'typeorm';
import type { EquipmentParameter, EquipmentParameterRepository } from './equipment-parameter.repository';

/** Maintains the quality domain's catalogue of what each equipment measures, for which material and step. */
export class EquipmentParameterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: EquipmentParameterRepository,
    private readonly audit: AuditTrail,
  ) {}

  register(input: EquipmentParameter, actor: Identity, requestId: string | null): Promise<EquipmentParameter> {
    const entry = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v).trim()])) as unknown as EquipmentParameter;
    for (const [field, value] of Object.entries(entry)) {
      if (!value) throw badInput(`EquipmentParameter ${entry.equipmentCode}/${entry.parameter}`, field, 'required');
    }
    return this.dataSource.transaction(async (manager) => {
      const before = await this.catalogue.upsert(entry, manager);
      const fields = ['materialCode', 'operation', 'unit'] as const;
      const changed = fields.filter((f) => before?.[f] !== entry[f]);
      if (changed.length > 0) {
        await this.audit.record(manager, {
          actor, action: 'REGISTER_EQUIPMENT_PARAMETER', entityType: 'EquipmentParameter', entityId: `${entry.equipmentCode}/${entry.parameter}`,
          changes: Object.fromEntries(changed.map((f) => [f, { old: before?.[f] ?? null, new: entry[f] }])),
          requestId,
        });
      }
      return entry;
    });
  }
}

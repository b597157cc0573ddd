import { notFound } from '@lotgraph/server';
import type { EquipmentRepository } from './equipment.repository';
import type { EquipmentEntity } from './equipment.entity';

export class EquipmentService {
  constructor(private readonly equipment: EquipmentRepository) {}

  async getByCode(code: string): Promise<EquipmentEntity> {
    const unit = await this.equipment.findByCode(code);
    if (!unit) throw notFound('Equipment', 'code', code);
    return unit;
  }
}

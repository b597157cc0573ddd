import { notFound } from '@lotgraph/server';
import type { MaterialRepository } from './material.repository';
import type { MaterialEntity } from './material.entity';

export class MaterialService {
  constructor(private readonly materials: MaterialRepository) {}

  async getByCode(code: string): Promise<MaterialEntity> {
    const material = await this.materials.findByCode(code);
    if (!material) throw notFound('Material', 'code', code);
    return material;
  }

  list(): Promise<MaterialEntity[]> {
    return this.materials.findAll();
  }
}

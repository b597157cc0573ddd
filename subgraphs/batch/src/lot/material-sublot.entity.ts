import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A serialised unit under a lot (ISA-95 MaterialSubLot; GS1 AI 21 serial number). */
@Entity({ name: 'material_sublot' })
export class MaterialSubLotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  /** Serial numbers are unique per material (per GTIN), as GS1 requires. */
  @Column({ name: 'material_id', type: 'uuid' })
  materialId: string;

  @Column({ name: 'serial_number', type: 'text' })
  serialNumber: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

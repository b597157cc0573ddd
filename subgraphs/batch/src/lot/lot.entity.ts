import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

export type LotStatus = 'QUARANTINE' | 'RELEASED' | 'ON_HOLD' | 'REJECTED' | 'RECALLED';

@Entity({ name: 'material_lot' })
export class LotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_number', type: 'text', unique: true })
  lotNumber: string;

  @Column({ name: 'material_id', type: 'uuid' })
  materialId: string;

  @Column({ type: 'text' })
  status: LotStatus;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer })
  quantity: number;

  @Column({ type: 'text' })
  uom: string;

  @Column({ name: 'supplier_id', type: 'uuid', nullable: true })
  supplierId: string | null;

  @Column({ name: 'supplier_lot_number', type: 'text', nullable: true })
  supplierLotNumber: string | null;

  @Column({ name: 'manufactured_on', type: 'date', nullable: true })
  manufacturedOn: string | null;

  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  /** Where an ON_HOLD lot returns when the hold is lifted. */
  @Column({ name: 'status_before_hold', type: 'text', nullable: true })
  statusBeforeHold: LotStatus | null;

  /** Storage location code (warehouse bin, quarantine cage, line-side store). */
  @Column({ name: 'storage_location', type: 'text', nullable: true })
  storageLocation: string | null;

  @Column({ name: 'produced_on_equipment_id', type: 'uuid', nullable: true })
  producedOnEquipmentId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

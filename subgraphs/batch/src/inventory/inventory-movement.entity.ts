import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

/** RETURN (back into stock from production) is allowed by the table for integrations to come; nothing writes it yet. */
export type MovementKind = 'RECEIPT' | 'ISSUE' | 'TRANSFER' | 'RETURN' | 'SHIPMENT';

/** A quantity of a lot entering, leaving or moving through the plant's stock. */
@Entity({ name: 'inventory_movement' })
export class InventoryMovementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ type: 'text' })
  kind: MovementKind;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer })
  quantity: number;

  @Column({ type: 'text' })
  uom: string;

  @Column({ name: 'from_location', type: 'text', nullable: true })
  fromLocation: string | null;

  @Column({ name: 'to_location', type: 'text', nullable: true })
  toLocation: string | null;

  /** Goods receipt, production order, transfer order or shipment number; with kind and lot, the movement's key. */
  @Column({ name: 'document_number', type: 'text' })
  documentNumber: string;

  @Column({ name: 'moved_by', type: 'text' })
  movedBy: string;

  @Column({ name: 'moved_at', type: 'timestamptz' })
  movedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}

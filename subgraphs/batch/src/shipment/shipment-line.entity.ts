import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

@Entity({ name: 'shipment_line' })
export class ShipmentLineEntity {
  @PrimaryColumn({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @PrimaryColumn({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer })
  quantity: number;

  @Column({ type: 'text' })
  uom: string;
}

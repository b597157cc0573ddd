import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

/** A consumed (parent) lot went into a produced (child) lot in a segment; what traces walk. */
@Entity({ name: 'genealogy_link' })
export class GenealogyLinkEntity {
  @PrimaryColumn({ name: 'parent_lot_id', type: 'uuid' })
  parentLotId: string;

  @PrimaryColumn({ name: 'child_lot_id', type: 'uuid' })
  childLotId: string;

  @PrimaryColumn({ name: 'segment_id', type: 'uuid' })
  segmentId: string;

  /** Quantity of the parent lot consumed, in the parent's unit. */
  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer })
  quantity: number;

  @Column({ type: 'text' })
  uom: string;
}

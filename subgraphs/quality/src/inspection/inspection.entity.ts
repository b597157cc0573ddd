import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

export type InspectionStage = 'INCOMING' | 'IN_PROCESS' | 'FINAL';
export type InspectionResult = 'PASS' | 'FAIL' | 'PENDING';
/** Whose result it is: our own (QC, LIMS), or the value on the supplier's certificate of analysis. */
export type InspectionSource = 'OWN' | 'SUPPLIER_COA';

/**
 * One test or characteristic checked on one sample of a lot (ISA-95 TestResult), as the inspector or the LIMS
 * reports it, or a supplier's certificate of analysis states it. Identified by lot, source, sample and test: the same
 * report sent twice is the same inspection.
 */
@Entity({ name: 'inspection' })
export class InspectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Id of the batch subgraph's Lot; a reference across subgraphs, so no foreign key. */
  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  /** The lot number as it was reported, kept with the result. */
  @Column({ name: 'lot_number', type: 'text' })
  lotNumber: string;

  /** The material of the lot, as the batch domain named it when the result was recorded; null for older results. */
  @Column({ name: 'material_code', type: 'text', nullable: true })
  materialCode: string | null;

  /** A supplier's CoA value is kept beside our own results; it never counts for release. */
  @Column({ type: 'text', default: 'OWN' })
  source: InspectionSource;

  @Column({ name: 'sample_id', type: 'text' })
  sampleId: string;

  @Column({ type: 'text' })
  stage: InspectionStage;

  /** The characteristic or test, e.g. "Melt flow rate (230 °C/2.16 kg)". */
  @Column({ name: 'test_name', type: 'text' })
  testName: string;

  /** A required inspection must PASS before the lot may be released. */
  @Column({ type: 'boolean' })
  required: boolean;

  @Column({ type: 'text' })
  result: InspectionResult;

  @Column({ name: 'measured_value', type: 'numeric', nullable: true, transformer: numericTransformer })
  measuredValue: number | null;

  @Column({ type: 'text', nullable: true })
  unit: string | null;

  /** What was observed, for an attribute (go/no-go, visual) inspection. */
  @Column({ name: 'attribute_value', type: 'text', nullable: true })
  attributeValue: string | null;

  /** The specification the result was judged against, as text until specifications are modelled. */
  @Column({ name: 'spec_reference', type: 'text', nullable: true })
  specReference: string | null;

  /** The limits the measured value was judged against, when given with it. */
  @Column({ name: 'lower_limit', type: 'numeric', nullable: true, transformer: numericTransformer })
  lowerLimit: number | null;

  @Column({ name: 'upper_limit', type: 'numeric', nullable: true, transformer: numericTransformer })
  upperLimit: number | null;

  /** What the source sent that LotGraph has no field for (column name to value), kept as it came; null when nothing. */
  @Column({ name: 'source_attributes', type: 'jsonb', nullable: true })
  sourceAttributes: Record<string, string> | null;

  @Column({ name: 'inspected_by', type: 'text' })
  inspectedBy: string;

  @Column({ name: 'inspected_at', type: 'timestamptz' })
  inspectedAt: Date;

  /** User id of who recorded it (the inspector, or the integration that brought it from the LIMS). */
  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}

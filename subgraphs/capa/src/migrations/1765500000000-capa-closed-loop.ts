import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable, createSignatureTable, makeAppendOnly, makeUndeletable } from '@lotgraph/server';

const STATUSES = `'OPEN', 'INVESTIGATING', 'PLAN_APPROVED', 'IMPLEMENTING', 'EFFECTIVENESS_CHECK', 'CLOSED', 'CANCELLED'`;

/**
 * The CAPA closed loop: sources (exceptions, audit findings, complaints), risk, the root-cause analyses and
 * effectiveness checks (append-only, versioned), actions with change requests and completion evidence, plan and
 * closing signatures, and the capa outbox that tells quality's notifications of CAPA events. CAPAs and actions are
 * kept: the database refuses to delete them (a CAPA is cancelled with a reason instead).
 */
export class CapaClosedLoop1765500000000 implements MigrationInterface {
  name = 'CapaClosedLoop1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE capa.capa DROP CONSTRAINT capa_status_check`);
    await db.query(`UPDATE capa.capa SET status = 'INVESTIGATING' WHERE status = 'ROOT_CAUSE_ANALYSIS'`);
    await db.query(`ALTER TABLE capa.capa ADD CONSTRAINT capa_status_check CHECK (status IN (${STATUSES}))`);
    await db.query(`
      ALTER TABLE capa.capa
        ADD COLUMN type text NOT NULL DEFAULT 'CORRECTIVE' CHECK (type IN ('CORRECTIVE', 'PREVENTIVE')),
        ADD COLUMN problem_statement text,
        ADD COLUMN risk_before jsonb,
        ADD COLUMN risk_after jsonb,
        ADD COLUMN root_cause_category text,
        ADD COLUMN scope jsonb NOT NULL DEFAULT '{"equipmentCodes": [], "parameters": [], "materialCodes": [], "supplierCodes": [], "lotNumbers": []}'::jsonb,
        ADD COLUMN created_by text,
        ADD COLUMN plan_approved_at timestamptz,
        ADD COLUMN plan_approved_by text,
        ADD COLUMN effectiveness_started_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN closed_by text,
        ADD COLUMN closing_summary text,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by text,
        ADD COLUMN cancel_reason text`);
    // Recorded before a CAPA had a problem statement of its own: its title said it.
    await db.query(`UPDATE capa.capa SET problem_statement = title`);
    await db.query(`ALTER TABLE capa.capa ALTER COLUMN problem_statement SET NOT NULL`);

    await db.query(`
      CREATE TABLE capa.capa_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        capa_id uuid NOT NULL REFERENCES capa.capa(id),
        position int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('EXCEPTION', 'AUDIT_FINDING', 'CUSTOMER_COMPLAINT')),
        exception_id uuid,
        exception_number text,
        reference text,
        description text,
        CHECK ((kind = 'EXCEPTION') = (exception_id IS NOT NULL)),
        UNIQUE (capa_id, position)
      )`);
    await db.query(`CREATE INDEX capa_source_exception_idx ON capa.capa_source (exception_id)`);
    // The capa domain never reads quality's tables: sources of CAPAs recorded before carry their exception by id only.
    await db.query(`INSERT INTO capa.capa_source (capa_id, position, kind, exception_id) SELECT id, 1, 'EXCEPTION', exception_id FROM capa.capa`);
    await db.query(`ALTER TABLE capa.capa DROP COLUMN exception_id`);
    await makeAppendOnly(db, 'capa', 'capa_source');

    await db.query(`ALTER TABLE capa.capa_action DROP CONSTRAINT capa_action_capa_id_position_key`);
    await db.query(`ALTER TABLE capa.capa_action RENAME COLUMN position TO sequence`);
    await db.query(`UPDATE capa.capa_action SET sequence = sequence + 1`);
    await db.query(`ALTER TABLE capa.capa_action ADD CONSTRAINT capa_action_sequence_key UNIQUE (capa_id, sequence)`);
    await db.query(`ALTER TABLE capa.capa_action DROP CONSTRAINT capa_action_status_check`);
    await db.query(`UPDATE capa.capa_action SET status = 'DONE' WHERE status = 'VERIFIED'`);
    await db.query(`ALTER TABLE capa.capa_action ADD CONSTRAINT capa_action_status_check CHECK (status IN ('OPEN', 'DONE'))`);
    await db.query(`
      ALTER TABLE capa.capa_action
        ADD COLUMN change_requests jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN completion_evidence text,
        ADD COLUMN completion_evidence_links jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN completed_by text,
        ADD COLUMN created_by text,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN overdue_notified_at timestamptz`);
    await db.query(`CREATE INDEX capa_action_open_due_idx ON capa.capa_action (due_on) WHERE status = 'OPEN'`);

    await db.query(`
      CREATE TABLE capa.root_cause_analysis (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        capa_id uuid NOT NULL REFERENCES capa.capa(id),
        version int NOT NULL CHECK (version >= 1),
        five_whys jsonb NOT NULL,
        causes jsonb NOT NULL,
        root_cause_key text NOT NULL,
        justification text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (capa_id, version)
      )`);
    await makeAppendOnly(db, 'capa', 'root_cause_analysis');

    await db.query(`
      CREATE TABLE capa.effectiveness_check (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        capa_id uuid NOT NULL REFERENCES capa.capa(id),
        version int NOT NULL CHECK (version >= 1),
        metric jsonb NOT NULL,
        baseline_from timestamptz NOT NULL,
        baseline_to timestamptz NOT NULL,
        verification_from timestamptz,
        verification_to timestamptz NOT NULL,
        comparison text NOT NULL CHECK (comparison IN ('AT_MOST', 'AT_LEAST')),
        target double precision NOT NULL,
        min_samples int NOT NULL CHECK (min_samples >= 1),
        baseline_value double precision,
        baseline_sample_size int NOT NULL,
        defined_by text NOT NULL,
        defined_at timestamptz NOT NULL DEFAULT now(),
        CHECK (baseline_from < baseline_to AND baseline_to <= coalesce(verification_from, verification_to) AND coalesce(verification_from, baseline_to) < verification_to),
        UNIQUE (capa_id, version)
      )`);
    await makeAppendOnly(db, 'capa', 'effectiveness_check');
    // A check's result kept as it was: the PASS a CAPA closed on, or the FAIL that sent it back to investigation.
    await db.query(`
      CREATE TABLE capa.effectiveness_verdict (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        capa_id uuid NOT NULL REFERENCES capa.capa(id),
        version int NOT NULL,
        result jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (capa_id, version),
        FOREIGN KEY (capa_id, version) REFERENCES capa.effectiveness_check (capa_id, version)
      )`);
    await makeAppendOnly(db, 'capa', 'effectiveness_verdict');

    await makeUndeletable(db, 'capa', 'capa', 'CAPAs are kept: % on capa.capa is refused; cancel a CAPA with a reason instead');
    await makeUndeletable(db, 'capa', 'capa_action', 'CAPA actions are kept: % on capa.capa_action is refused');
    await createSignatureTable(db, 'capa');
    await createOutboxTable(db, 'capa');
  }

  async down(): Promise<void> {
    // Undoing it would drop signatures, analyses and checks, which are GxP records; they are kept.
    throw new Error('CapaClosedLoop1765500000000 is not undone: the CAPA records it added (signatures, analyses, checks, sources) are kept');
  }
}

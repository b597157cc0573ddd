import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCapaTables1763712200000 implements MigrationInterface {
  name = 'CreateCapaTables1763712200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE capa.capa (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        exception_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'ROOT_CAUSE_ANALYSIS', 'IMPLEMENTING', 'EFFECTIVENESS_CHECK', 'CLOSED', 'CANCELLED')),
        root_cause text,
        owner text NOT NULL,
        due_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX capa_exception_idx ON capa.capa (exception_id)`);
    await db.query(`
      CREATE TABLE capa.capa_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        capa_id uuid NOT NULL REFERENCES capa.capa(id),
        position int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CORRECTION', 'CORRECTIVE', 'PREVENTIVE')),
        description text NOT NULL,
        owner text NOT NULL,
        due_on date,
        status text NOT NULL CHECK (status IN ('OPEN', 'DONE', 'VERIFIED')),
        UNIQUE (capa_id, position)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE capa.capa_action`);
    await db.query(`DROP TABLE capa.capa`);
  }
}

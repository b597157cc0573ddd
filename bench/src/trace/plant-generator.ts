import type { DataSource, QueryRunner } from 'typeorm';
import { CUSTOMERS, EQUIPMENT, GENERATOR_VERSION, MATERIALS, SUPPLIERS, lotCounts, materialByKey, type MaterialSpec } from './plant';

export interface PlantSizes {
  lots: number;
  links: number;
  productionOrders: number;
  segments: number;
  shipments: number;
  shipmentLines: number;
  /** Bytes of the batch tables with their indexes. */
  batchBytes: number;
}

export interface PlantInfo {
  fingerprint: string;
  /** The plant was already in the database from an earlier run. */
  reused: boolean;
  /** How long generating it took (in the run that generated it). */
  generationMs: number;
  sizes: PlantSizes;
}

export function plantFingerprint(lots: number, seed: number): string {
  return `${GENERATOR_VERSION};lots=${lots};seed=${seed}`;
}

/** Pseudo-random, deterministic integer in [0, 2^31) from a row number and a salt (no random(): parallel plans would reorder it). */
const hashOf = (seed: number, salt: number, value: string) =>
  `(hashint8((${seed}::bigint << 40) + (${salt}::bigint << 32) + (${value})::bigint) & 2147483647)`;

const uuidOf = (kind: string, key: string, index: string) => `md5('bench-${kind}:${key}:' || (${index}))::uuid`;
const lotIdOf = (key: string, index: string) => uuidOf('lot', key, index);
const literalUuid = (kind: string, key: string) => `md5('bench-${kind}:${key}')::uuid`;
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const pickFrom = (ids: string[], index: string) => `(ARRAY[${ids.join(', ')}])[1 + (${index}) % ${ids.length}]`;

/** Day offset (within two years of production) of lot `i` of `count`. */
const dayOf = (i: string, count: number) => `((${i} - 1)::bigint * 730 / ${count})::int`;

function statusOf(material: MaterialSpec, count: number, seed: number): string {
  // Finished lots of the last few days still wait for release; a few lots of every kind are on hold.
  const recent = material.level === 'FINISHED' ? `i > ${count} - greatest(1, ${count} / 100)` : 'false';
  return `CASE WHEN ${recent} THEN 'QUARANTINE' WHEN ${hashOf(seed, 1, 'i')} % 1000 < 5 THEN 'ON_HOLD' ELSE 'RELEASED' END`;
}

const quantityOf = (material: MaterialSpec, seed: number) => `(${material.lotQuantity} * (90 + ${hashOf(seed, 2, 'i')} % 21) / 100)`;

/** A shipped finished lot: released, and seven in ten of them. */
const shippedOf = (material: MaterialSpec, count: number, seed: number) => `(${statusOf(material, count, seed)}) = 'RELEASED' AND ${hashOf(seed, 3, 'i')} % 10 < 7`;

/** How far back (in lots of the consumed material) a run may reach for its inputs. */
const WINDOW = 6;

/** The INSERT ... SELECT statements that write the plant, each with a label for progress output. */
export function plantStatements(totalLots: number, seed: number): Array<{ label: string; sql: string }> {
  const counts = lotCounts(totalLots);
  const statements: Array<{ label: string; sql: string }> = [];
  const add = (label: string, sql: string) => statements.push({ label, sql });

  add(
    'suppliers, customers, equipment, materials',
    [
      `INSERT INTO batch.supplier (id, code, name, country) VALUES ${SUPPLIERS.map((s) => `(${literalUuid('supplier', s.code)}, ${quote(s.code)}, ${quote(s.name)}, ${quote(s.country)})`).join(', ')}`,
      `INSERT INTO batch.customer (id, code, name, country) VALUES ${CUSTOMERS.map((c) => `(${literalUuid('customer', c.code)}, ${quote(c.code)}, ${quote(c.name)}, ${quote(c.country)})`).join(', ')}`,
      ...EQUIPMENT.map(
        (e) =>
          `INSERT INTO batch.equipment (id, code, name, level, parent_id) VALUES (${literalUuid('equipment', e.code)}, ${quote(e.code)}, ${quote(e.name)}, ${quote(e.level)}, ${e.parent ? literalUuid('equipment', e.parent) : 'NULL'})`,
      ),
      `INSERT INTO batch.material (id, code, name, gtin, material_class, critical, uom) VALUES ${MATERIALS.map(
        (m) => `(${literalUuid('material', m.code)}, ${quote(m.code)}, ${quote(m.name)}, ${m.gtin ? quote(m.gtin) : 'NULL'}, ${quote(m.materialClass)}, ${m.critical}, ${quote(m.uom)})`,
      ).join(', ')}`,
    ].join(';\n'),
  );

  for (const material of MATERIALS) {
    const count = counts.get(material.key)!;
    const supplied = material.level === 'SUPPLIED';
    const equipment = material.equipment?.map((code) => literalUuid('equipment', code));
    const expiresAfterDays = supplied ? 730 : material.level === 'FINISHED' ? 1825 : null;
    add(
      `${count.toLocaleString('en-US')} ${material.code} lots`,
      `INSERT INTO batch.material_lot (id, lot_number, material_id, status, status_before_hold, quantity, uom, supplier_id,
         supplier_lot_number, manufactured_on, expires_on, produced_on_equipment_id)
       SELECT id, lot_number, ${literalUuid('material', material.code)}, status, CASE WHEN status = 'ON_HOLD' THEN 'RELEASED' END,
              quantity, ${quote(material.uom)}, supplier_id, supplier_lot_number, made, ${expiresAfterDays ? `made + ${expiresAfterDays}` : 'NULL'}, equipment_id
         FROM (SELECT ${lotIdOf(material.key, 'i')} AS id,
                      ${quote(material.prefix + '-')} || lpad(i::text, 7, '0') AS lot_number,
                      ${statusOf(material, count, seed)} AS status,
                      ${quantityOf(material, seed)} AS quantity,
                      ${supplied ? pickFrom(material.suppliers!.map((code) => literalUuid('supplier', code)), 'i') : 'NULL::uuid'} AS supplier_id,
                      ${supplied ? `'SL-${material.prefix}-' || (100000 + i)` : 'NULL'} AS supplier_lot_number,
                      date '2024-01-01' + ${dayOf('i', count)} - ${supplied ? 14 : 0} AS made,
                      ${equipment ? pickFrom(equipment, 'i') : 'NULL::uuid'} AS equipment_id
                 FROM generate_series(1, ${count}) AS i) lot`,
    );
  }

  for (const material of MATERIALS.filter((m) => m.inputs)) {
    const count = counts.get(material.key)!;
    const equipment = material.equipment!.map((code) => literalUuid('equipment', code));
    const parameter = material.parameter!;
    add(
      `${count.toLocaleString('en-US')} ${material.code} production orders and segments`,
      [
        `INSERT INTO batch.production_order (id, number, material_id, planned_quantity, status)
         SELECT ${uuidOf('order', material.key, 'i')}, 'PO-${material.prefix}-' || lpad(i::text, 7, '0'), ${literalUuid('material', material.code)},
                ${material.lotQuantity}, 'COMPLETED'
           FROM generate_series(1, ${count}) AS i`,
        `INSERT INTO batch.production_segment (id, production_order_id, operation, equipment_id, started_at, ended_at, operator, parameters)
         SELECT ${uuidOf('segment', material.key, 'i')}, ${uuidOf('order', material.key, 'i')}, ${quote(material.operation!)},
                ${pickFrom(equipment, 'i')}, started, started + interval '8 hours', 'operator',
                jsonb_build_object(${quote(parameter.name)}, jsonb_build_object('value', ${parameter.base} + ${hashOf(seed, 4, 'i')} % ${parameter.spread + 1}, 'unit', ${quote(parameter.unit)}))
           FROM (SELECT i, timestamptz '2024-01-01 06:00:00+00' + ((i - 1)::bigint * 730 * 86400 / ${count}) * interval '1 second' AS started
                   FROM generate_series(1, ${count}) AS i) run`,
      ].join(';\n'),
    );
    for (const [ordinal, input] of material.inputs!.entries()) {
      const consumed = materialByKey(input.material);
      const available = counts.get(consumed.key)!;
      const salt = 10 + MATERIALS.indexOf(material) * 8 + ordinal;
      // The lot of the consumed material made at about the same point in time, reaching back a few lots, then the ones before it.
      const pick = `((((i - 1)::bigint * ${available} / ${count}) - ${hashOf(seed, salt, 'i')} % ${WINDOW} - k) % ${available} + ${available}) % ${available} + 1`;
      const [min, max] = input.quantity;
      add(
        `${(count * input.lots).toLocaleString('en-US')} genealogy links ${consumed.code} -> ${material.code}`,
        `INSERT INTO batch.genealogy_link (parent_lot_id, child_lot_id, segment_id, quantity, uom)
         SELECT ${lotIdOf(consumed.key, pick)}, ${lotIdOf(material.key, 'i')}, ${uuidOf('segment', material.key, 'i')},
                ${min} + ${hashOf(seed, salt + 100, 'i * 8 + k')} % ${max - min + 1}, ${quote(consumed.uom)}
           FROM generate_series(1, ${count}) AS i CROSS JOIN generate_series(0, ${input.lots - 1}) AS k`,
      );
    }
  }

  for (const material of MATERIALS.filter((m) => m.level === 'FINISHED')) {
    const count = counts.get(material.key)!;
    // Four consecutive finished lots go out in one shipment, to one customer.
    const shipmentId = uuidOf('shipment', material.key, 'shipment_index');
    const shipped = `SELECT (i - 1) / 4 + 1 AS shipment_index, i FROM generate_series(1, ${count}) AS i WHERE ${shippedOf(material, count, seed)}`;
    add(
      `${material.code} shipments`,
      [
        `INSERT INTO batch.shipment (id, number, customer_id, shipped_at)
         SELECT ${shipmentId}, 'SH-${material.prefix}-' || lpad(shipment_index::text, 7, '0'),
                ${pickFrom(CUSTOMERS.map((c) => literalUuid('customer', c.code)), hashOf(seed, 5, 'shipment_index'))},
                timestamptz '2024-01-11 09:00:00+00' + (max(i) - 1)::bigint * 730 * 86400 / ${count} * interval '1 second'
           FROM (${shipped}) line GROUP BY shipment_index`,
        `INSERT INTO batch.shipment_line (shipment_id, lot_id, quantity, uom)
         SELECT ${shipmentId}, ${lotIdOf(material.key, 'i')}, ${quantityOf(material, seed)}, ${quote(material.uom)}
           FROM (${shipped}) line`,
      ].join(';\n'),
    );
  }
  return statements;
}

const BATCH_TABLES = ['material', 'supplier', 'equipment', 'material_lot', 'production_order', 'production_segment', 'genealogy_link', 'customer', 'shipment', 'shipment_line'];

export async function measurePlant(dataSource: DataSource): Promise<PlantSizes> {
  const count = async (table: string) => Number((await dataSource.query(`SELECT count(*)::bigint AS n FROM batch.${table}`))[0].n);
  const bytes = await dataSource.query(
    `SELECT sum(pg_total_relation_size(format('batch.%I', t)::regclass))::bigint AS n FROM unnest($1::text[]) AS t`,
    [BATCH_TABLES],
  );
  return {
    lots: await count('material_lot'),
    links: await count('genealogy_link'),
    productionOrders: await count('production_order'),
    segments: await count('production_segment'),
    shipments: await count('shipment'),
    shipmentLines: await count('shipment_line'),
    batchBytes: Number(bytes[0].n),
  };
}

/** The plant this database holds, when a previous run generated the one asked for. */
export async function findPlant(dataSource: DataSource, fingerprint: string): Promise<PlantInfo | null> {
  const exists = await dataSource.query(`SELECT to_regclass('bench.plant') IS NOT NULL AS present`);
  if (!exists[0].present) return null;
  const rows = await dataSource.query(`SELECT generation_ms, sizes FROM bench.plant WHERE fingerprint = $1`, [fingerprint]);
  if (rows.length === 0) return null;
  return { fingerprint, reused: true, generationMs: Number(rows[0].generation_ms), sizes: rows[0].sizes as PlantSizes };
}

/**
 * Writes the plant into the (freshly migrated, empty) batch tables with set-based SQL, then VACUUM ANALYZE, and
 * records its fingerprint so the next run can reuse it.
 */
export async function generatePlant(
  dataSource: DataSource,
  options: { lots: number; seed: number; skipForeignKeyChecks: boolean },
  log: (line: string) => void,
): Promise<PlantInfo> {
  const started = performance.now();
  const runner: QueryRunner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Replica mode skips the foreign-key triggers: the generator makes every key hold by construction, and the
    // small plants of the tests load with the checks on.
    if (options.skipForeignKeyChecks) await runner.query(`SET session_replication_role = replica`);
    await runner.startTransaction();
    for (const statement of plantStatements(options.lots, options.seed)) {
      const step = performance.now();
      await runner.query(statement.sql);
      log(`  ${statement.label}: ${((performance.now() - step) / 1000).toFixed(1)} s`);
    }
    await runner.commitTransaction();
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    if (options.skipForeignKeyChecks) await runner.query(`SET session_replication_role = DEFAULT`).catch(() => undefined);
    await runner.release();
  }
  const step = performance.now();
  for (const table of BATCH_TABLES) await dataSource.query(`VACUUM ANALYZE batch.${table}`);
  log(`  VACUUM ANALYZE: ${((performance.now() - step) / 1000).toFixed(1)} s`);
  const generationMs = Math.round(performance.now() - started);
  const sizes = await measurePlant(dataSource);
  const fingerprint = plantFingerprint(options.lots, options.seed);
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS bench`);
  await dataSource.query(`CREATE TABLE IF NOT EXISTS bench.plant (fingerprint text PRIMARY KEY, generation_ms integer NOT NULL, sizes jsonb NOT NULL, generated_at timestamptz NOT NULL DEFAULT now())`);
  await dataSource.query(`INSERT INTO bench.plant (fingerprint, generation_ms, sizes) VALUES ($1, $2, $3)`, [fingerprint, generationMs, JSON.stringify(sizes)]);
  return { fingerprint, reused: false, generationMs, sizes };
}

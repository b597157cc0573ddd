import { performance } from 'node:perf_hooks';
import { findDemoUser, signToken, type DatabaseOptions } from '@lotgraph/server';
import { startHub } from '@lotgraph/gateway';
import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { benchHubConfig } from '../bench-hub-config';
import { percentile } from '../trace/stats';
import { PARAMETERS, limitsOf } from './reading-generator';

export interface LatencyFigures {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  /** The recordReadings call alone (stored, judged, committed), p50: the part of the latency the caller waits for. */
  ingestP50: number;
}

/** A material, parameter, specification and rule of its own, so this part needs nothing from the throughput run. */
const MATERIAL = { materialCode: 'SA-BENCH-HOLD', operation: 'MOULDING' };
const BARREL = { ...PARAMETERS[0], parameter: 'HOLD_BARREL_TEMP' };
const SPEC = 'SPEC-BENCH-HOLD';

type Ask = (user: string, query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The parameter's specification, approved with a QA manager's e-signature, and an out-of-spec rule, through the graph. */
async function setUp(ask: Ask): Promise<void> {
  await ask('qa.engineer', `mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { unit } }`, {
    input: { equipmentCode: 'HOLD-SETUP', parameter: BARREL.parameter, ...MATERIAL, unit: BARREL.unit },
  });
  await ask('qa.engineer', `mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { status } }`, {
    input: { specNumber: SPEC, ...MATERIAL, effectiveFrom: '2026-01-01T00:00:00Z', parameters: [limitsOf(BARREL)] },
  });
  const specs = (await ask('qa.engineer', `{ specifications(specNumber: "${SPEC}") { version contentHash } }`, {})) as { specifications: Array<{ version: number; contentHash: string }> };
  const { version, contentHash } = specs.specifications[0];
  await ask('qa.manager', `mutation ($signature: SignatureInput!) { approveSpecificationVersion(specNumber: "${SPEC}", version: ${version}, signature: $signature) { status } }`, {
    signature: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash },
  });
  await ask('qa.engineer', `mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code } }`, {
    input: { code: 'HOLD-OOS', kind: 'OUT_OF_SPEC', parameter: BARREL.parameter },
  });
}

/**
 * Detection-to-hold latency: the whole graph in this process (gateway and subgraphs, as `npm start` runs it, demo
 * plant loaded), and per sample a new lot received and a machine of its own, then five readings of that machine
 * naming the lot, the last beyond the USL, posted to the gateway as the MES integration. Timed from the post
 * until the lot is ON_HOLD in the batch domain's table: judged, violation stored, exception raised with the lot
 * looked up through the graph, hold requested and delivered through the outbox, all in the background.
 */
export async function detectionToHoldLatency(target: DatabaseOptions, samples: number, log: (line: string) => void = () => undefined): Promise<LatencyFigures | null> {
  if (samples < 1) return null;
  // Embedded: a fresh in-memory database of its own (one PGlite per data dir); PostgreSQL: the bench's database.
  const config = benchHubConfig(target.databaseUrl ? target : { ...target, dataDir: `memory://bench-hold-${process.pid}-${Date.now()}` }, { seedDemo: true });
  const hub = await startHub(config, { port: 0 });
  try {
    const ask = async (user: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken(findDemoUser(user)!, config.jwtSecret, '1h')}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string }> };
      if (body.errors?.length) throw new Error(`${user}: ${body.errors.map((e) => e.message).join('; ')}`);
      return body.data!;
    };
    await setUp(ask);
    const batch = hub.databases.batch!.dataSource;
    const statusOf = async (lotNumber: string) => ((await batch.query('SELECT status FROM batch.material_lot WHERE lot_number = $1', [lotNumber])) as Array<{ status: string }>)[0]?.status;
    const run = Date.now().toString(36);
    log(`Detection to hold: ${samples} excursions through the gateway, each on a new lot and machine ...`);
    const latencies: number[] = [];
    const ingest: number[] = [];
    for (let i = 0; i < samples; i++) {
      const lotNumber = `BENCH-${run}-${i}`;
      const equipmentCode = `HOLD-${run}-${i}`;
      await ask('integrator', `mutation ($input: ReceiveLotInput!) { receiveLot(input: $input) { status } }`, {
        input: { lotNumber, materialCode: 'RM-PP-1001', supplierCode: 'SUP-NPR', quantity: 100, uom: 'kg', storageLocation: 'BENCH', receiptNumber: `GR-${run}-${i}` },
      });
      await ask('qa.engineer', `mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { unit } }`, {
        input: { equipmentCode, parameter: BARREL.parameter, ...MATERIAL, unit: BARREL.unit },
      });
      const usl = limitsOf(BARREL).usl;
      const now = Date.now();
      const readings = [0, 0.4, -0.3, 0.2, usl - BARREL.target + 3].map((offset, k) => ({
        readingId: `${equipmentCode}-${k}`, equipmentCode, parameter: BARREL.parameter, value: String(BARREL.target + offset),
        measuredAt: new Date(now - (5 - k) * 10_000).toISOString(), lotNumber,
      }));
      const started = performance.now();
      await ask('integrator', `mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }`, { readings });
      ingest.push(performance.now() - started);
      for (;;) {
        if ((await statusOf(lotNumber)) === 'ON_HOLD') break;
        if (performance.now() - started > 30_000) throw new Error(`lot ${lotNumber} was not held within 30 s of its excursion`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      latencies.push(performance.now() - started);
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), samples, ingestP50: percentile(ingest, 50) };
  } finally {
    await hub.stop();
  }
}

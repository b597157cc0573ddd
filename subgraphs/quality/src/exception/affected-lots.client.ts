import type { GraphCaller, GraphClient } from '@lotgraph/server';
import type { AffectedLotRole } from './affected-lot.entity';

export interface ImpactLot {
  id: string;
  lotNumber: string;
  status: string;
  role: AffectedLotRole;
}

/** What an excursion on a machine reached, as the batch domain knows it. */
export interface Impact {
  equipmentId: string | null;
  productionOrderNumber: string | null;
  lots: ImpactLot[];
  /** Codes of the customers that received lots made from the affected ones. */
  customers: string[];
}

type LotRow = { id: string; lotNumber: string; status: string };

const EQUIPMENT = 'query QualityEquipment($code: String!) { equipment(code: $code) { id } }';
const RUNS = `query QualityEquipmentRuns($code: String!, $from: DateTime!, $to: DateTime!) {
  equipmentRuns(equipmentCode: $code, from: $from, to: $to) { order { number } actuals { use lot { id lotNumber status } } }
}`;
const LOT = 'query QualityAffectedLot($lotNumber: String!) { lot(lotNumber: $lotNumber) { id lotNumber status } }';
const DOWNSTREAM = `query QualityDownstream($lotNumber: String!) {
  trace(lotNumber: $lotNumber, direction: DOWNSTREAM) { lots { id lotNumber status } shipments { customer { code } } }
}`;

/** The lot a lot rule found something on, as the batch domain knows it, and what was made from it. */
export interface LotImpact extends Impact {
  lot: ImpactLot & { materialCode: string; criticalMaterial: boolean };
}

const FOUND_LOT = 'query QualityFoundLot($lotNumber: String!) { lot(lotNumber: $lotNumber) { id lotNumber status material { code critical } } }';

/**
 * The runs asked about: the excursion's span, at most its last 30 days (the batch domain answers windows of up to
 * 31): a violation running for months has long since grouped its earlier lots.
 */
const lookBack = (from: Date, to: Date) => new Date(Math.max(from.getTime(), to.getTime() - 30 * 24 * 3_600_000));

/** The customers an exception's lots reached, in the words of its impact summary. */
export const customersReached = (customers: readonly string[]): string =>
  customers.length ? `reached ${customers.length} customer(s): ${customers.join(', ')}` : 'no customer reached';

/** What the grading matrix asks of an impact: customers reached, lots made from the affected ones released. */
export const impactFacts = (impact: Pick<Impact, 'lots' | 'customers'>): { reachedCustomers: boolean; releasedDownstream: boolean } => ({
  reachedCustomers: impact.customers.length > 0,
  releasedDownstream: impact.lots.some((lot) => lot.role === 'DOWNSTREAM' && lot.status === 'RELEASED'),
});

/** Lots whose holds can no longer matter: they are final in the batch domain. */
const FINAL = new Set(['REJECTED', 'RECALLED']);
export const isHoldable = (lot: { status: string }): boolean => !FINAL.has(lot.status);

/**
 * The lots a process excursion affects (issue 5): the lot running on the machine (from the MES segments that ran
 * in the excursion's window, and any lot the readings named), the lots that run consumed, and every lot already
 * made from the running lots downstream, with the customers those reached. Asked through the graph.
 */
export class AffectedLotsClient {
  constructor(private readonly graph: GraphClient) {}

  async find(request: { equipmentCode: string; from: Date; to: Date; namedLots: string[]; namedOrder: string | null }, caller: GraphCaller): Promise<Impact> {
    const notFound = (errors: Array<{ extensions?: Record<string, unknown> }>) => errors.every((e) => e.extensions?.code === 'NOT_FOUND');
    // Equipment the quality catalogue knows but the MES has not reported runs on has no running lots to find.
    const { equipment } = await this.ask<{ equipment: { id: string } | null }>(EQUIPMENT, { code: request.equipmentCode }, caller, notFound);
    const segments = equipment
      ? (
          await this.ask<{ equipmentRuns: Array<{ order: { number: string }; actuals: Array<{ use: string; lot: LotRow }> }> }>(RUNS, {
            code: request.equipmentCode, from: lookBack(request.from, request.to).toISOString(), to: request.to.toISOString(),
          }, caller)
        ).equipmentRuns
      : [];
    const lots = new Map<string, ImpactLot>();
    const add = (lot: LotRow, role: AffectedLotRole) => {
      if (!lots.has(lot.id)) lots.set(lot.id, { ...lot, role });
    };
    for (const lotNumber of request.namedLots) {
      const found = await this.ask<{ lot: LotRow | null }>(LOT, { lotNumber }, caller, notFound);
      if (found.lot) add(found.lot, 'RUNNING');
    }
    for (const segment of segments) for (const actual of segment.actuals) if (actual.use === 'PRODUCED') add(actual.lot, 'RUNNING');
    for (const segment of segments) for (const actual of segment.actuals) if (actual.use === 'CONSUMED') add(actual.lot, 'CONSUMED');
    const customers = new Set<string>();
    const running = [...lots.values()].filter((lot) => lot.role === 'RUNNING');
    for (const lot of running) {
      const { trace } = await this.ask<{ trace: { lots: LotRow[]; shipments: Array<{ customer: { code: string } }> } }>(DOWNSTREAM, { lotNumber: lot.lotNumber }, caller);
      for (const reached of trace.lots.slice(1)) add(reached, 'DOWNSTREAM');
      for (const shipment of trace.shipments) customers.add(shipment.customer.code);
    }
    return {
      equipmentId: equipment?.id ?? null,
      productionOrderNumber: request.namedOrder ?? segments.at(-1)?.order.number ?? null,
      lots: [...lots.values()],
      customers: [...customers].sort(),
    };
  }

  /**
   * The lots a finding on one lot affects (issue 5, lot rules): the lot itself (REPORTED) and every lot already
   * made from it (DOWNSTREAM), with the customers those reached.
   */
  async forLot(lotNumber: string, caller: GraphCaller): Promise<LotImpact> {
    const { lot } = await this.ask<{ lot: (LotRow & { material: { code: string; critical: boolean } }) | null }>(FOUND_LOT, { lotNumber }, caller);
    if (!lot) throw new Error(`the batch domain does not know lot ${lotNumber}`);
    const { trace } = await this.ask<{ trace: { lots: LotRow[]; shipments: Array<{ customer: { code: string } }> } }>(DOWNSTREAM, { lotNumber }, caller);
    const found = { id: lot.id, lotNumber: lot.lotNumber, status: lot.status, role: 'REPORTED' as const, materialCode: lot.material.code, criticalMaterial: lot.material.critical };
    const downstream = trace.lots.filter((reached) => reached.id !== lot.id).map((reached) => ({ ...reached, role: 'DOWNSTREAM' as const }));
    return {
      lot: found,
      equipmentId: null,
      productionOrderNumber: null,
      lots: [found, ...downstream],
      customers: [...new Set(trace.shipments.map((shipment) => shipment.customer.code))].sort(),
    };
  }

  private async ask<T>(query: string, variables: Record<string, unknown>, caller: GraphCaller, tolerated?: (errors: Array<{ extensions?: Record<string, unknown> }>) => boolean): Promise<T> {
    const response = await this.graph.query<T>(query, variables, caller);
    if (response.errors?.length && !(response.data && tolerated?.(response.errors))) {
      throw new Error(`the batch domain did not answer which lots are affected: ${response.errors.map((e) => e.message).join('; ')}`);
    }
    if (!response.data) throw new Error('the batch domain did not answer which lots are affected');
    return response.data;
  }
}

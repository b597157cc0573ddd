import type { DataSource } from 'typeorm';
import { createBatchRepositories, type TraceDirection } from '@lotgraph/batch';
import { naiveTrace } from './naive-trace';

export type MethodName = 'gateway' | 'statement' | 'raw' | 'naive';

export const METHOD_LABELS: Record<MethodName, string> = {
  gateway: 'gateway (GraphQL)',
  statement: 'trace SQL statement',
  raw: 'raw recursive SQL',
  naive: 'naive ORM walk',
};

/** The trace query's default depth, asked for explicitly so every method walks the same distance. */
export const TRACE_DEPTH = 20;

export interface TraceRoot {
  id: string;
  lotNumber: string;
}

/**
 * What a trace found, in a form the four methods can be compared on: sorted lot ids, sorted links
 * (`parent>child@depth:quantity`), and where the method reads them, lot numbers with status and shipments.
 */
export interface TraceOutcome {
  lotIds: string[];
  links: string[];
  lots?: string[];
  shipments?: string[];
}

export interface TraceMethod {
  name: MethodName;
  /** Runs one trace; what it returns is normalised after the clock stops. */
  run(root: TraceRoot, direction: TraceDirection): Promise<() => TraceOutcome>;
}

const linkKey = (link: { parentId: string; childId: string; depth: number; quantity: number }) =>
  `${link.parentId}>${link.childId}@${link.depth}:${link.quantity}`;
const sorted = (values: Iterable<string>) => [...values].sort();

export const GATEWAY_TRACE_QUERY = `query BenchTrace($lot: String!, $direction: TraceDirection!, $maxDepth: Int) {
  trace(lotNumber: $lot, direction: $direction, maxDepth: $maxDepth) {
    lots { id lotNumber status }
    links { quantity depth parent { id lotNumber } child { id lotNumber } }
    shipments { number customer { code } }
  }
}`;

interface GatewayTrace {
  lots: Array<{ id: string; lotNumber: string; status: string }>;
  links: Array<{ quantity: number; depth: number; parent: { id: string }; child: { id: string } }>;
  shipments: Array<{ number: string; customer: { code: string } }>;
}

/** POSTs the trace query to the gateway with a bearer token, as a client application would. */
export function gatewayMethod(url: string, token: string): TraceMethod {
  return {
    name: 'gateway',
    async run(root, direction) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: GATEWAY_TRACE_QUERY, variables: { lot: root.lotNumber, direction, maxDepth: TRACE_DEPTH } }),
      });
      const body = (await response.json()) as { data?: { trace: GatewayTrace } | null; errors?: Array<{ message: string }> };
      if (body.errors?.length || !body.data) {
        throw new Error(`gateway trace of ${root.lotNumber} failed (${response.status}): ${body.errors?.map((e) => e.message).join('; ')}`);
      }
      const trace = body.data.trace;
      return () => ({
        lotIds: sorted(trace.lots.map((lot) => lot.id)),
        links: sorted(trace.links.map((l) => linkKey({ parentId: l.parent.id, childId: l.child.id, depth: l.depth, quantity: l.quantity }))),
        lots: sorted(trace.lots.map((lot) => `${lot.lotNumber} ${lot.status}`)),
        shipments: sorted(trace.shipments.map((s) => `${s.number} ${s.customer.code}`)),
      });
    },
  };
}

/**
 * The one SQL statement the trace resolver runs (GenealogyRepository.traceRecords: the walk, every lot it reaches
 * and, downstream, their shipments and customers), called directly: the same data the gateway answers with.
 */
export function statementMethod(dataSource: DataSource): TraceMethod {
  const genealogy = createBatchRepositories(dataSource).genealogy;
  return {
    name: 'statement',
    async run(root, direction) {
      const found = await genealogy.traceRecords(root.lotNumber, direction, TRACE_DEPTH, direction === 'DOWNSTREAM');
      if (!found) throw new Error(`the trace statement found no lot ${root.lotNumber}`);
      return () => {
        const customers = new Map(found.customers.map((c) => [c.id, c.code]));
        return {
          lotIds: sorted(found.lots.map((lot) => lot.id)),
          links: sorted(found.links.map((l) => linkKey({ parentId: l.parentLotId, childId: l.childLotId, depth: l.depth, quantity: l.quantity }))),
          lots: sorted(found.lots.map((lot) => `${lot.lotNumber} ${lot.status}`)),
          shipments: sorted(found.shipments.map((s) => `${s.number} ${customers.get(s.customerId)}`)),
        };
      };
    },
  };
}

/** The recursive walk alone (GenealogyRepository.trace: links only, no lots, no shipments), called directly. */
export function rawMethod(dataSource: DataSource): TraceMethod {
  const genealogy = createBatchRepositories(dataSource).genealogy;
  return {
    name: 'raw',
    async run(root, direction) {
      const links = await genealogy.trace(root.id, direction, TRACE_DEPTH);
      return () => {
        const lotIds = new Set([root.id]);
        for (const link of links) lotIds.add(direction === 'UPSTREAM' ? link.parentLotId : link.childLotId);
        return {
          lotIds: sorted(lotIds),
          links: sorted(links.map((l) => linkKey({ parentId: l.parentLotId, childId: l.childLotId, depth: l.depth, quantity: l.quantity }))),
        };
      };
    },
  };
}

export function naiveMethod(dataSource: DataSource): TraceMethod {
  return {
    name: 'naive',
    async run(root, direction) {
      const trace = await naiveTrace(dataSource, root.lotNumber, direction, TRACE_DEPTH);
      return () => ({
        lotIds: sorted(trace.lots.map((lot) => lot.id)),
        links: sorted(trace.links.map((l) => linkKey({ parentId: l.parentLotId, childId: l.childLotId, depth: l.depth, quantity: l.quantity }))),
        lots: sorted(trace.lots.map((lot) => `${lot.lotNumber} ${lot.status}`)),
        shipments: sorted(trace.shipments.map((s) => `${s.shipment.number} ${s.customer?.code}`)),
      });
    },
  };
}

/** Where two methods' answers for one trace differ, in words; empty when they agree. */
export function differences(a: { name: string; outcome: TraceOutcome }, b: { name: string; outcome: TraceOutcome }): string[] {
  const found: string[] = [];
  const compare = (what: keyof TraceOutcome) => {
    const left = a.outcome[what];
    const right = b.outcome[what];
    if (!left || !right) return;
    if (left.length !== right.length || left.some((value, i) => value !== right[i])) {
      const missing = right.filter((value) => !left.includes(value)).slice(0, 3);
      const extra = left.filter((value) => !right.includes(value)).slice(0, 3);
      found.push(`${what}: ${a.name} has ${left.length}, ${b.name} has ${right.length} (only in ${b.name}: ${missing.join(', ') || '-'}; only in ${a.name}: ${extra.join(', ') || '-'})`);
    }
  };
  compare('lotIds');
  compare('links');
  compare('lots');
  compare('shipments');
  return found;
}

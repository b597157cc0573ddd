import { MutationDelivery, USAGE_GUARD_USER, type GraphClient } from '@lotgraph/server';

export const REPORT_REFUSAL_TOPIC = 'quality.lotUsageRefused';

const RECORD_REFUSAL = `mutation BatchUsageGuardRefusal($input: LotUsageRefusalInput!) { recordLotUsageRefusal(input: $input) { refusalId } }`;

/**
 * Tells the quality domain of each refused use of a lot, through the graph, as the batch.usage-guard system user.
 * Quality records a refusal once by its id, so one told twice (a crash before it was marked) counts once.
 */
export const refusalReportDelivery = (graph: GraphClient, tokenSecret: string): MutationDelivery =>
  new MutationDelivery(graph, tokenSecret, USAGE_GUARD_USER, RECORD_REFUSAL, 'recordLotUsageRefusal');

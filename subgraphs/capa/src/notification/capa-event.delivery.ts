import { CAPA_NOTIFIER_USER, MutationDelivery, type GraphClient } from '@lotgraph/server';

const PUBLISH = `mutation CapaNotifierPublish($input: CapaEventInput!) { publishCapaEvent(input: $input) { eventKey } }`;

/**
 * Tells the quality domain's notifications of a CAPA event through the graph, as the capa.notifier system user.
 * Quality publishes an event once by its key, so one told twice (a crash before it was marked) goes out once.
 */
export const capaEventDelivery = (graph: GraphClient, tokenSecret: string): MutationDelivery =>
  new MutationDelivery(graph, tokenSecret, CAPA_NOTIFIER_USER, PUBLISH, 'publishCapaEvent');

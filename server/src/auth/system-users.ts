import type { Identity } from './jwt';

/**
 * The quality domain's containment, holding lots through the graph as itself (not as whoever reported the
 * exception, whose token may have expired by the time a retried hold is delivered). A user account in the
 * compliance domain (the gateway checks every token's user), with no password anyone knows: it never logs in.
 */
export const CONTAINMENT_USER: Identity = { id: 'quality.containment', name: 'Quality containment (system)', roles: ['QA_ENGINEER'] };

/**
 * The quality domain's MQTT ingest, recording the process readings machines publish (LOTGRAPH_MQTT_URL) as
 * itself, as an integration does. A user account like the containment's, so its audit entries name a known user.
 */
export const MQTT_INGEST_USER: Identity = { id: 'ingest.mqtt', name: 'MQTT reading ingest (system)', roles: ['INTEGRATOR'] };

/**
 * The batch domain's usage guard, telling the quality domain of each refused attempt to use a blocked lot
 * (recordLotUsageRefusal) from batch's outbox. A system user like quality.containment: it never logs in.
 */
export const USAGE_GUARD_USER: Identity = { id: 'batch.usage-guard', name: 'Batch lot usage guard (system)', roles: ['INTEGRATOR'] };

/**
 * The capa domain's notifier, telling the quality domain's notifications (webhooks, the live stream) of CAPA events
 * (a CAPA's status changed, an action became overdue) from capa's outbox. A system user like the others.
 */
export const CAPA_NOTIFIER_USER: Identity = { id: 'capa.notifier', name: 'CAPA notifier (system)', roles: ['INTEGRATOR'] };

/**
 * The audit trail itself, sealing entries written before entries were signed (one signed entry after migrating).
 * Not an account: it never calls the graph.
 */
export const AUDIT_SEAL_ACTOR: Identity = { id: 'lotgraph.audit', name: 'LotGraph audit trail (system)', roles: [] };

/** Loading the demo plant (`npx lotgraph seed`, first start): its records' entries name it. Not an account. */
export const DEMO_LOADER: Identity = { id: 'lotgraph.demo', name: 'Demo plant loader (system)', roles: [] };

export const SYSTEM_USERS: readonly Identity[] = [CONTAINMENT_USER, MQTT_INGEST_USER, USAGE_GUARD_USER, CAPA_NOTIFIER_USER];

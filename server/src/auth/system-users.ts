import type { Identity } from './jwt';

/**
 * The quality domain's containment, holding lots through the graph as itself (not as whoever reported the
 * exception, whose token may have expired by the time a retried hold is delivered). A user account in the
 * compliance domain (the gateway checks every token's user), with no password anyone knows: it never logs in.
 */
export const CONTAINMENT_USER: Identity = { id: 'quality.containment', name: 'Quality containment (system)', roles: ['QA_ENGINEER'] };

export const SYSTEM_USERS: readonly Identity[] = [CONTAINMENT_USER];

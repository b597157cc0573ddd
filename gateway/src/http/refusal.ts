import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { sendGraphQLError } from '@lotgraph/server';

/**
 * A request the gateway refuses to serve (a report, the exception stream, a route it does not have): the HTTP
 * status, the error code a client can switch on, the sentence a person can act on, and any header the status calls
 * for (`Allow` with 405).
 */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The refusal an error stands for: a `Refusal` as it is; a GraphQLError with a code as its own status, which is how
 * a refused token (UNAUTHENTICATED, 401) or a session that could not be checked (SESSION_CHECK_UNAVAILABLE, 503)
 * come; anything else is not a refusal but a fault (undefined).
 */
export function refusalOf(err: unknown): Refusal | undefined {
  if (err instanceof Refusal) return err;
  if (err instanceof GraphQLError && err.extensions.code) {
    const http = err.extensions.http as { status?: number } | undefined;
    return new Refusal(http?.status ?? 400, String(err.extensions.code), err.message);
  }
  return undefined;
}

/**
 * Answers an error in the GraphQL error shape (`{ "errors": [{ "message", "extensions": { "code" } }] }`): a
 * refusal with its status and sentence; a fault is logged (with what failed) and answered 500 without its details.
 */
export function sendRefusal(res: ServerResponse, err: unknown, what: string): void {
  const refusal = refusalOf(err);
  if (!refusal) {
    console.error(`${what} failed`, err);
    sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    return;
  }
  for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
  sendGraphQLError(res, refusal.status, refusal.message, refusal.code);
}

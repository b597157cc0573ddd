import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import type { SubgraphDatabase } from '../database/data-source';
import { HEADERS, correlationIdOf, decodeUserHeader, newRequestId, type RequestContext } from '../context/request-context';
import { anonymousMayRun } from '../graphql/operation-guard';
import { unauthenticated } from '../graphql/errors';
import { guardArguments } from '../graphql/argument-guard';
import { readFieldPolicy } from '../auth/field-policy';
import { authorizationPlugin } from './authorization-plugin';
import { sameSecret } from './gateway-secret';
import { requestLogPlugin } from './request-log-plugin';
import { handleGraphQLRequest, sendGraphQLError, sendJson } from './graphql-http-handler';
import { answerGatewayCall, type GatewayAnswer, type GatewayCall, type GatewayCallChecks } from './gateway-call';
import { httpService, type HttpService } from './listen';

export type SubgraphContext<TLoaders> = RequestContext & { loaders: TLoaders };

export interface SubgraphDefinition<TLoaders> {
  name: string;
  typeDefs: DocumentNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: GraphQLResolverMap<any>;
  /** Per-request DataLoaders, so entity lookups in one request are batched into one query per type. */
  createLoaders(): TLoaders;
  /**
   * JSON endpoints for the gateway alone, served at `GET /internal/<name>` behind the gateway secret (the
   * compliance subgraph's session status). Each answers the query string of the request.
   */
  internalRoutes?: Record<string, (query: URLSearchParams) => Promise<unknown>>;
  /** Work the subgraph runs beside its requests (an outbox dispatcher): started with the server, stopped with it. */
  workers?: BackgroundWorker[];
}

export interface BackgroundWorker {
  start(): void;
  stop(): Promise<void>;
}

export interface SubgraphServerOptions {
  database: SubgraphDatabase;
  gatewaySecret: string;
  /**
   * GraphQL URL of the gateway, for a subgraph that asks another domain through the graph. A function, read
   * at call time: the embedded hub starts its subgraphs before its gateway listens.
   */
  gatewayUrl?: () => string | undefined;
  /** For the subgraph that issues tokens at login (compliance): the HS256 secret and the tokens' lifetime. */
  tokens?: { secret: string; ttl: string };
  /** For the subgraph that checks passwords (compliance): how long an account stays locked (0: until an ADMIN unlocks it). */
  login?: { lockoutMs: number };
  /**
   * Told at once, in the same process, when a user's sessions change (disabled, logged out, password
   * changed): the embedded hub passes its gateway's session-cache invalidation here.
   */
  onUserSessionChange?: (userId: string) => void;
}

/** A subgraph's HTTP service: GraphQL at `${url}/graphql`, health at `${url}/healthz`. */
export interface SubgraphServer extends HttpService {
  name: string;
  apollo: ApolloServer<SubgraphContext<unknown>>;
  /** Runs the outbox deliveries due now until none is left (tests and tools wait for the background work with it). */
  settle(): Promise<void>;
  /**
   * A GraphQL call from the gateway of this process, without HTTP: the same gateway-secret check, context
   * (user and token from the headers) and request pipeline as `POST /graphql`, answered as objects.
   */
  answerGateway(call: GatewayCall): Promise<GatewayAnswer>;
}

/** Refuses anonymous operations other than login and those that ask for nothing but __typename. */
export const requireIdentityPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operationName, contextValue }) {
        if (!contextValue.user && !anonymousMayRun(document, operationName)) {
          throw unauthenticated(
            'Authentication required: send "Authorization: Bearer <token>" with a token from the login mutation (in the embedded demo also: npx lotgraph token --user qa.manager)',
          );
        }
      },
    };
  },
};

/** Hides unexpected internal errors (SQL text, stack traces) from clients; they are logged instead. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  console.error('unexpected error', error);
  return { ...formatted, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export async function createSubgraphServer<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
  options: SubgraphServerOptions,
): Promise<SubgraphServer> {
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema: guardArguments(buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers }])),
    // No cache-control plugin: nothing here sets cache hints, and its per-field hook wrapped every resolver
    // (a large share of a big trace's time, BENCHMARKS.md).
    plugins: [
      requireIdentityPlugin,
      authorizationPlugin(readFieldPolicy(definition.typeDefs), options.database),
      requestLogPlugin,
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
    includeStacktraceInErrorResponses: false,
    // Explicit: Apollo turns introspection off when NODE_ENV is production, and GraphiQL and tools need it.
    introspection: true,
    formatError,
  });
  await apollo.start();
  for (const worker of definition.workers ?? []) worker.start();

  // One gateway check and one context for both ways in: HTTP and the in-process call of the hub's gateway.
  const checks: GatewayCallChecks<SubgraphContext<TLoaders>> = {
    refuse: (header) =>
      sameSecret(header(HEADERS.gatewaySecret), options.gatewaySecret) ? undefined : `The ${definition.name} subgraph only answers the LotGraph gateway`,
    context: (header) => ({
      // Only a call with the gateway secret gets this far: the gateway assigned the request id.
      requestId: newRequestId(header(HEADERS.requestId)),
      correlationId: correlationIdOf(header(HEADERS.correlationId)),
      user: decodeUserHeader(header(HEADERS.user)),
      token: header(HEADERS.callerToken) || null,
      clientAddress: header(HEADERS.clientAddress) || null,
      loaders: definition.createLoaders(),
    }),
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      options.database.ping().then(
        () => sendJson(res, 200, { status: 'ok', subgraph: definition.name, database: 'ok' }),
        (err: Error) => {
          console.warn(`health: ${definition.name} database: ${err.message}`);
          sendJson(res, 503, { status: 'error', subgraph: definition.name, database: 'error' });
        },
      );
      return;
    }
    const routeName = path.startsWith('/internal/') ? path.slice('/internal/'.length) : undefined;
    // Own routes only: `/internal/constructor` must not reach Object's built-ins.
    const internal = routeName && definition.internalRoutes && Object.hasOwn(definition.internalRoutes, routeName) ? definition.internalRoutes[routeName] : undefined;
    if (path !== '/graphql' && path !== '/' && !internal) {
      sendGraphQLError(res, 404, `No route ${path}: the ${definition.name} subgraph serves /graphql and /healthz`, 'NOT_FOUND');
      return;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const refusal = checks.refuse(header);
    if (refusal) {
      sendGraphQLError(res, 403, refusal, 'FORBIDDEN');
      return;
    }
    if (internal) {
      internal(new URL(req.url ?? '/', 'http://localhost').searchParams).then(
        (body) => sendJson(res, 200, body),
        (err: Error) => {
          console.error(`${definition.name} ${path} failed`, err);
          sendGraphQLError(res, 500, `${path} failed`, 'INTERNAL_SERVER_ERROR');
        },
      );
      return;
    }
    void handleGraphQLRequest(apollo, req, res, async () => checks.context(header));
  };

  // From the moment it starts stopping, the in-process way in is closed, as the HTTP one is with its socket.
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const worker of definition.workers ?? []) await worker.stop();
    await apollo.stop();
  };
  const settle = async () => {
    const dispatchers = (definition.workers ?? []).filter((worker): worker is OutboxDispatcher => worker instanceof OutboxDispatcher);
    for (let round = 0; round < 20; round++) {
      let delivered = 0;
      for (const dispatcher of dispatchers) delivered += await dispatcher.runOnce();
      if (delivered === 0) return;
    }
  };
  return Object.assign(httpService(handle, stop), {
    settle,
    answerGateway: (call: GatewayCall) => (stopping ? Promise.reject(new Error('it has stopped')) : answerGatewayCall(apollo, checks, call)),
    name: definition.name,
    apollo: apollo as unknown as ApolloServer<SubgraphContext<unknown>>,
  });
}

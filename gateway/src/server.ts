import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import {
  DateScalar,
  DateTimeScalar,
  JSONScalar,
  findDemoUser,
  formatError,
  handleGraphQLRequest,
  httpService,
  inputCheckPlugin,
  requestLogPlugin,
  requireIdentityPlugin,
  sendJson,
  signToken,
  type HttpService,
  type LotGraphConfig,
} from '@lotgraph/server';
import { DEFAULT_SUBGRAPH_URLS, SUBGRAPH_NAMES, loadSupergraphSdl } from '@lotgraph/schema';
import { loginMessagesPlugin } from './auth/login-messages-plugin';
import { INGEST_PATH, ingestRoute } from './ingest/ingest-route';
import { callerContext } from './auth/caller-context';
import { SessionCheck } from './auth/session-check';
import { checkHealth } from './health/health-check';
import { graphiqlPage } from './graphiql/graphiql-page';
import { queryLimitsPlugin } from './limits/query-limits-plugin';
import { SubgraphDataSource } from './subgraphs/http-data-source';
import { InProcessDataSource, type InProcessSubgraph } from './subgraphs/in-process-data-source';
import { EXCEPTION_STREAM_PATH, exceptionStream } from './events/exception-stream';
import { corsPolicy } from './http/cors';
import { hideSuggestionsFromAnonymousPlugin } from './http/hide-suggestions-plugin';
import { Refusal, sendRefusal } from './http/refusal';
import { echoRequestIds, requestIdsOf } from './http/request-ids';
import { REPORTS_PATH } from './reports/report-request';
import { reportRoute } from './reports/report-route';
import type { GatewayContext } from './gateway-context';

// The hub (whole graph in one process), for tools such as the benchmarks that start it programmatically.
export { startHub, type Hub } from './hub/hub';

export interface GatewayOptions {
  config: Pick<LotGraphConfig, 'jwtSecret' | 'gatewaySecret' | 'maxDepth' | 'maxCost' | 'maxAliases' | 'devSecrets' | 'tokenTtl' | 'corsOrigins' | 'publicUrl'> & Partial<Pick<LotGraphConfig, 'trustedProxies'>>;
  /** GraphQL URL of each subgraph; missing ones come from the supergraph (ports 4001-4004). */
  subgraphUrls?: Partial<Record<string, string>>;
  /**
   * Subgraphs served by this same process (the hub's): the gateway hands them its GraphQL calls directly
   * instead of over HTTP. Their URLs still serve health, the session check and the exception stream. The
   * record is read at each call (a subgraph replaced in it is the one called).
   */
  inProcessSubgraphs?: Partial<Record<string, InProcessSubgraph>>;
  /** How long the gateway uses an answer about a user's session (1 s unless told). */
  sessionCacheTtlMs?: number;
  /** Longest quiet spell on the exception event stream before a heartbeat comment (15 s unless told). */
  eventHeartbeatMs?: number;
}

export interface GatewayServer extends HttpService {
  apollo: ApolloServer<GatewayContext>;
  subgraphUrls: Record<string, string>;
  /** How the gateway reaches each subgraph's GraphQL: in this process, or over HTTP at its URL. */
  subgraphTransports: Record<string, 'in-process' | 'http'>;
  /** Whether verified tokens' users and sessions still accept them; the hub invalidates it on changes. */
  sessions: SessionCheck;
}

function wantsHtml(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !(req.url ?? '').includes('query=');
}

/** Builds the gateway (one endpoint over every subgraph) without listening, so tests run it in-process. */
export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  const { config } = options;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, options.subgraphUrls?.[name] ?? DEFAULT_SUBGRAPH_URLS[name]]),
  );
  const gateway = new ApolloGateway({
    supergraphSdl: loadSupergraphSdl(),
    buildService: ({ name }) => {
      const local = options.inProcessSubgraphs;
      return local?.[name] ? new InProcessDataSource(name, local, config.gatewaySecret) : new SubgraphDataSource(name, subgraphUrls[name], config.gatewaySecret);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // The supergraph's custom scalars take any value at the gateway: checked here as the subgraphs parse them.
    plugins: [
      requireIdentityPlugin,
      queryLimitsPlugin(config),
      inputCheckPlugin([DateTimeScalar, DateScalar, JSONScalar]),
      hideSuggestionsFromAnonymousPlugin,
      loginMessagesPlugin,
      requestLogPlugin,
    ],
    includeStacktraceInErrorResponses: false,
    // Explicit: Apollo turns introspection off when NODE_ENV is production, and GraphiQL and tools need it.
    introspection: true,
    formatError,
  });
  await apollo.start();
  const sessions = new SessionCheck({ complianceUrl: subgraphUrls.compliance, gatewaySecret: config.gatewaySecret, ttlMs: options.sessionCacheTtlMs });
  const exceptionEvents = exceptionStream({
    qualityUrl: subgraphUrls.quality,
    gatewaySecret: config.gatewaySecret,
    jwtSecret: config.jwtSecret,
    sessions,
    heartbeatMs: options.eventHeartbeatMs,
  });

  const cors = corsPolicy(config.corsOrigins ?? []);
  const callerCheck = { jwtSecret: config.jwtSecret, gatewaySecret: config.gatewaySecret, sessions, trustedProxies: config.trustedProxies };
  const reports = reportRoute({ apollo, ...callerCheck, publicUrl: config.publicUrl });
  const ingest = ingestRoute({ apollo, ...callerCheck });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // The GraphiQL page is for this origin only (with the development secrets it carries a ready token).
    if (!wantsHtml(req) && !cors(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      void checkHealth(subgraphUrls).then((health) => sendJson(res, health.status === 'ok' ? 200 : 503, health));
      return;
    }
    if (path === EXCEPTION_STREAM_PATH && req.method === 'GET') {
      exceptionEvents(req, res);
      return;
    }
    // Every method: the route answers anything but GET with 405 (Allow: GET), in the caller's language.
    if (path.startsWith(REPORTS_PATH)) {
      void reports(req, res);
      return;
    }
    if (path.startsWith(INGEST_PATH)) {
      void ingest(req, res);
      return;
    }
    if (path !== '/graphql' && path !== '/') {
      const routes = `GraphQL is served at /graphql, health at /healthz, exception events at ${EXCEPTION_STREAM_PATH}, reports at ${REPORTS_PATH}lot/<lotNumber> and ${REPORTS_PATH}capa/<number>, ingest at POST ${INGEST_PATH}<adapter>`;
      sendRefusal(res, new Refusal(404, 'NOT_FOUND', `No route ${path}: ${routes}`), 'routing');
      return;
    }
    if (wantsHtml(req)) {
      // Only with the development secrets, which only ever serve loopback: a ready token for the demo.
      const demoUser = config.devSecrets ? findDemoUser('qa.manager') : undefined;
      const html = graphiqlPage({ demoToken: demoUser && signToken(demoUser, config.jwtSecret, config.tokenTtl) });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const ids = requestIdsOf(req, config.gatewaySecret);
    // Echoed back so a user can quote it; every subgraph sees the same id.
    echoRequestIds(res, ids);
    void handleGraphQLRequest(apollo, req, res, async () => (await callerContext(req, callerCheck, { ids })).context);
  };

  const subgraphTransports = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, options.inProcessSubgraphs?.[name] ? 'in-process' : 'http'] as const));
  return Object.assign(httpService(handle, () => apollo.stop()), { apollo, subgraphUrls, subgraphTransports, sessions });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { ADAPTERS, CsvError, JsonDocumentError, runIngest, type GraphRequest } from '@lotgraph/adapters';
import { sendJson } from '@lotgraph/server';
import { callerContext, type CallerCheck } from '../auth/caller-context';
import type { GatewayContext } from '../gateway-context';
import { Refusal, sendRefusal } from '../http/refusal';
import { echoRequestIds, requestIdsOf } from '../http/request-ids';
import { isTimeZone } from '../reports/report-format';

export const INGEST_PATH = '/ingest/';

const STAGES = ['INCOMING', 'IN_PROCESS', 'FINAL'];
const STATUS_OF: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** The adapter's options from the query string (`?source=results.csv&timeZone=Asia/Shanghai&stage=FINAL`). */
function ingestOptions(url: URL, adapter: string): { source: string; options: Record<string, string> } {
  const options: Record<string, string> = {};
  const timeZone = url.searchParams.get('timeZone');
  if (timeZone !== null) {
    if (!isTimeZone(timeZone)) throw new Refusal(400, 'BAD_USER_INPUT', `timeZone must be an IANA time zone such as Asia/Shanghai or UTC, not "${timeZone}"`);
    options.timeZone = timeZone;
  }
  const stage = url.searchParams.get('stage');
  if (stage !== null) {
    if (!STAGES.includes(stage)) throw new Refusal(400, 'BAD_USER_INPUT', `stage must be INCOMING, IN_PROCESS or FINAL, not "${stage}"`);
    options.stage = stage;
  }
  const source = url.searchParams.get('source')?.trim() || `POST ${INGEST_PATH}${adapter}`;
  return { source: source.slice(0, 200), options };
}

/**
 * POST /ingest/<adapter>: the request body (a file, streamed) through the adapter into the graph, as the caller (an
 * INTEGRATOR's token), exactly as `npx lotgraph ingest` does; answers the summary as JSON. Records the graph refuses
 * are kept in the dead-letter store; a body sent again changes nothing, so a send cut off midway is finished by
 * sending it again.
 */
export function ingestRoute(options: CallerCheck & { apollo: ApolloServer<GatewayContext> }): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const ids = requestIdsOf(req, options.gatewaySecret);
      echoRequestIds(res, ids);
      const url = new URL(req.url ?? '/', 'http://gateway');
      const name = decodeURIComponent(url.pathname.slice(INGEST_PATH.length));
      if (req.method !== 'POST') throw new Refusal(405, 'METHOD_NOT_ALLOWED', `Ingest takes POST: send the file as the body of POST ${INGEST_PATH}${name}`, { allow: 'POST' });
      const adapter = Object.hasOwn(ADAPTERS, name) ? ADAPTERS[name] : undefined;
      if (!adapter) throw new Refusal(404, 'NOT_FOUND', `No adapter "${name}": the adapters are ${Object.keys(ADAPTERS).join(', ')} (POST ${INGEST_PATH}<adapter>)`);
      const { source, options: adapterOptions } = ingestOptions(url, name);
      const { context } = await callerContext(req, options, { ids });
      if (!context.user) throw new Refusal(401, 'UNAUTHENTICATED', 'Ingest needs the bearer token of an integration (an INTEGRATOR user): send Authorization: Bearer <token>');
      const graph: GraphRequest = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
        const response = await options.apollo.executeOperation<T & Record<string, unknown>>({ query, variables }, { contextValue: context });
        if (response.body.kind !== 'single') throw new Error('ingest: the gateway answered with incremental delivery');
        const { data, errors } = response.body.singleResult;
        if (errors?.length || !data) {
          const code = String(errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          throw new Refusal(STATUS_OF[code] ?? 422, code, errors?.[0]?.message ?? 'the graph gave no answer');
        }
        return data as T;
      };
      const summary = await runIngest({ adapter, source, bytes: req, graph, options: adapterOptions }).catch((err: unknown) => {
        if (err instanceof CsvError || err instanceof JsonDocumentError) throw new Refusal(400, 'BAD_USER_INPUT', `${source}: ${err.message}; the records before it are imported or kept, send it again once it is whole`);
        throw err;
      });
      sendJson(res, 200, summary);
    } catch (err) {
      sendRefusal(res, err, 'ingest');
    }
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HEADERS, newRequestId, sendGraphQLError } from '@lotgraph/server';
import { authenticate } from '../auth/authenticate';
import type { SessionCheck } from '../auth/session-check';
import type { GatewayContext } from '../gateway-context';
import { READ_REPORT } from './report-kinds';
import { reportFormat } from './report-format';
import { dataSha256 } from './report-hash';
import { runAsCaller } from './report-graph';
import { ReportError, parseReportRequest, reportError, type ReportRequest } from './report-request';
import { renderHtml } from './render-html';
import { renderPdf } from './render-pdf';
import type { ReportDocument } from './report-document';

export interface ReportRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  jwtSecret: string;
  sessions: SessionCheck;
  /** Where people reach the gateway (LOTGRAPH_PUBLIC_URL); the request's own host when not configured. */
  publicUrl?: string;
}

function sourceUrl(req: IncomingMessage, publicUrl: string | undefined): string {
  return `${publicUrl ?? `http://${req.headers.host ?? 'localhost'}`}/graphql`;
}

async function caller(req: IncomingMessage, options: ReportRouteOptions, request: ReportRequest): Promise<GatewayContext & { user: NonNullable<GatewayContext['user']> }> {
  const authenticated = authenticate(req.headers.authorization, options.jwtSecret);
  if (!authenticated) throw reportError(401, 'UNAUTHENTICATED', request.locale, 'error.unauthenticated');
  await options.sessions.check(authenticated.claims);
  const incoming = req.headers[HEADERS.requestId];
  return { requestId: newRequestId(Array.isArray(incoming) ? incoming[0] : incoming), user: authenticated.user, token: authenticated.token };
}

async function send(res: ServerResponse, request: ReportRequest, report: ReportDocument): Promise<void> {
  const name = `${request.kind}-${request.id}`.replace(/[^\w.-]+/g, '_');
  const body = request.format === 'pdf' ? await renderPdf(report) : Buffer.from(renderHtml(report), 'utf8');
  res.writeHead(200, {
    'content-type': request.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-disposition': `inline; filename="${name}.${request.format}"`,
    'content-language': request.locale,
    'cache-control': 'no-store',
    'x-lotgraph-data-sha256': report.provenance.dataSha256,
  });
  res.end(body);
}

/**
 * GET /reports/lot/<lotNumber> and /reports/capa/<number>: the report read from the public graph as the caller
 * (bearer token and session checked as for POST /graphql), rendered as HTML or PDF in their language.
 */
export function reportRoute(options: ReportRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const request = parseReportRequest(req.url ?? '/', req.headers['accept-language']);
      const context = await caller(req, options, request);
      res.setHeader(HEADERS.requestId, context.requestId);
      const loaded = await READ_REPORT[request.kind](runAsCaller(options.apollo, context), request.id);
      if (!loaded.root.ok) {
        const { root } = loaded;
        if (root.forbidden) throw reportError(403, 'FORBIDDEN', request.locale, 'error.forbidden', { reason: root.reason });
        if (!root.reason || root.codes.includes('NOT_FOUND')) throw reportError(404, 'NOT_FOUND', request.locale, loaded.notFound, { id: request.id });
        throw reportError(502, 'REPORT_UNAVAILABLE', request.locale, 'error.graphFailed', { reason: root.reason });
      }
      const format = reportFormat(request.locale, request.timeZone);
      const report = loaded.build(format, {
        generatedAt: format.dateTime(new Date().toISOString()),
        generatedBy: format.person(context.user.name, context.user.id),
        sourceUrl: sourceUrl(req, options.publicUrl),
        dataSha256: dataSha256(loaded.answers),
        timeZone: request.timeZone,
      });
      await send(res, request, report);
    } catch (err) {
      if (err instanceof ReportError) return sendGraphQLError(res, err.status, err.message, err.code);
      // A refused token or session (UNAUTHENTICATED 401, SESSION_CHECK_UNAVAILABLE 503) comes as a GraphQLError.
      const error = err as { message?: string; extensions?: { code?: string; http?: { status?: number } } };
      if (error.extensions?.code) return sendGraphQLError(res, error.extensions.http?.status ?? 400, error.message ?? 'Request refused', error.extensions.code);
      console.error('report failed', err);
      sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
  };
}

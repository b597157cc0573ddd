import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { callerContext } from '../auth/caller-context';
import type { SessionCheck } from '../auth/session-check';
import type { GatewayContext } from '../gateway-context';
import { sendRefusal } from '../http/refusal';
import { echoRequestIds, requestIdsOf } from '../http/request-ids';
import { READ_REPORT } from './report-kinds';
import { reportFormat } from './report-format';
import { dataSha256 } from './report-hash';
import { runAsCaller } from './report-graph';
import { parseReportRequest, reportError, type ReportRequest } from './report-request';
import { renderHtml } from './render-html';
import type { ReportDocument } from './report-document';

export interface ReportRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  jwtSecret: string;
  gatewaySecret: string;
  sessions: SessionCheck;
  /** Where people reach the gateway (LOTGRAPH_PUBLIC_URL); the request's own host when not configured. */
  publicUrl?: string;
}

function sourceUrl(req: IncomingMessage, publicUrl: string | undefined): string {
  return `${publicUrl ?? `http://${req.headers.host ?? 'localhost'}`}/graphql`;
}

/** The report as PDF; PDFKit and the renderer are loaded on the first PDF asked for, not with the gateway. */
async function pdf(report: ReportDocument): Promise<Buffer> {
  const { renderPdf } = await import('./render-pdf');
  return renderPdf(report);
}

async function send(res: ServerResponse, request: ReportRequest, report: ReportDocument): Promise<void> {
  const name = `${request.kind}-${request.id}`.replace(/[^\w.-]+/g, '_');
  const body = request.format === 'pdf' ? await pdf(report) : Buffer.from(renderHtml(report), 'utf8');
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
 * (bearer token and session checked as for POST /graphql), rendered as HTML or PDF in their language. Any other
 * method on /reports/ is refused (405, `Allow: GET`).
 */
export function reportRoute(options: ReportRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const ids = requestIdsOf(req, options.gatewaySecret);
      echoRequestIds(res, ids);
      const request = parseReportRequest(req.method ?? 'GET', req.url ?? '/', req.headers['accept-language']);
      const { context } = await callerContext(req, options, { ids });
      const { user } = context;
      if (!user) throw reportError(401, 'UNAUTHENTICATED', request.locale, 'error.unauthenticated');
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
        generatedBy: format.person(user.name, user.id),
        sourceUrl: sourceUrl(req, options.publicUrl),
        dataSha256: dataSha256(loaded.answers),
        timeZone: request.timeZone,
      });
      await send(res, request, report);
    } catch (err) {
      // A refused token or session (UNAUTHENTICATED 401, SESSION_CHECK_UNAVAILABLE 503) comes as a GraphQLError.
      sendRefusal(res, err, 'report');
    }
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is read to its end but not kept, so the client still receives the 413 answer.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(new HttpError(413, `Request body is larger than ${limit} bytes`, 'PAYLOAD_TOO_LARGE'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers in the GraphQL response shape, so clients see one error format whatever went wrong. */
export function sendGraphQLError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** Runs one HTTP request through Apollo Server without a web framework. */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<TContext>,
): Promise<void> {
  try {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req);
      try {
        body = text ? JSON.parse(text) : {};
      } catch (err) {
        throw new HttpError(400, `Request body is not valid JSON: ${(err as Error).message}`, 'BAD_REQUEST');
      }
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } catch (err) {
    if (err instanceof HttpError) {
      sendGraphQLError(res, err.status, err.message, err.code);
      return;
    }
    // A context function that throws a GraphQLError (bad token, missing gateway secret) lands here too.
    const error = err as { message?: string; extensions?: { code?: string; http?: { status?: number } } };
    if (error.extensions?.code) {
      sendGraphQLError(res, error.extensions.http?.status ?? 400, error.message ?? 'Request refused', error.extensions.code);
      return;
    }
    console.error('request failed', err);
    sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
  }
}

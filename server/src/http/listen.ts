import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and returns the base URL; port 0 picks a free port (tests, embedded subgraphs). */
export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((err) => (err ? reject(err) : resolve()));
  });
}

export interface HttpService {
  /** Base URL once listening. */
  url?: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The listen/stop life cycle shared by the gateway and every subgraph; `onStop` runs after the socket closes. */
export function httpService(handle: HttpService['handle'], onStop: () => Promise<void>): HttpService {
  let http: Server | undefined;
  const service: HttpService = {
    handle,
    async listen(port, host = '127.0.0.1') {
      http = createServer(handle);
      // Longer than common load balancer idle timeouts, so pooled keep-alive connections are not cut mid-request.
      http.keepAliveTimeout = 65_000;
      service.url = await listen(http, port, host);
      return service.url;
    },
    async stop() {
      if (http) await close(http);
      http = undefined;
      await onStop();
    },
  };
  return service;
}

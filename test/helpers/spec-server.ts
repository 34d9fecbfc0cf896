// A real HTTP server on 127.0.0.1 that serves OpenAPI documents and misbehaves on request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | { kind: 'body'; body: string | Buffer; status?: number; contentType?: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'hang' }
  | { kind: 'stream'; bytes: number };

export interface SpecServer {
  url(path: string): string;
  routes: Map<string, Route>;
  /** Paths requested so far, in order. */
  requests: string[];
  /** The headers of the last request. */
  lastHeaders(): http.IncomingHttpHeaders | undefined;
  close(): Promise<void>;
}

export async function startSpecServer(): Promise<SpecServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  let lastHeaders: http.IncomingHttpHeaders | undefined;
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    lastHeaders = request.headers;
    const route = routes.get(path);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    switch (route.kind) {
      case 'body':
        response.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/json' }).end(route.body);
        return;
      case 'redirect':
        response.writeHead(302, { location: route.to }).end();
        return;
      case 'hang':
        hanging.add(response);
        return;
      case 'stream': {
        // No content-length: the client must count what it receives.
        response.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < route.bytes) {
            sent += chunk.length;
            if (!response.write(chunk)) return response.once('drain', pump);
          }
          response.end();
        };
        response.on('error', () => undefined);
        pump();
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    routes,
    requests,
    lastHeaders: () => lastHeaders,
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

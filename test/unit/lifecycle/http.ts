// A real HTTP server on 127.0.0.1 whose answers are plain functions, for the lifecycle tests that
// need exact statuses, headers and bodies (redirect chains, declared and streamed sizes, a stall).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface TestServer {
  origin: string;
  url(path: string): string;
  handle(path: string, handler: Handler): void;
  /** Request paths with the headers each one carried, in order. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const handlers = new Map<string, Handler>();
  const requests: TestServer['requests'] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, headers: request.headers });
    open.add(response);
    response.on('close', () => open.delete(response));
    const handler = handlers.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    handle: (path, handler) => void handlers.set(path, handler),
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a body and a status; `headers` are added. */
export const answer =
  (body: string | Buffer, status = 200, headers: Record<string, string> = {}): Handler =>
  (_request, response) =>
    void response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);

/** Answers with a redirect to `to`. */
export const redirect =
  (to: string, status = 302): Handler =>
  (_request, response) =>
    void response.writeHead(status, { location: to }).end();

/** Never answers. */
export const stall: Handler = () => undefined;

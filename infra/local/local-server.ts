// Starting and stopping the local API's HTTP server; a request that throws gets API Gateway's 500.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gatewayError } from './gateway-answers.js';

// A client reuses an idle connection until shortly before the keep-alive timeout the server
// advertises (fetch's undici: until 2 s before it), and Node closes one 1 s after it. A busy event
// loop (a burst of requests on a loaded machine) outlasts that margin: the idle timer runs before
// the server reads a request that arrived in time, and the client gets "other side closed" or
// ECONNRESET for a request the API never saw. So this still advertises 5 s, and closes an idle
// connection only after 65 s.
const KEEP_ALIVE_ADVERTISED_SECONDS = 5;
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface LocalServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export async function startLocalServer(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  port: number,
  host: string,
): Promise<LocalServer> {
  const server = createServer((request, response) => {
    // Set, it replaces the Keep-Alive header Node would derive from server.keepAliveTimeout.
    if (response.shouldKeepAlive) response.setHeader('keep-alive', `timeout=${KEEP_ALIVE_ADVERTISED_SECONDS}`);
    handle(request, response).catch((error) => {
      console.error('[local api] request failed:', error);
      if (!response.headersSent) gatewayError(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${boundPort}`,
    server,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

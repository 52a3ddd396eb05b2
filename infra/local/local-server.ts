// Starting and stopping the local API's HTTP server; a request that throws gets API Gateway's 500.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gatewayError } from './gateway-answers.js';

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
    handle(request, response).catch((error) => {
      console.error('[local api] request failed:', error);
      if (!response.headersSent) gatewayError(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
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

// The SES-compatible server (aws-ses-v2-local): the SES API for the mailer, and an inbox page.
import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';

// The package is CommonJS with an ES-style default export; Node hands it over one level deeper.
const startSesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as typeof sesModule;

export interface SesLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSesLocal(port: number): Promise<SesLocal> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

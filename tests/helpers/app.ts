// Starts the reference server serving the built PWA (the copy the e2e globalSetup made).
import { inject } from 'vitest';
import { startServer, type StartOptions, type TestServer } from './server.ts';

export async function startAppServer(opts: StartOptions = {}): Promise<TestServer> {
	return startServer({ staticDir: inject('staticDir'), ...opts });
}

// Why: the one set-up of the worker integration tests: a real server for the file and, per test, a fresh fake-indexeddb database with its worker context, removed after the test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { KasirDatabase } from '../src/lib/db/database';
import { startServer, type StartOptions, type TestServer } from '../tests/helpers/server';
import type { Ctx, Tunables } from './context';
import { testCtx } from './testing';

export interface WorkerHarness {
	/** The running server (throws before `beforeAll` started it). */
	readonly server: TestServer;
	readonly url: string;
	/** A fresh database and worker context talking to the server; the database is removed after the test. */
	open(tunables?: Partial<Tunables>): Promise<{ ctx: Ctx; db: KasirDatabase }>;
}

/** Call once at the top of a test file: registers the server's start and stop and the per-test clean-up. */
export function workerHarness(opts: StartOptions = {}): WorkerHarness {
	let server: TestServer | undefined;
	const opened: KasirDatabase[] = [];
	beforeAll(async () => {
		server = await startServer(opts);
	}, 90_000);
	afterEach(async () => {
		for (const db of opened.splice(0)) await db.remove();
	});
	afterAll(async () => {
		await server?.stop();
	});
	const running = (): TestServer => {
		if (!server) throw new Error('the test server has not started (workerHarness runs it in beforeAll)');
		return server;
	};
	return {
		get server() {
			return running();
		},
		get url() {
			return running().url;
		},
		async open(tunables = {}) {
			const t = await testCtx(running().url, tunables);
			opened.push(t.db);
			return t;
		}
	};
}

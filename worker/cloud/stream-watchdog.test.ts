// Why: a half-open event stream (the link died without a FIN, so no error ever comes) must be noticed by the
// idle watchdog and reopened, while a stream that keeps receiving the server's pings is left alone.
import 'fake-indexeddb/auto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import { testCtx } from '../testing';
import { runEventStream } from './stream';

const OUTLET = '11111111-1111-4111-8111-111111111111';

/** An SSE endpoint that answers 200 and then either stays silent (a dead link) or pings every `pingMs`. */
async function sseEndpoint(
	pingMs: number | null
): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
	let connections = 0;
	const open = new Set<ServerResponse>();
	const timers = new Set<ReturnType<typeof setInterval>>();
	const server: Server = createServer((req, res) => {
		if (!req.url?.endsWith('/events')) {
			res.writeHead(404).end();
			return;
		}
		connections++;
		open.add(res);
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
		res.write(': hello\n\n');
		if (pingMs !== null) {
			const t = setInterval(() => res.write(': ping\n\n'), pingMs);
			timers.add(t);
			res.on('close', () => clearInterval(t));
		}
		res.on('close', () => open.delete(res));
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		connections: () => connections,
		close: async () => {
			for (const t of timers) clearInterval(t);
			for (const r of open) r.destroy();
			await new Promise<void>((r) => server.close(() => r()));
		}
	};
}

let db: KasirDatabase | undefined;
let endpoint: Awaited<ReturnType<typeof sseEndpoint>> | undefined;
afterEach(async () => {
	await endpoint?.close();
	await db?.remove();
	db = endpoint = undefined;
});

interface StreamRun {
	errors: string[];
	connects: number;
	connections: number;
}

/**
 * Runs the stream against the endpoint for `runMs`, or until `enough` holds (polled every 20 ms; the test's timeout is
 * the limit): a count of reconnections inside a fixed window is what a busy machine can outlast.
 */
async function streamFor(
	pingMs: number | null,
	idleMs: number,
	run: { runMs: number } | { enough: (r: StreamRun) => boolean }
): Promise<StreamRun> {
	endpoint = await sseEndpoint(pingMs);
	const t = await testCtx(endpoint.url, { streamIdleMs: idleMs });
	db = t.db;
	await t.ctx.saveSettings({
		cloud_url: endpoint.url,
		outlet_id: OUTLET,
		outlet_code: 'JKT-001',
		store_id: OUTLET,
		cloud_api_key: 'demo-key-jkt-001'
	});
	const errors: string[] = [];
	let connects = 0;
	const ac = new AbortController();
	const running = runEventStream(
		t.ctx,
		{
			onConnect: () => {
				connects++;
				return Promise.resolve();
			},
			onError: (code) => {
				errors.push(code);
				return Promise.resolve();
			}
		},
		ac.signal
	);
	const now = (): StreamRun => ({ errors: [...errors], connects, connections: ep.connections() });
	const ep = endpoint;
	let seen: StreamRun | null = null;
	if ('runMs' in run) await new Promise((r) => setTimeout(r, run.runMs));
	else
		for (;;) {
			const x = now();
			if (run.enough(x)) {
				seen = x;
				break;
			}
			await new Promise((r) => setTimeout(r, 20));
		}
	ac.abort();
	await running;
	return seen ?? now();
}

describe('event stream idle watchdog', () => {
	it('drops a silent connection and reconnects', async () => {
		const r = await streamFor(null, 250, {
			enough: (x) => x.connects >= 3 && x.errors.filter((e) => e === 'stream_idle').length >= 2
		});
		expect(r.connections).toBeGreaterThanOrEqual(3);
		expect(r.connects).toBe(r.connections);
		expect(r.errors.filter((e) => e === 'stream_idle').length).toBeGreaterThanOrEqual(2);
	});

	it('keeps a connection that receives pings', async () => {
		const r = await streamFor(80, 400, { runMs: 1_400 });
		expect(r.connections).toBe(1);
		expect(r.errors).toEqual([]);
	});
});

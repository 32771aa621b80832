// The edge tests' cut proxy against the real server: traffic passes, a cut drops a live event stream and refuses new
// requests (a network error, not an HTTP answer), and a restore lets the same address work again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCutProxy, type CutProxy } from '../helpers/cut-proxy.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { authHeaders, JKT } from './cloud-helpers.ts';

let server: TestServer;
let proxy: CutProxy;
beforeAll(async () => {
	server = await startServer();
	proxy = await startCutProxy(server.url);
});
afterAll(async () => {
	await proxy?.close();
	await server?.stop();
});

const health = () => fetch(`${proxy.url}/api/health`).then((r) => r.status);

describe('cut proxy', () => {
	it('passes traffic, cuts live streams and new requests, and restores', async () => {
		expect(await health()).toBe(200);

		const stream = await fetch(`${proxy.url}/api/v1/outlets/${JKT.id}/events`, { headers: authHeaders(JKT) });
		expect(stream.status).toBe(200);
		const reader = stream.body!.getReader();
		const first = await reader.read();
		expect(first.done).toBe(false);

		proxy.cut();
		expect(proxy.isCut).toBe(true);
		// The open stream ends with an error or EOF (the socket is destroyed), never with more data.
		const after = await reader.read().then(
			(r) => (r.done ? 'ended' : 'data'),
			() => 'errored'
		);
		expect(after).not.toBe('data');
		await expect(health()).rejects.toThrow();

		const acceptedWhileCut = proxy.accepted;
		proxy.restore();
		expect(await health()).toBe(200);
		expect(proxy.accepted).toBe(acceptedWhileCut + 1);
	});
});

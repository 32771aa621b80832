// The ingest benches' client (bench/ingest-http.ts) against the real server: both clients, `node:http` and `fetch`, read
// the compressed answer and check every order stored under the id sent, a wrong answer fails the run, and the `node:http`
// client holds one keep-alive socket per outlet, as a till does.
import { connect, createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	batchBody,
	batchOf,
	closeIngestClients,
	ingestClient,
	INGEST_CLIENTS,
	postBatch
} from '../../bench/ingest-http.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, JKT, order, SBY } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});
afterEach(() => closeIngestClients());

describe.each(INGEST_CLIENTS)("the ingest benches' %s client", (client) => {
	it('posts a batch of 100, decodes the compressed answer and finds every order stored under its id', async () => {
		const batch = batchBody(JKT, 100);
		expect(await postBatch(server.url, JKT, batch, undefined, client)).toEqual({ encoding: 'gzip' });
		// Sent again, the same orders are answered as stored (idempotent by local id): the ids checked are the server's.
		expect(await postBatch(server.url, JKT, batch, undefined, client)).toEqual({ encoding: 'gzip' });
	});

	it('fails the run on a wrong answer: an order refused, the ids out of order, a 401', async () => {
		const refused = batchOf(JKT, [order(JKT), order(JKT, { total_amount: 'lots' }), order(JKT)]);
		await expect(postBatch(server.url, JKT, refused, undefined, client)).rejects.toThrow(
			/batch of 3 answered: .*"failed":1/
		);
		const good = batchBody(JKT, 3);
		const swapped = { ...good, localIds: [good.localIds[1]!, good.localIds[0]!, good.localIds[2]!] };
		await expect(postBatch(server.url, JKT, swapped, undefined, client)).rejects.toThrow(
			`batch item 0 (${swapped.localIds[0]}) answered`
		);
		await expect(
			postBatch(server.url, { ...JKT, key: 'not-the-key' }, batchBody(JKT, 1), undefined, client)
		).rejects.toThrow(/batch answered 401/);
	});
});

describe('the node:http client', () => {
	let proxy: Server | undefined;
	afterEach(() => proxy?.close());

	it('is the default, and holds one keep-alive socket per outlet across its requests', async () => {
		expect(ingestClient(undefined)).toBe('http');
		expect(ingestClient('fetch')).toBe('fetch');
		expect(() => ingestClient('undici')).toThrow(/BENCH_INGEST_CLIENT=undici/);
		// A TCP relay in front of the server counts the connections the client opens.
		const target = new URL(server.url);
		let connections = 0;
		proxy = createServer((socket) => {
			connections++;
			const upstream = connect(Number(target.port), target.hostname);
			socket.pipe(upstream).pipe(socket);
			socket.on('error', () => upstream.destroy());
			upstream.on('error', () => socket.destroy());
		});
		await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
		const address = proxy.address();
		const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
		await Promise.all(
			[BDG, SBY].map(async (o) => {
				for (let i = 0; i < 3; i++) await postBatch(url, o, batchBody(o, 10), undefined, 'http');
			})
		);
		expect(connections).toBe(2);
	});
});

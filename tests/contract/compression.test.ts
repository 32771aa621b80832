// The server answers JSON (and the PWA's files) brotli- or gzip-compressed when the client accepts it, never an event stream.
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

/** Raw GET (fetch would decompress and hide the encoding). */
function rawGet(
	path: string,
	acceptEncoding: string
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}${path}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

describe('response compression', () => {
	it('sends the OpenAPI document brotli-compressed, gzip-compressed or plain, as asked', async () => {
		const plain = await rawGet('/api/openapi.json', 'identity');
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		const doc = JSON.parse(plain.body.toString('utf8')) as { openapi: string };
		expect(doc.openapi).toBe('3.1.0');

		const br = await rawGet('/api/openapi.json', 'gzip, deflate, br');
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers.vary).toMatch(/Accept-Encoding/i);
		expect(br.body.length).toBeLessThan(plain.body.length / 3);
		expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(doc);

		const gz = await rawGet('/api/openapi.json', 'gzip');
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(doc);
	});

	it('leaves small answers alone', async () => {
		const r = await rawGet('/api/health', 'br, gzip');
		expect(r.status).toBe(200);
		expect(r.headers['content-encoding']).toBeUndefined();
		expect((JSON.parse(r.body.toString('utf8')) as { status: string }).status).toBe('ok');
	});
});

// The server answers JSON (and the PWA's files) brotli- or gzip-compressed when the client accepts it, never an event stream.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let staticDir: string;
const appJs = `export const tiles = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ sku: `GEN-${i}`, name: `Nasi Goreng ${i}` })))};\n`;
beforeAll(async () => {
	staticDir = mkdtempSync(join(tmpdir(), 'kasir-static-'));
	mkdirSync(join(staticDir, '_app/immutable'), { recursive: true });
	writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Kasir</title>');
	writeFileSync(join(staticDir, '_app/immutable/app.js'), appJs);
	server = await startServer({ staticDir });
});
afterAll(async () => {
	await server?.stop();
	rmSync(staticDir, { recursive: true, force: true });
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

	it('sends a built JS file compressed with a Content-Length that matches what is sent, the same twice (cached)', async () => {
		for (let i = 0; i < 2; i++) {
			const r = await rawGet('/_app/immutable/app.js', 'br');
			expect(r.status).toBe(200);
			expect(r.headers['content-encoding']).toBe('br');
			expect(Number(r.headers['content-length'])).toBe(r.body.length);
			expect(brotliDecompressSync(r.body).toString('utf8')).toBe(appJs);
		}
		const gz = await rawGet('/_app/immutable/app.js', 'gzip');
		expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
		expect(gunzipSync(gz.body).toString('utf8')).toBe(appJs);
		const plain = await rawGet('/_app/immutable/app.js', 'identity');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString('utf8')).toBe(appJs);
	});

	it('leaves small answers alone', async () => {
		const r = await rawGet('/api/health', 'br, gzip');
		expect(r.status).toBe(200);
		expect(r.headers['content-encoding']).toBeUndefined();
		expect((JSON.parse(r.body.toString('utf8')) as { status: string }).status).toBe('ok');
	});
});

// The compression middleware on a bare Hono app: what it sends, and that a small dynamic answer is compressed without a
// trip through libuv's thread pool.
import { Hono } from 'hono';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compression, INLINE_MAX_BYTES } from './compress.ts';

/** A batch's answer of `n` results: ~150 bytes each, as `/sync/batch` sends them. */
const results = (n: number) => ({
	success: true,
	data: {
		processed: n,
		results: Array.from({ length: n }, (_, i) => ({
			entity_type: 'order',
			local_id: `ORD-20260127-BEN001-${i}`,
			cloud_id: `0b6c3f1e-8a4d-4f7e-9c2a-${String(i).padStart(12, '0')}`,
			status: 'success',
			version: 1
		}))
	}
});

const app = new Hono();
app.use('*', compression());
app.get('/results/:n', (c) => {
	c.header('X-Version', '3');
	return c.json(results(Number(c.req.param('n'))));
});

/** Whether a setImmediate queued as the request starts ran before its answer was complete (the loop turned). */
async function answer(path: string, acceptEncoding: string) {
	let turned = false;
	const immediate = setImmediate(() => (turned = true));
	const res = await app.request(path, { headers: { 'Accept-Encoding': acceptEncoding } });
	const body = Buffer.from(await res.arrayBuffer());
	const loopTurned = turned;
	clearImmediate(immediate);
	return { res, body, loopTurned };
}

describe('compression', () => {
	it('compresses a 100-result answer in line: the same bytes, and the event loop never turns for it', async () => {
		const plain = JSON.stringify(results(100));
		expect(plain.length).toBeGreaterThan(10_000);
		expect(plain.length).toBeLessThan(INLINE_MAX_BYTES);
		for (const [accept, decode] of [
			['br', brotliDecompressSync],
			['gzip', gunzipSync]
		] as const) {
			const { res, body, loopTurned } = await answer('/results/100', accept);
			expect(res.headers.get('Content-Encoding')).toBe(accept);
			expect(Number(res.headers.get('Content-Length'))).toBe(body.length);
			expect(body.length).toBeLessThan(plain.length / 3);
			expect(decode(body).toString('utf8')).toBe(plain);
			expect(loopTurned).toBe(false);
		}
	});

	it('compresses a 1000-result answer (larger than the in-line limit) on the thread pool, as before', async () => {
		const plain = JSON.stringify(results(1000));
		expect(plain.length).toBeGreaterThan(INLINE_MAX_BYTES);
		const { res, body, loopTurned } = await answer('/results/1000', 'br');
		expect(res.headers.get('Content-Encoding')).toBe('br');
		expect(brotliDecompressSync(body).toString('utf8')).toBe(plain);
		expect(loopTurned).toBe(true);
	});

	it('leaves an answer under 1 KB, or one the client does not accept compressed, alone', async () => {
		for (const [path, accept] of [
			['/results/2', 'br'],
			['/results/100', 'identity']
		] as const) {
			const { res, body } = await answer(path, accept);
			expect(res.headers.get('Content-Encoding')).toBeNull();
			expect(body.toString('utf8')).toBe(JSON.stringify(results(Number(path.split('/')[2]))));
		}
	});

	it('puts the compressed answer in place as it made it, with every header of the answer it replaces', async () => {
		const Original = globalThis.Response;
		let made = 0;
		globalThis.Response = new Proxy(Original, {
			construct(target, args: ConstructorParameters<typeof Response>, newTarget: typeof Response) {
				made++;
				return Reflect.construct<ConstructorParameters<typeof Response>, Response>(target, args, newTarget);
			}
		});
		try {
			const { res, body } = await answer('/results/100', 'br');
			expect(brotliDecompressSync(body).toString('utf8')).toBe(JSON.stringify(results(100)));
			expect(res.headers.get('X-Version')).toBe('3');
			expect(res.headers.get('Content-Type')).toBe('application/json');
			expect(res.headers.get('Vary')).toBe('Accept-Encoding');
			// The route's answer and the compressed one. Before, Hono's `c.res` setter made a third over the compressed
			// bytes as a stream, to copy headers the new answer already had.
			expect(made).toBe(2);
		} finally {
			globalThis.Response = Original;
		}
	});
});

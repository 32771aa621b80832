// The edge middleware that every API request passes: the body read once (straight from the socket when its length is
// declared) and a JSON body parsed once, shared by whoever reads it.
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import { bodyLimits, CORS, corsFromConfig, jsonHygiene, jsonOnce } from './edge.ts';

/** An app reading the body as the batch route does: the hygiene check, then two more readers (the fold, the validator). */
function app() {
	const a = new Hono();
	a.use('*', bodyLimits());
	a.use('*', jsonOnce());
	a.use('*', jsonHygiene());
	a.post('/api/v1/outlets/o/sync/batch', async (c) => {
		const first = await c.req.json<{ items: unknown[] }>();
		const second = await c.req.json<{ items: unknown[] }>();
		return c.json({ same: first === second, items: second.items.length });
	});
	a.post('/api/v1/outlets/o/orders', async (c) => {
		const seen = await Promise.allSettled([c.req.json(), c.req.json()]);
		return c.json(seen.map((s) => (s.status === 'rejected' ? String(s.reason) : 'parsed')));
	});
	return a;
}
const post = (path: string, body: string) =>
	app().request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('jsonOnce', () => {
	it('gives every reader of a request the same parsed body', async () => {
		const r = await post('/api/v1/outlets/o/sync/batch', JSON.stringify({ items: [{ a: 1 }, { b: 2 }] }));
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ same: true, items: 2 });
	});

	it('rejects a malformed body for every reader alike, as each parse of its own did', async () => {
		const r = await post('/api/v1/outlets/o/orders', '{"items": [');
		expect(r.status).toBe(200);
		const seen = (await r.json()) as string[];
		expect(seen).toHaveLength(2);
		expect(seen[0]).toMatch(/^SyntaxError/);
		expect(seen[1]).toBe(seen[0]);
	});

	it('leaves each request its own body', async () => {
		const a = app();
		const bodies = [{ items: [1] }, { items: [1, 2, 3] }];
		const answers = await Promise.all(
			bodies.map(async (b) =>
				(
					await a.request('/api/v1/outlets/o/sync/batch', {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(b)
					})
				).json()
			)
		);
		expect(answers).toEqual([
			{ same: true, items: 1 },
			{ same: true, items: 3 }
		]);
	});
});

/** The body middleware behind a real @hono/node-server, as the server runs: what each reader of the body gets. */
async function served() {
	const a = new Hono();
	let given: Request | undefined;
	a.use('*', async (c, next) => {
		given = c.req.raw;
		await next();
	});
	a.use('*', bodyLimits());
	a.use('*', jsonOnce());
	a.post('/api/v1/outlets/o/sync/batch', async (c) => {
		const kept = c.req.raw === given;
		const bytes = [...new Uint8Array(await c.req.arrayBuffer())];
		const text = await c.req.text();
		const json: unknown = await c.req.json().catch((e: unknown) => String(e));
		return c.json({ kept, bytes, text, json });
	});
	const server = await new Promise<ServerType>((resolve) => {
		const s = serve({ fetch: a.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
	});
	const address = server.address();
	const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/outlets/o/sync/batch`;
	return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Seen = { kept: boolean; bytes: number[]; text: string; json: unknown };

describe('bodyLimits on the Node server', () => {
	it('reads a body of declared length on the request the server gave, and every reader gets it', async () => {
		const s = await served();
		try {
			const body = JSON.stringify({ items: [{ name: 'Kopi Susu ☕' }] });
			const r = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			const seen = (await r.json()) as Seen;
			// Before: the body went through a web stream into a second Request that replaced the server's.
			expect(seen.kept).toBe(true);
			expect(seen.text).toBe(body);
			expect(seen.json).toEqual({ items: [{ name: 'Kopi Susu ☕' }] });
			expect(Buffer.from(seen.bytes).toString('utf8')).toBe(body);
		} finally {
			await s.close();
		}
	});

	it('decodes as Request.text() does: a leading BOM dropped, bad bytes replaced; the bytes stay as sent', async () => {
		const s = await served();
		try {
			const sent = [0xef, 0xbb, 0xbf, ...Buffer.from('{"a":"x'), 0xff, ...Buffer.from('"}')];
			const r = await fetch(s.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: new Uint8Array(sent)
			});
			const seen = (await r.json()) as Seen;
			expect(seen.bytes).toEqual(sent);
			expect(seen.text).toBe('{"a":"x\uFFFD"}');
			expect(seen.json).toEqual({ a: 'x\uFFFD' });
			// What the platform's own reader makes of the same bytes.
			expect(await new Request('http://x/', { method: 'POST', body: new Uint8Array(sent) }).text()).toBe(
				seen.text
			);
		} finally {
			await s.close();
		}
	});

	it('reads a chunked body (no Content-Length) as before, and answers 413 past the limit', async () => {
		const s = await served();
		const chunked = (parts: Uint8Array[]) =>
			fetch(s.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: new ReadableStream<Uint8Array>({
					start(c) {
						for (const p of parts) c.enqueue(p);
						c.close();
					}
				}),
				duplex: 'half'
			} as RequestInit);
		try {
			const small = await chunked([Buffer.from('{"items":'), Buffer.from('[1,2]}')]);
			const seen = (await small.json()) as Seen;
			expect(seen.json).toEqual({ items: [1, 2] });
			const mb = new Uint8Array(1024 * 1024).fill(0x20);
			const big = await chunked(Array.from({ length: 11 }, () => mb));
			expect(big.status).toBe(413);
		} finally {
			await s.close();
		}
	});
});

/** An API app behind the given CORS middleware: a JSON answer, an error, a bare Response, a 429 with its own header. */
function corsApp(mw: MiddlewareHandler) {
	const a = new Hono();
	a.use('/api/*', mw);
	a.onError((_e, c) => c.json({ status: 'error' }, 500));
	a.get('/api/json', (c) => c.json({ ok: true }));
	a.post('/api/boom', () => {
		throw new Error('boom');
	});
	// Every route of ours names its Content-Type; without one, a bare Response's default type would come from the
	// server's write (@hono/node-server) instead of from the copy Hono's cors made.
	a.get(
		'/api/raw',
		() => new Response('raw', { headers: { 'Content-Type': 'text/plain', Vary: 'Accept', 'X-Version': '3' } })
	);
	a.get('/api/limited', (c) => {
		c.header('Retry-After', '5');
		return c.json({ error: 'rate_limit_exceeded' }, 429);
	});
	return a;
}

describe('corsFromConfig', () => {
	const origins = ['https://pos.example.com'];
	const ours = corsApp(corsFromConfig({ corsOrigins: origins }));
	const hono = corsApp(cors({ origin: (o) => (origins.includes(o) ? o : null), ...CORS }));
	const asked = [
		['GET', '/api/json'],
		['POST', '/api/boom'],
		['GET', '/api/raw'],
		['GET', '/api/limited'],
		['GET', '/api/missing'],
		['OPTIONS', '/api/json']
	] as const;
	const from: Record<string, string>[] = [
		{ origin: 'https://pos.example.com' },
		{ origin: 'https://evil.example.com' },
		{}
	];

	it("answers every request with exactly the headers and body Hono's cors gives it", async () => {
		for (const [method, path] of asked)
			for (const headers of from) {
				const init = { method, headers: { ...headers, 'access-control-request-method': 'POST' } };
				const [a, b] = await Promise.all([ours.request(path, init), hono.request(path, init)]);
				expect({ path, method, status: a.status, headers: [...a.headers] }).toEqual({
					path,
					method,
					status: b.status,
					headers: [...b.headers]
				});
				expect(await a.text()).toBe(await b.text());
			}
	});

	it("hands the route's answer on as it was made: no second Response over its body", async () => {
		const made: Response[] = [];
		const a = new Hono();
		a.use('/api/*', corsFromConfig({ corsOrigins: origins }));
		a.get('/api/json', (c) => {
			const r = c.json({ ok: true });
			made.push(r);
			return r;
		});
		const r = await a.request('/api/json', { headers: { origin: origins[0]! } });
		// Before: Hono's cors set its headers on a placeholder response first, so the answer was re-made over its body.
		expect(r).toBe(made[0]);
		expect(r.headers.get('access-control-allow-origin')).toBe(origins[0]);
		expect(await r.json()).toEqual({ ok: true });
	});
});

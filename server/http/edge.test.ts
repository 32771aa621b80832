// The edge middleware that every API request passes: a JSON body parsed once and shared by whoever reads it.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyLimits, jsonHygiene, jsonOnce } from './edge.ts';

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

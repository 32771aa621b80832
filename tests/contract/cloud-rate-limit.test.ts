// The per-outlet rate limit over real HTTP (RATE_LIMIT_PER_MINUTE=5 for this server): the sixth
// request in a minute answers 429 with the seed's body and a Retry-After header; outlets count apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitBody } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, cloud, JKT } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
});
afterAll(async () => {
	await server?.stop();
});

describe('rate limit', () => {
	it('answers 429 rate_limit_exceeded with retry_after and Retry-After past the limit, per outlet', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await cloud(server, JKT, '/sync/status')).status);
		expect(statuses).toEqual([200, 200, 200, 200, 200]);
		const r = await cloud(server, JKT, '/updates');
		expect(r.status).toBe(429);
		const body = RateLimitBody.parse(r.body);
		expect(Object.keys(r.body).sort()).toEqual(['error', 'message', 'retry_after', 'success']);
		expect(body).toMatchObject({
			success: false,
			error: 'rate_limit_exceeded',
			message: 'Too many requests'
		});
		expect(body.retry_after).toBeGreaterThanOrEqual(1);
		expect(body.retry_after).toBeLessThanOrEqual(60);
		expect(r.headers.get('retry-after')).toBe(String(body.retry_after));
		// Another outlet has its own budget.
		expect((await cloud(server, BDG, '/sync/status')).status).toBe(200);
		// Requests without a valid key are answered 401 and do not spend the outlet's budget.
		expect(
			(await cloud(server, BDG, '/sync/status', { headers: { authorization: 'Bearer nope' } })).status
		).toBe(401);
	});
});

// The per-outlet rate limit over real HTTP (RATE_LIMIT_PER_MINUTE=5 for this server): the sixth
// request in a minute answers 429 with the seed's body and a Retry-After header; outlets count apart. The key lookup
// and the budget are one statement: only a request whose key, path and headers agree spends it, and a key changed in
// the database is refused on its very next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../server/auth.ts';
import { RateLimitBody } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, cloud, JKT, MLG, SBY } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5', KASIR_TEST_HOOKS: '1' } });
});

/** One statement on the server's database, as an operator would run it. */
async function sql(text: string, params: unknown[]): Promise<void> {
	const r = await fetch(`${server.url}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql: text, params })
	});
	if (!r.ok) throw new Error(`sql answered ${r.status}`);
}
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

	it('does not spend the budget on requests refused for a header naming another outlet', async () => {
		const refused: number[] = [];
		for (let i = 0; i < 3; i++)
			refused.push(
				(await cloud(server, MLG, '/sync/status', { headers: { 'x-outlet-code': 'JKT-001' } })).status
			);
		refused.push((await cloud(server, MLG, '/sync/status', { headers: { 'x-outlet-id': JKT.id } })).status);
		expect(refused).toEqual([403, 403, 403, 403]);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await cloud(server, MLG, '/sync/status')).status);
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
	});

	it('refuses a key changed in the database on its next request, and takes the new one', async () => {
		expect((await cloud(server, SBY, '/sync/status')).status).toBe(200);
		const rotated = { ...SBY, key: 'rotated-key-sby-001' };
		await sql('update stores set api_key_hash = $1 where id = $2', [hashApiKey(rotated.key), SBY.id]);
		const old = await cloud(server, SBY, '/sync/status');
		expect(old.status).toBe(401);
		expect(old.body.error).toBe('unauthorized');
		expect((await cloud(server, rotated, '/sync/status')).status).toBe(200);
		await sql('update stores set api_key_hash = $1 where id = $2', [hashApiKey(SBY.key), SBY.id]);
		expect((await cloud(server, SBY, '/sync/status')).status).toBe(200);
	});
});

// A batch's new orders are inserted in the same statement as its key check and rate-limit budget
// (server/cloud/auth.ts `fold`): a request refused for its key, its outlet, its headers or its budget writes nothing and
// spends what a refused request spends; a folded insert the database refuses falls back to auth first and the
// route's own writes, spending the budget once. RATE_LIMIT_PER_MINUTE=5 for this server; every count is read back from
// the server's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../server/auth.ts';
import { BatchResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, cloud, JKT, MLG, order, SBY, transaction, type OutletCreds } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5', KASIR_TEST_HOOKS: '1' } });
});
afterAll(async () => {
	await server?.stop();
});

/** One statement on the server's database, as an operator would run it; its rows. */
async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
	const r = await fetch(`${server.url}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql: text, params })
	});
	if (!r.ok) throw new Error(`sql answered ${r.status}: ${await r.text()}`);
	return ((await r.json()) as { rows: T[] }).rows;
}

/** How many of these local ids the database holds (orders and transactions). */
async function stored(localIds: string[]): Promise<number> {
	const [row] = await sql<{ n: number }>(
		`select ((select count(*) from orders where local_id = any($1::text[])) +
		         (select count(*) from transactions where local_id = any($1::text[])))::int as n`,
		[localIds]
	);
	return row?.n ?? -1;
}

/** The outlet's spent budget in its current window (0 when it has none). */
async function spent(o: OutletCreds): Promise<number> {
	const [row] = await sql<{ count: number }>('select count from rate_windows where key = $1', [
		`outlet:${o.id}`
	]);
	return row?.count ?? 0;
}

const batchOf = (o: OutletCreds, n: number) => {
	const orders = Array.from({ length: n }, () => order(o));
	return {
		ids: orders.map((d) => d.local_id),
		body: {
			outlet_id: o.id,
			outlet_code: o.code,
			sync_timestamp: '2026-01-27T10:35:00Z',
			items: orders.map((data) => ({ entity_type: 'order', operation: 'create', data }))
		}
	};
};

describe('batch insert folded into the key check and the budget', () => {
	it('a wrong key, another outlet in the path or a wrong header: refused, nothing stored, no budget spent', async () => {
		const before = await spent(JKT);
		const refused: number[] = [];
		const ids: string[] = [];
		const send = async (headers: Record<string, string>, path?: string) => {
			const b = batchOf(JKT, 3);
			ids.push(...b.ids);
			refused.push((await cloud(server, JKT, '/sync/batch', { json: b.body, headers, path })).status);
		};
		await send({ authorization: 'Bearer not-a-key' });
		await send({ authorization: `Bearer ${BDG.key}` });
		await send({ 'x-outlet-code': BDG.code });
		await send({ 'x-outlet-id': BDG.id, 'x-outlet-code': BDG.code }, `/api/v1/outlets/${BDG.id}/sync/batch`);
		expect(refused).toEqual([401, 403, 403, 403]);
		expect(await stored(ids)).toBe(0);
		expect(await spent(JKT)).toBe(before);
		expect(await spent(BDG)).toBe(0);
		// The same batch with the right headers goes in, and spends one request.
		const ok = batchOf(JKT, 3);
		const r = await cloud(server, JKT, '/sync/batch', { json: ok.body });
		expect(r.status).toBe(200);
		expect(BatchResponse.parse(r.body).data.success).toBe(3);
		expect(await stored(ok.ids)).toBe(3);
		expect(await spent(JKT)).toBe(before + 1);
	});

	it('past the budget: 429 and nothing stored, orders or transactions', async () => {
		const statuses: number[] = [];
		const lateIds: string[] = [];
		for (let i = 0; i < 7; i++) {
			const b = batchOf(MLG, 2);
			const tx = transaction(MLG, b.ids[0] ?? '');
			const items = i % 2 ? [...b.body.items, { entity_type: 'transaction', data: tx }] : b.body.items;
			const r = await cloud(server, MLG, '/sync/batch', { json: { ...b.body, items } });
			statuses.push(r.status);
			if (r.status === 429) lateIds.push(...b.ids, tx.local_id);
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
		expect(lateIds).toHaveLength(6);
		expect(await stored(lateIds)).toBe(0);
		// A batch of transactions alone is folded too: refused past the budget as well.
		const txs = [transaction(MLG, 'ORD-x'), transaction(MLG, 'ORD-y')];
		const r = await cloud(server, MLG, '/sync/batch', {
			json: { items: txs.map((data) => ({ entity_type: 'transaction', data })) }
		});
		expect(r.status).toBe(429);
		expect(await stored(txs.map((t) => t.local_id))).toBe(0);
	});

	it('a key rotated in the database is refused on its next batch, which stores nothing', async () => {
		const rotated = { ...SBY, key: 'rotated-key-sby-fold' };
		await sql('update stores set api_key_hash = $1 where id = $2', [hashApiKey(rotated.key), SBY.id]);
		try {
			const old = batchOf(SBY, 2);
			expect((await cloud(server, SBY, '/sync/batch', { json: old.body })).status).toBe(401);
			expect(await stored(old.ids)).toBe(0);
			const fresh = batchOf(SBY, 2);
			expect((await cloud(server, rotated, '/sync/batch', { json: fresh.body })).status).toBe(200);
			expect(await stored(fresh.ids)).toBe(2);
		} finally {
			await sql('update stores set api_key_hash = $1 where id = $2', [hashApiKey(SBY.key), SBY.id]);
		}
	});

	it('an insert the database refuses falls back to the one-item path: the good items stored, one request spent', async () => {
		await sql(
			`alter table orders add constraint test_fold_refused check (customer_name is distinct from 'refuse me')`
		);
		try {
			const before = await spent(BDG);
			const b = batchOf(BDG, 3);
			const items = b.body.items.map((it, i) =>
				i === 1 ? { ...it, data: { ...it.data, customer_name: 'refuse me' } } : it
			);
			const r = await cloud(server, BDG, '/sync/batch', { json: { ...b.body, items } });
			expect(r.status).toBe(200);
			const data = BatchResponse.parse(r.body).data;
			expect(data.results.map((x) => x.status)).toEqual(['success', 'failed', 'success']);
			expect(data.results[1]).toMatchObject({ local_id: b.ids[1], code: 'internal_server_error' });
			expect(await stored(b.ids)).toBe(2);
			expect(await spent(BDG)).toBe(before + 1);
		} finally {
			await sql('alter table orders drop constraint test_fold_refused');
		}
	});
});

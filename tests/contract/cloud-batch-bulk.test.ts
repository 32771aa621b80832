// The batch's bulk path (new orders and transactions in one multi-row insert) answers exactly what the one-item path
// would: retries keep their cloud_id, a higher version updates, the same order twice in one batch, two batches at once,
// and every column stored as the one-item path stores it (the bulk rows travel as one JSON parameter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order, transaction } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { KASIR_TEST_HOOKS: '1' } });
});
afterAll(async () => {
	await server?.stop();
});

const push = async (items: unknown[]) => {
	const r = await cloud(server, JKT, '/sync/batch', {
		json: { outlet_id: JKT.id, outlet_code: JKT.code, sync_timestamp: '2026-01-27T10:35:00Z', items }
	});
	expect(r.status).toBe(200);
	return BatchResponse.parse(r.body).data;
};
const create = (entity_type: string, data: unknown) => ({ entity_type, operation: 'create', data });

describe('batch bulk path', () => {
	it('answers retries with the first cloud_id, updates a higher version, and takes one order twice in a batch', async () => {
		const a = order(JKT);
		const b = order(JKT);
		const first = await push([
			create('order', a),
			create('order', b),
			create('transaction', transaction(JKT, a.local_id))
		]);
		expect(first.results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
		const [ra, rb] = first.results;

		const again = await push([
			create('order', a),
			create('order', { ...b, version: 2, status: 'void' }),
			create('order', order(JKT, { local_id: `${a.local_id}-new` })),
			create('order', { ...a, local_id: `${a.local_id}-twice`, version: 1 }),
			create('order', { ...a, local_id: `${a.local_id}-twice`, version: 2, total_amount: 1 })
		]);
		expect(again.results.map((r) => [r.status, r.version])).toEqual([
			['success', 1],
			['success', 2],
			['success', 1],
			['success', 1],
			['success', 2]
		]);
		expect(again.results[0]?.cloud_id).toBe(ra?.cloud_id);
		expect(again.results[1]?.cloud_id).toBe(rb?.cloud_id);
		expect(again.results[4]?.cloud_id).toBe(again.results[3]?.cloud_id);
	});

	it('two batches of the same new orders at once store each order once, with one cloud_id', async () => {
		const items = Array.from({ length: 300 }, () => create('order', order(JKT)));
		const [x, y] = await Promise.all([push(items), push(items)]);
		expect(x.success).toBe(300);
		expect(y.success).toBe(300);
		expect(x.results.map((r) => r.cloud_id)).toEqual(y.results.map((r) => r.cloud_id));
		expect(new Set(x.results.map((r) => r.cloud_id)).size).toBe(300);
	});

	it('re-pushes at a higher version update in bulk: the same cloud_ids, and the new bodies are what is stored', async () => {
		const orders = Array.from({ length: 40 }, () => order(JKT, { status: 'open' }));
		const txs = orders.slice(0, 10).map((o) => transaction(JKT, o.local_id));
		const first = await push([
			...orders.map((o) => create('order', o)),
			...txs.map((t) => create('transaction', t))
		]);
		expect(first.success).toBe(50);
		const paid = orders.map((o) => ({ ...o, status: 'paid', total_amount: 175000, version: 2 }));
		const refunded = txs.map((t) => ({ ...t, reason: 'checked again', version: 2 }));
		const second = await push([
			...paid.map((o) => create('order', o)),
			...refunded.map((t) => create('transaction', t))
		]);
		expect(second.results.map((r) => [r.status, r.version])).toEqual(
			Array.from({ length: 50 }, () => ['success', 2])
		);
		expect(second.results.map((r) => r.cloud_id)).toEqual(first.results.map((r) => r.cloud_id));
		// What is stored is the new body: the old one at version 2 is another body (422), the new one a plain retry.
		const check = await push([
			create('order', { ...orders[0], version: 2 }),
			create('order', paid[1]),
			create('transaction', { ...txs[0], version: 2 }),
			create('transaction', refunded[1])
		]);
		expect(check.results.map((r) => [r.status, r.code])).toEqual([
			['failed', 'idempotency_conflict'],
			['success', undefined],
			['failed', 'idempotency_conflict'],
			['success', undefined]
		]);
	});

	it('stores every column of a bulk-inserted order as the one-item path stores the same body', async () => {
		const bodies = [
			order(JKT, {
				customer_name: 'Budi "Ü" \\ ☕ \u00e9',
				order_number: 'JKT-0042',
				cashier_name: 'Sari',
				staff_id: 'st-1',
				discount_amount: 5000,
				discount: { kind: 'amount', value: 5000, name: 'Promo "A"', preset_id: null },
				items: [
					{
						product_name: 'Es Teh "manis"',
						qty: 1,
						price: 5000,
						subtotal: 5000,
						notes: 'a\nb\\c',
						extra: [1, null]
					}
				]
			}),
			order(JKT, { status: 'open', payment_info: undefined, table_number: undefined, pax: undefined })
		];
		const pairs = bodies.map((b) => ({ single: b, bulk: { ...b, local_id: `${b.local_id}-bulk` } }));
		for (const p of pairs) expect((await cloud(server, JKT, '/orders', { json: p.single })).status).toBe(200);
		const batch = await push(pairs.map((p) => create('order', p.bulk)));
		expect(batch.success).toBe(pairs.length);
		const r = await fetch(`${server.url}/api/test/sql`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				sql: `select s.local_id, jsonb_typeof(b.items) as items_type,
				             (to_jsonb(s) - '{cloud_id,local_id,synced_at,changed_at}'::text[])
				           = (to_jsonb(b) - '{cloud_id,local_id,synced_at,changed_at}'::text[]) as same,
				             to_jsonb(b) - '{cloud_id,local_id,synced_at,changed_at}'::text[] as stored
				        from orders s join orders b on b.outlet_id = s.outlet_id and b.local_id = s.local_id || '-bulk'
				       where s.local_id = any($1::text[]) order by s.local_id`,
				params: [pairs.map((p) => p.single.local_id)]
			})
		});
		const rows = ((await r.json()) as { rows: { items_type: string; same: boolean; stored: unknown }[] })
			.rows;
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row.items_type).toBe('array');
			expect(row.same, JSON.stringify(row.stored)).toBe(true);
		}
	});
});

// Why: reconciliation against the real cloud: a day that matches, one order removed and another altered
// directly in the server's database named exactly, repaired by "send again"; offline stays pending and reruns.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { getMeta, reconcileKey } from '../../src/lib/db/meta';
import type { OrderDoc, ReconciliationDoc } from '../../src/lib/db/types';
import type { PaymentMethod } from '../../src/lib/domain/payment';
import { pushPending } from '../cloud/push';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { reconcileDay, rerunReconciliations, resendOrders } from './run';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';

const h = workerHarness({ env: { KASIR_TEST_HOOKS: '1' } });

async function sql(text: string, params: unknown[] = []): Promise<unknown[]> {
	const r = await fetch(`${h.url}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql: text, params })
	});
	expect(r.status).toBe(200);
	return ((await r.json()) as { rows: unknown[] }).rows;
}

let seq = 0;
/** An order of business day `date` (created at 10:00 WIB + i minutes), paid by `method` or voided. */
function order(
	outletId: string,
	date: string,
	i: number,
	method: PaymentMethod | null,
	total: number
): OrderDoc {
	const at = new Date(Date.parse(`${date}T03:00:00Z`) + i * 60_000).toISOString();
	const localId = `ORD-REC-${date}-${seq++}-${i}`;
	return {
		local_id: localId,
		order_number: localId,
		payments: method
			? [
					{
						local_id: `${localId}:p1`,
						method,
						amount: total,
						cash_amount: null,
						change_amount: null,
						paid_at: at,
						cashier_name: 'kasir'
					}
				]
			: [],
		outlet_id: outletId,
		outlet_code: 'JKT-001',
		table_number: null,
		customer_name: null,
		pax: 2,
		items: [],
		subtotal: total,
		service_amount: 0,
		tax_amount: 0,
		rounding_amount: 0,
		total_amount: total,
		status: method ? 'paid' : 'void',
		void_reason: method ? null : 'wrong table',
		payment_info: method ? { method, amount: total, paid_at: at } : null,
		version: method ? 2 : 3,
		created_at: at,
		updated_at: at,
		business_date: date,
		...NEVER_PUSHED
	};
}

describe('reconcileDay', () => {
	it('matches a day the cloud holds, names a removed and an altered order, and matches again after "send again"', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const date = '2030-04-02';
		const orders = [
			order(outletId, date, 0, 'cash', 50_000),
			order(outletId, date, 1, 'qris', 30_000),
			order(outletId, date, 2, 'card', 20_000),
			order(outletId, date, 3, null, 15_000)
		];
		await db.orders.bulkInsert(orders);

		const first = await reconcileDay(t.ctx, date);
		expect(first.status).toBe('matched');
		expect(first.local).toEqual(first.cloud);
		expect(first.local.paid).toEqual({ count: 3, sum: 100_000 });
		expect(first.local.voids).toEqual({ count: 1, sum: 15_000 });
		expect(first.local.payment_methods.qris).toEqual({ count: 1, sum: 30_000 });
		expect(first.sent_at).not.toBeNull();
		const [kept] = (await sql('select status from reconciliations where outlet_id = $1 and date = $2', [
			outletId,
			date
		])) as { status: string }[];
		expect(kept?.status).toBe('matched');

		const [a, b] = orders as [OrderDoc, OrderDoc];
		await sql('delete from orders where outlet_id = $1 and local_id = $2', [outletId, a.local_id]);
		await sql('update orders set total_amount = 31000 where outlet_id = $1 and local_id = $2', [
			outletId,
			b.local_id
		]);

		const broken = await reconcileDay(t.ctx, date);
		expect(broken.status).toBe('mismatched');
		expect(broken.differences.map((d) => [d.local_id, d.kind, d.fields])).toEqual(
			[
				[a.local_id, 'missing', []],
				[b.local_id, 'different', ['total_amount']]
			].sort((x, y) => String(x[0]).localeCompare(String(y[0])))
		);
		expect(broken.cloud?.paid).toEqual({ count: 2, sum: 51_000 });

		expect(await resendOrders(t.ctx, date, [a.local_id, b.local_id])).toBe(2);
		expect((await getMeta<ReconciliationDoc>(db, reconcileKey(date)))?.status).toBe('pending');
		await pushPending(t.ctx);
		const repaired = await reconcileDay(t.ctx, date);
		expect(repaired.status).toBe('matched');
		expect(repaired.cloud?.paid).toEqual({ count: 3, sum: 100_000 });
	}, 60_000);

	it('stays pending offline and is checked again by itself after the next push', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const date = '2030-04-03';
		await db.orders.bulkInsert([order(outletId, date, 0, 'cash', 12_000)]);
		const realFetch = t.ctx.fetch;
		t.ctx.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
		const offline = await reconcileDay(t.ctx, date);
		expect(offline).toMatchObject({ status: 'pending', reason: 'offline', cloud: null, sent_at: null });
		expect(offline.local.paid).toEqual({ count: 1, sum: 12_000 });

		t.ctx.fetch = realFetch;
		expect(await rerunReconciliations(t.ctx)).toBe(1);
		const after = await getMeta<ReconciliationDoc>(db, reconcileKey(date));
		expect(after?.status).toBe('matched');
		expect(after?.sent_at).not.toBeNull();
	}, 60_000);
});

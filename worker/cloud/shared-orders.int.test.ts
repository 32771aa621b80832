// Why: shared open orders between two tills (two worker contexts, two databases) against one real server with
// SHARE_OPEN_ORDERS=1: held on A, pulled on B, paid on B, seen paid on A; two edits of one order → a conflict resolved
// into one version everywhere; pulled orders are never pushed back.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';
import type { OrderDoc } from '../../src/lib/db/types';
import { queueResolution, sendQueuedResolutions } from '../conflicts/resolve';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import { createCtx, type Ctx } from '../context';
import { EventBus } from '../events';
import { platformLocks } from '../net/locks';
import { workerHarness } from '../test-harness';
import { demoOutlet } from '../testing';
import { pushPending } from './push';
import { pullSharedOrders, refreshFeatures } from './shared-orders';

const h = workerHarness({ env: { SHARE_OPEN_ORDERS: '1' } });

function heldOrder(outletId: string, localId: string): OrderDoc {
	const now = new Date().toISOString();
	return {
		local_id: localId,
		order_number: `ORD-20260127-JKT001-A-0001`,
		payments: [],
		outlet_id: outletId,
		outlet_code: 'JKT-001',
		table_number: 'A-04',
		customer_name: null,
		pax: 2,
		items: [
			{
				line_id: 'L1',
				product_id: 'p',
				product_name: 'Es Teh',
				category: 'Minuman',
				qty: 2,
				price: 8000,
				subtotal: 16000,
				modifiers: [],
				note: 'less ice',
				destination: 'bar',
				status: 'sent'
			}
		],
		subtotal: 16000,
		service_amount: 800,
		tax_amount: 1680,
		rounding_amount: 20,
		total_amount: 18500,
		status: 'sent',
		void_reason: null,
		payment_info: null,
		version: 1,
		created_at: now,
		updated_at: now,
		business_date: '2026-01-27',
		shift_id: 'shift-a',
		cashier_name: 'Ani',
		...NEVER_PUSHED
	};
}

type Till = { ctx: Ctx; db: KasirDatabase; outletId: string };

/**
 * A till is its own database, opened only while it acts: RxDB's free build allows 13 collections per JS realm, so two
 * tills cannot be open in one Node process at once (the e2e runs them side by side in two browser contexts).
 */
function till(device: string) {
	const name = `till_${device.toLowerCase()}_${crypto.randomUUID().slice(0, 8)}`;
	let outletId = '';
	return async <T>(fn: (t: Till) => Promise<T>): Promise<T> => {
		const db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const ctx = createCtx({ db, locks: platformLocks(), bus: new EventBus(), origin: h.url });
		// Settings live in one store per JS realm (idb-keyval): each till answers its own device code.
		const shared = ctx.settings.bind(ctx);
		ctx.settings = async () => ({ ...(await shared()), device_code: device });
		try {
			if (!outletId) {
				outletId = (await demoOutlet(ctx, h.url)).outletId;
				expect(await refreshFeatures(ctx)).toBe(true);
			}
			return await fn({ ctx, db, outletId });
		} finally {
			await db.close();
		}
	};
}

const read = async (t: Till, id: string) =>
	(await t.db.orders.findOne(id).exec())?.toMutableJSON() as OrderDoc;

/** An edit on a till, as the order service writes it: version + 1, pending for the push. */
async function edit(t: Till, id: string, change: Partial<OrderDoc>) {
	const doc = await t.db.orders.findOne(id).exec();
	await doc?.incrementalModify((d) => ({
		...d,
		...change,
		version: d.version + 1,
		updated_at: new Date().toISOString(),
		sync_status: 'pending'
	}));
}

describe('shared open orders between two tills', () => {
	it('held on A (bill asked) appears on B with its till fields and table; B pays it; A sees it paid, table free; nothing pushed back', async () => {
		const a = till('A');
		const b = till('B');
		const id = `019a${crypto.randomUUID().slice(4)}`;
		await a(async (t) => {
			await t.db.orders.insert(heldOrder(t.outletId, id));
			expect(await pushPending(t.ctx)).toMatchObject({ synced: 1 });
			// The guest asks for the bill: the table says so, and (orders being shared) the order is a new version.
			await t.db.tables.upsert({
				id: 'A-04',
				number: 'A-04',
				seats: 4,
				status: 'bill',
				order_local_id: id,
				sync_status: 'pending',
				updated_at: new Date().toISOString()
			});
			await edit(t, id, {});
			expect(await pushPending(t.ctx)).toMatchObject({ synced: 1 });
		});
		const paidAt = new Date().toISOString();
		await b(async (t) => {
			await pullSharedOrders(t.ctx);
			const onB = await read(t, id);
			expect(onB).toMatchObject({
				status: 'sent',
				version: 2,
				synced_version: 2,
				sync_status: 'synced',
				subtotal: 16000,
				service_amount: 800,
				tax_amount: 1680,
				rounding_amount: 20,
				shift_id: 'shift-a',
				cashier_name: 'Ani',
				business_date: '2026-01-27'
			});
			expect(onB.items[0]).toMatchObject({ line_id: 'L1', note: 'less ice', destination: 'bar' });
			expect((await t.db.tables.findOne('A-04').exec())?.toMutableJSON()).toMatchObject({
				status: 'bill',
				order_local_id: id
			});
			// Received, not edited here: B's push has nothing to send.
			expect(await pushPending(t.ctx)).toMatchObject({ sent: 0 });
			await edit(t, id, {
				status: 'paid',
				payment_info: { method: 'cash', amount: 18500, paid_at: paidAt },
				payments: [
					{
						local_id: `${id}-p1`,
						method: 'cash',
						amount: 18500,
						cash_amount: 20000,
						change_amount: 1500,
						paid_at: paidAt,
						cashier_name: 'Budi'
					}
				]
			});
			expect(await pushPending(t.ctx)).toMatchObject({ failed: 0, conflicts: 0 });
			expect(await t.db.transactions.count().exec()).toBe(1);
		});
		await a(async (t) => {
			await pullSharedOrders(t.ctx);
			const onA = await read(t, id);
			expect(onA).toMatchObject({ status: 'paid', version: 3, sync_status: 'synced' });
			expect((await t.db.tables.findOne('A-04').exec())?.status).toBe('free');
			expect(onA.payments.map((p) => p.cashier_name)).toEqual(['Budi']);
			// A received the payment: it derives no transaction and pushes nothing.
			expect(await pushPending(t.ctx)).toMatchObject({ sent: 0 });
			expect(await t.db.transactions.count().exec()).toBe(0);
		});
	});

	it('two tills editing one open order: a conflict on the second push, resolved into one version on both', async () => {
		const a = till('A');
		const b = till('B');
		const id = `019b${crypto.randomUUID().slice(4)}`;
		await a(async (t) => {
			await t.db.orders.insert(heldOrder(t.outletId, id));
			await pushPending(t.ctx);
			await edit(t, id, { customer_name: 'Table of Rudi' });
		});
		await b(async (t) => {
			await pullSharedOrders(t.ctx);
			await edit(t, id, { pax: 5 });
			expect(await pushPending(t.ctx)).toMatchObject({ synced: 1 });
		});
		await a(async (t) => {
			expect(await pushPending(t.ctx)).toMatchObject({ conflicts: 1 });
			const conflicts = (await t.db.conflicts.find().exec()).map((c) => c.toMutableJSON());
			expect(conflicts).toHaveLength(1);
			expect(conflicts[0]).toMatchObject({
				entity_type: 'order',
				local_id: id,
				field: 'order',
				status: 'open'
			});
			expect(conflicts[0]?.cloud_value).toMatchObject({ pax: 5, customer_name: null });
			expect(conflicts[0]?.local_value).toMatchObject({ pax: 2, customer_name: 'Table of Rudi' });
			await queueResolution(t.ctx, String(conflicts[0]?.id), 'local_wins', 'manager', null);
			expect(await sendQueuedResolutions(t.ctx)).toBe(1);
			expect(await read(t, id)).toMatchObject({
				version: 3,
				customer_name: 'Table of Rudi',
				pax: 2,
				sync_status: 'synced'
			});
		});
		await b(async (t) => {
			await pullSharedOrders(t.ctx);
			expect(await read(t, id)).toMatchObject({
				version: 3,
				customer_name: 'Table of Rudi',
				pax: 2,
				sync_status: 'synced'
			});
		});
	});
});

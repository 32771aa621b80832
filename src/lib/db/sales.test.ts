// Why: the start-up repair is what makes a crash harmless; it runs on a real RxDB database seeded with every half-written state a
// crash can leave, and must finish or undo each one, idempotently. The v0 -> v1 orders migration keeps old orders syncing.
import 'fake-indexeddb/auto';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase } from './database';
import { counterKey, getMeta, setMeta } from './meta';
import { draftKey, repairSales, type CartDraft } from './sales';
import { orderSchema, transactionSchema } from './schemas';
import type { OrderDoc, TransactionDoc } from './types';
import { cartDraft, oneLineCart, orderDoc } from '../../../tests/helpers/order-docs';
import { NEVER_PUSHED } from './push-state';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const now = '2026-12-02T03:00:00.000Z';
const OUTLET = 'o-1';

function order(localId: string, number: string, over: Partial<OrderDoc> = {}): OrderDoc {
	return orderDoc({
		local_id: localId,
		order_number: number,
		outlet_id: OUTLET,
		created_at: now,
		business_date: '2026-12-02',
		...over
	});
}

function paid(localId: string, number: string, payId: string, over: Partial<OrderDoc> = {}): OrderDoc {
	return order(localId, number, {
		status: 'paid',
		payment_info: { method: 'cash', amount: 10_000, paid_at: now },
		payments: [
			{
				local_id: payId,
				method: 'cash',
				amount: 10_000,
				cash_amount: 20_000,
				change_amount: 10_000,
				paid_at: now,
				cashier_name: 'kasir1'
			}
		],
		...over
	});
}

function draft(tab: string, over: Partial<CartDraft> = {}): CartDraft {
	return cartDraft({
		tab_id: tab,
		created_at: now,
		cart: oneLineCart({ product_id: 'p', product_name: 'Kopi', category: 'Minuman', unit_price: 10_000 }),
		table: 'A-01',
		updated_at: now,
		...over
	});
}

const P = 'ORD-20261202-JKT001-B-';
const KEY = 'order:20261202:JKT001:B';

async function open(): Promise<KasirDatabase> {
	return openDatabase({
		name: `repair${Date.now()}${Math.random()}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
}

describe('start-up repair', () => {
	it('finishes or undoes every half-written state, and a second run changes nothing', async () => {
		db = await open();
		// 1. A paid order whose transaction was never derived (killed right after the pay write).
		await db.orders.insert(paid('u-1', `${P}0001`, 'pay-1'));
		// 2. A paid order already derived: must not get a second transaction.
		await db.orders.insert(paid('u-2', `${P}0002`, 'pay-2'));
		// 3. A paid order the cloud acknowledged (its transaction was derived before the push).
		await db.orders.insert(paid('u-3', `${P}0003`, 'pay-3', { sync_status: 'synced', synced_version: 1 }));
		await db.transactions.insert({
			local_id: 'pay-2',
			outlet_id: OUTLET,
			outlet_code: 'JKT-001',
			order_id: 'u-2',
			total_amount: 10_000,
			payment_method: 'cash',
			cash_amount: 20_000,
			change_amount: 10_000,
			cashier_name: 'kasir1',
			version: 1,
			created_at: now,
			updated_at: now,
			business_date: '2026-12-02',
			...NEVER_PUSHED
		} satisfies TransactionDoc);
		// 4. A held order (open) at A-02, and a table still held by paid order u-1 (killed before the table write).
		await db.orders.insert(order('u-4', `${P}0004`, { table_number: 'A-02' }));
		await db.tables.bulkInsert([
			{
				id: 'A-01',
				number: 'A-01',
				seats: 4,
				status: 'occupied',
				order_local_id: 'u-1',
				sync_status: 'pending',
				updated_at: now
			},
			{
				id: 'A-02',
				number: 'A-02',
				seats: 4,
				status: 'bill',
				order_local_id: 'u-4',
				sync_status: 'pending',
				updated_at: now
			}
		]);
		// 5. Drafts: bound to the paid u-1 (killed before the draft was cleared); bound to held u-4 but written before the hold;
		//    an abandoned reservation (0005) kept as spare; one whose reserved number an order already carries.
		await setMeta(
			db,
			draftKey('t-paid'),
			draft('t-paid', { order_id: 'u-1', order_number: `${P}0001`, number_key: KEY })
		);
		await setMeta(
			db,
			draftKey('t-held'),
			draft('t-held', { order_id: 'u-4', order_number: `${P}0004`, number_key: KEY })
		);
		await setMeta(db, draftKey('t-spare'), draft('t-spare', { spare_number: `${P}0005`, spare_key: KEY }));
		await setMeta(
			db,
			draftKey('t-taken'),
			draft('t-taken', { order_id: 'u-new', order_number: `${P}0002`, number_key: KEY })
		);
		// 6. The counter is ahead: a tab drew 0006 and 0007 and died before keeping them.
		await db.meta.insert({ key: counterKey(KEY), value: 7, updated_at: now });

		const first = await repairSales(db, { exclusive: true });
		expect(first).toEqual({ backfilled: 0, derived: 1, drafts: 3, tables: 1, counters: 1 });

		const txs = (await db.transactions.find().exec()).map((t) => t.toJSON());
		expect(txs.map((t) => t.local_id).sort()).toEqual(['pay-1', 'pay-2']);
		expect(txs.find((t) => t.local_id === 'pay-1')).toMatchObject({
			order_id: 'u-1',
			total_amount: 10_000,
			sync_status: 'pending'
		});

		expect((await db.tables.findOne('A-01').exec())?.toJSON()).toMatchObject({
			status: 'free',
			order_local_id: null
		});
		expect((await db.tables.findOne('A-02').exec())?.toJSON()).toMatchObject({
			status: 'bill',
			order_local_id: 'u-4'
		});

		const paidDraft = await getMeta<CartDraft>(db, draftKey('t-paid'));
		expect(paidDraft).toMatchObject({ order_id: null, order_number: null, cart: { lines: [] } });
		expect(await getMeta<CartDraft>(db, draftKey('t-held'))).toMatchObject({ order_id: 'u-4', stored: true });
		expect(await getMeta<CartDraft>(db, draftKey('t-spare'))).toMatchObject({ spare_number: `${P}0005` });
		expect(await getMeta<CartDraft>(db, draftKey('t-taken'))).toMatchObject({
			order_id: 'u-new',
			order_number: null
		});
		// Highest used 0004, highest kept in a draft 0005: the next number drawn is 0006 again, no gap.
		expect(await getMeta<number>(db, counterKey(KEY))).toBe(5);

		expect(await repairSales(db, { exclusive: true })).toEqual({
			backfilled: 0,
			derived: 0,
			drafts: 0,
			tables: 0,
			counters: 0
		});
		expect(await db.transactions.count().exec()).toBe(2);
	});

	it('raises a counter behind the numbers in use and never lowers it while another tab is alive', async () => {
		db = await open();
		await db.orders.bulkInsert(Array.from({ length: 9 }, (_, i) => order(`u-${i + 1}`, `${P}000${i + 1}`)));
		await db.meta.insert({ key: counterKey(KEY), value: 3, updated_at: now });
		await repairSales(db, { exclusive: false });
		expect(await getMeta<number>(db, counterKey(KEY))).toBe(9);
		await db.meta.upsert({ key: counterKey(KEY), value: 12, updated_at: now });
		await repairSales(db, { exclusive: false });
		expect(await getMeta<number>(db, counterKey(KEY))).toBe(12);
	});
});

describe('orders v0 -> v1 migration', () => {
	it('keeps old orders under their old local_id (what the cloud knows them by) and gives them their payments', async () => {
		const name = `migrate${Date.now()}${Math.random()}`;
		const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
		const old = await createRxDatabase<{
			orders: RxCollection<Omit<OrderDoc, 'order_number' | 'payments' | 'shift_id'>>;
			transactions: RxCollection<TransactionDoc>;
		}>({ name, storage, multiInstance: false });
		// The v0 orders schema: no order_number, no payments, no shift_id, no order_number index.
		const { order_number: _n, payments: _p, shift_id: _s, ...v0props } = orderSchema.properties;
		const v0: RxJsonSchema<Omit<OrderDoc, 'order_number' | 'payments' | 'shift_id'>> = {
			...orderSchema,
			primaryKey: 'local_id',
			version: 0,
			properties: v0props,
			required: (orderSchema.required ?? []).filter(
				(f): f is Exclude<typeof f, 'order_number' | 'payments' | 'shift_id'> =>
					f !== 'order_number' && f !== 'payments' && f !== 'shift_id'
			),
			indexes: ['sync_status', 'business_date', ['status', 'updated_at'], 'updated_at']
		};
		// A fresh transactions collection at the code's version: nothing to migrate (the plugin may not be loaded yet).
		await old.addCollections({
			orders: { schema: v0 },
			transactions: { schema: transactionSchema, autoMigrate: false }
		});
		const {
			order_number: _a,
			payments: _b,
			...legacy
		} = paid('ORD-20261201-JKT001-0007', 'x', 'x', {
			sync_status: 'synced',
			synced_version: 1,
			cloud_id: 'c-7'
		});
		await old.orders.insert(legacy);
		await old.orders.insert({
			...legacy,
			local_id: 'ORD-20261201-JKT001-0008',
			status: 'open',
			payment_info: null
		});
		await old.transactions.insert({
			local_id: 'tx-legacy-7',
			outlet_id: OUTLET,
			outlet_code: 'JKT-001',
			order_id: 'ORD-20261201-JKT001-0007',
			total_amount: 10_000,
			payment_method: 'qris',
			cash_amount: null,
			change_amount: null,
			cashier_name: 'kasir1',
			version: 1,
			created_at: now,
			updated_at: now,
			business_date: '2026-12-01',
			cloud_id: 'c-tx',
			synced_version: 1,
			synced_at: now,
			sync_status: 'synced',
			sync_error: null,
			sync_attempts: 0,
			next_attempt_at: null
		});
		await old.close();

		db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
		const seven = (await db.orders.findOne('ORD-20261201-JKT001-0007').exec())?.toJSON();
		expect(seven).toMatchObject({
			local_id: 'ORD-20261201-JKT001-0007',
			order_number: 'ORD-20261201-JKT001-0007',
			version: 1,
			sync_status: 'synced',
			cloud_id: 'c-7',
			payments: [],
			shift_id: null
		});
		expect(
			(await db.orders.findOne({ selector: { order_number: 'ORD-20261201-JKT001-0008' } }).exec())?.status
		).toBe('open');

		expect((await repairSales(db)).backfilled).toBe(1);
		const after = (await db.orders.findOne('ORD-20261201-JKT001-0007').exec())?.toJSON();
		// Backfilled locally: no version bump, nothing to push again.
		expect(after).toMatchObject({ version: 1, sync_status: 'synced' });
		expect(after?.payments).toEqual([
			{
				local_id: 'tx-legacy-7',
				method: 'qris',
				amount: 10_000,
				cash_amount: null,
				change_amount: null,
				paid_at: now,
				cashier_name: 'kasir1'
			}
		]);
		expect(await db.transactions.count().exec()).toBe(1);
		expect((await repairSales(db)).backfilled).toBe(0);
	});
});

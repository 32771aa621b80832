// Why: the eviction rules against a real RxDB (fake IndexedDB): never an unsynced sale, the retention window respected, photos go first.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import type { OrderDoc, TransactionDoc } from '../../src/lib/db/types';
import { makeOrders } from '../../tests/e2e/replication-support';
import { MemoryPhotoCache } from '../photos/cache';
import {
	DEFAULT_RETENTION_DAYS,
	evictOldOrders,
	relieveStoragePressure,
	retentionDays,
	setRetentionDays,
	type StorageEstimateLike
} from './evict';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const open = () =>
	openDatabase({
		name: `evict_${crypto.randomUUID().slice(0, 8)}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});

const NOW = new Date('2026-03-31T05:00:00.000Z');
const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);

type Sync = Pick<OrderDoc, 'sync_status' | 'cloud_id' | 'synced_version' | 'version' | 'status'>;
const synced: Sync = { sync_status: 'synced', cloud_id: 'c', synced_version: 1, version: 1, status: 'paid' };

/** One order per case, `daysAgo` business days old, with the given sync bookkeeping. */
function order(n: number, daysAgo: number, s: Partial<Sync>): OrderDoc {
	const [o] = makeOrders('outlet-1', 1, n);
	const base = { ...synced, ...s };
	return {
		...o!,
		...base,
		cloud_id: base.cloud_id === 'c' ? `cloud-${n}` : base.cloud_id,
		business_date: day(daysAgo)
	};
}

function tx(o: OrderDoc, s: Partial<Pick<TransactionDoc, 'sync_status' | 'cloud_id'>>): TransactionDoc {
	return {
		local_id: `TX-${o.local_id}`,
		outlet_id: o.outlet_id,
		outlet_code: o.outlet_code,
		order_id: o.local_id,
		total_amount: o.total_amount,
		payment_method: 'cash',
		cash_amount: o.total_amount,
		change_amount: 0,
		cashier_name: null,
		version: 1,
		created_at: o.created_at,
		updated_at: o.updated_at,
		business_date: o.business_date,
		cloud_id: `cloud-tx-${o.local_id}`,
		synced_version: 1,
		synced_at: o.created_at,
		sync_status: 'synced',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null,
		...s
	};
}

describe('storage eviction', () => {
	it('removes only confirmed, finished orders beyond the retention window, with their confirmed transactions', async () => {
		db = await open();
		const oldSynced = order(1, 40, {});
		const oldVoid = order(2, 40, { status: 'void' });
		const oldPending = order(3, 40, { sync_status: 'pending', cloud_id: null, synced_version: 0 });
		const oldFailed = order(4, 40, { sync_status: 'failed', cloud_id: null, synced_version: 0 });
		const oldEditedSinceSync = order(5, 40, { version: 2, synced_version: 1 });
		const oldOpen = order(6, 40, { status: 'open' });
		const oldWithPendingTx = order(7, 40, {});
		const insideWindow = order(8, 10, {});
		const onTheEdge = order(9, 30, {});
		await db.orders.bulkInsert([
			oldSynced,
			oldVoid,
			oldPending,
			oldFailed,
			oldEditedSinceSync,
			oldOpen,
			oldWithPendingTx,
			insideWindow,
			onTheEdge
		]);
		await db.transactions.bulkInsert([
			tx(oldSynced, {}),
			tx(oldPending, { sync_status: 'pending', cloud_id: null }),
			tx(oldWithPendingTx, { sync_status: 'pending', cloud_id: null }),
			tx(insideWindow, {})
		]);

		const gone = await evictOldOrders(db, { retentionDays: 30, now: NOW });
		expect(gone).toEqual({ orders: 2, transactions: 1 });
		const left = (await db.orders.find().exec()).map((d) => d.local_id).sort();
		expect(left).toEqual(
			[oldPending, oldFailed, oldEditedSinceSync, oldOpen, oldWithPendingTx, insideWindow, onTheEdge]
				.map((o) => o.local_id)
				.sort()
		);
		const txLeft = (await db.transactions.find().exec()).map((d) => d.order_id).sort();
		expect(txLeft).toEqual([oldPending, oldWithPendingTx, insideWindow].map((o) => o.local_id).sort());

		// A shorter window reaches the 10-day-old order; the unsynced ones still stay.
		expect(await evictOldOrders(db, { retentionDays: 5, now: NOW })).toEqual({ orders: 2, transactions: 1 });
		const still = (await db.orders.find().exec()).map((d) => d.local_id).sort();
		expect(still).toEqual(
			[oldPending, oldFailed, oldEditedSinceSync, oldOpen, oldWithPendingTx].map((o) => o.local_id).sort()
		);
	});

	it('keeps the manager’s retention window (at least one day, 30 by default)', async () => {
		db = await open();
		expect(await retentionDays(db)).toBe(DEFAULT_RETENTION_DAYS);
		expect(await setRetentionDays(db, 7)).toBe(7);
		expect(await retentionDays(db)).toBe(7);
		expect(await setRetentionDays(db, 0)).toBe(1);
	});

	it('under pressure frees photos first, and orders only when photos were not enough', async () => {
		db = await open();
		await setRetentionDays(db, 30);
		await db.orders.bulkInsert([order(1, 40, {}), order(2, 40, { sync_status: 'pending', cloud_id: null })]);
		const cache = new MemoryPhotoCache();
		const meta = { checksum: 'x', version: 1, contentType: 'image/png' };
		await cache.put('/photos/a', new ArrayBuffer(8), meta);
		await cache.put('/photos/b', new ArrayBuffer(8), meta);

		// Below the high-water mark nothing is touched.
		let usage = 50;
		const estimate = async (): Promise<StorageEstimateLike> => ({ usage, quota: 100 });
		expect(await relieveStoragePressure(db, { cache, estimate, now: NOW })).toMatchObject({
			photos: 0,
			orders: 0
		});
		expect(await cache.keys()).toHaveLength(2);

		// Full, and the photos free enough: orders stay.
		usage = 95;
		// Deleting a photo is what brings usage down here (the estimate follows the cache).
		class ShrinkingCache extends MemoryPhotoCache {
			override async delete(url: string): Promise<boolean> {
				usage = 40;
				return cache.delete(url);
			}
			override keys(): Promise<string[]> {
				return cache.keys();
			}
		}
		const byPhotos = await relieveStoragePressure(db, { cache: new ShrinkingCache(), estimate, now: NOW });
		expect(byPhotos).toMatchObject({ photos: 2, orders: 0 });
		expect(await db.orders.count().exec()).toBe(2);

		// Still full with no photos left: the old synced order goes, the unsynced one never.
		usage = 95;
		expect(await relieveStoragePressure(db, { cache, estimate, now: NOW })).toMatchObject({
			photos: 0,
			orders: 1
		});
		expect((await db.orders.find().exec()).map((d) => d.sync_status)).toEqual(['pending']);
	});
});

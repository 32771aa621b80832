// Why: selling must go on when the device's storage fills: free what can be fetched again (cached photos first, then synced orders older
// than the manager's retention window), never a sale the cloud has not confirmed.
import { getMeta, setMeta } from '../../src/lib/db/meta';
import type { KasirDatabase } from '../../src/lib/db/database';
import { invalidateReportDays } from '../../src/lib/db/reports';
import type { PhotoCache } from '../photos/cache';
import { nearlyFull, type Estimate, type StorageEstimateLike } from './estimate';

export { HIGH_WATER, platformEstimate, type Estimate, type StorageEstimateLike } from './estimate';

/** The manager's retention window for synced orders, in days (stored in `meta`). */
export const RETENTION_KEY = 'storage:retention_days';
export const DEFAULT_RETENTION_DAYS = 30;
export const MIN_RETENTION_DAYS = 1;
export interface FreedSpace {
	before: StorageEstimateLike;
	after: StorageEstimateLike;
	photos: number;
	orders: number;
	transactions: number;
}

export async function retentionDays(db: KasirDatabase): Promise<number> {
	const v = Number(await getMeta<number>(db, RETENTION_KEY));
	return Number.isFinite(v) && v >= MIN_RETENTION_DAYS ? Math.floor(v) : DEFAULT_RETENTION_DAYS;
}

export async function setRetentionDays(db: KasirDatabase, days: number): Promise<number> {
	const d = Math.max(MIN_RETENTION_DAYS, Math.floor(Number.isFinite(days) ? days : DEFAULT_RETENTION_DAYS));
	await setMeta(db, RETENTION_KEY, d);
	return d;
}

/** Drops every cached product photo (the photo sync fetches a missing copy again); returns how many. */
export async function evictPhotos(cache: PhotoCache): Promise<number> {
	let n = 0;
	for (const url of await cache.keys()) if (await cache.delete(url)) n++;
	return n;
}

/** The business date `days` before `now` (YYYY-MM-DD); orders of earlier days are beyond the window. */
export function retentionCutoff(now: Date, days: number): string {
	return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Removes finished orders (paid or void) of business days before the retention window whose every version the cloud
 * confirmed, with their transactions, when those are confirmed too. A pending, failed, open or recently edited sale stays.
 */
export async function evictOldOrders(
	db: KasirDatabase,
	opts: { retentionDays: number; now?: Date }
): Promise<{ orders: number; transactions: number }> {
	const cutoff = retentionCutoff(opts.now ?? new Date(), Math.max(MIN_RETENTION_DAYS, opts.retentionDays));
	const candidates = (
		await db.orders
			.find({
				selector: { business_date: { $lt: cutoff }, sync_status: 'synced', status: { $in: ['paid', 'void'] } }
			})
			.exec()
	)
		.map((d) => d.toJSON())
		.filter((o) => o.cloud_id && o.synced_version >= o.version);
	if (candidates.length === 0) return { orders: 0, transactions: 0 };
	const orderIds: string[] = [];
	const txIds: string[] = [];
	for (let i = 0; i < candidates.length; i += 500) {
		const slice = candidates.slice(i, i + 500);
		const txs = (
			await db.transactions.find({ selector: { order_id: { $in: slice.map((o) => o.local_id) } } }).exec()
		).map((d) => d.toJSON());
		for (const o of slice) {
			const mine = txs.filter((t) => t.order_id === o.local_id);
			if (mine.some((t) => t.sync_status !== 'synced' || !t.cloud_id || t.synced_version < t.version))
				continue;
			orderIds.push(o.local_id);
			txIds.push(...mine.map((t) => t.local_id));
		}
	}
	// Transactions first: an order is never left without the payments it had while both are still here.
	if (txIds.length) await db.transactions.bulkRemove(txIds);
	if (orderIds.length) await db.orders.bulkRemove(orderIds);
	// Deleted documents stay as tombstones until purged; nothing replicates deletions of these, so purge them now.
	// A purge leaves no write for the reports' stored day partials to read: they are told to fold again first.
	await invalidateReportDays(db);
	await db.transactions.storageInstance.cleanup(0);
	await db.orders.storageInstance.cleanup(0);
	return { orders: orderIds.length, transactions: txIds.length };
}

/**
 * When usage is above `HIGH_WATER` of the quota (or `force`, after a write failed for lack of space): photos first, then
 * synced orders beyond the retention window if that was not enough.
 */
export async function relieveStoragePressure(
	db: KasirDatabase,
	deps: { cache: PhotoCache; estimate: Estimate; now?: Date; force?: boolean }
): Promise<FreedSpace> {
	const before = await deps.estimate();
	const freed: FreedSpace = { before, after: before, photos: 0, orders: 0, transactions: 0 };
	if (!deps.force && !nearlyFull(before)) return freed;
	freed.photos = await evictPhotos(deps.cache);
	freed.after = await deps.estimate();
	if (!deps.force && !nearlyFull(freed.after)) return freed;
	const gone = await evictOldOrders(db, { retentionDays: await retentionDays(db), now: deps.now });
	freed.orders = gone.orders;
	freed.transactions = gone.transactions;
	freed.after = await deps.estimate();
	return freed;
}

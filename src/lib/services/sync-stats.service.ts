// Why: one read of everything the sync-statistics panel shows (documents per collection, what waits, last successful pull/push per stream, last error, storage), straight from the shared local database.
import { collections, keyPrefix, META, type CollectionName, type KasirDatabase } from '$lib/db';

export interface StreamStat {
	/** `ho:<entity>`, `cloud:pull`, `cloud:push`, `ho:master`. */
	id: string;
	at: string | null;
	detail: string | null;
}

export interface SyncStats {
	counts: { name: CollectionName; count: number }[];
	waiting: {
		orders: number;
		transactions: number;
		product_updates: number;
		resolutions: number;
		failed: number;
	};
	streams: StreamStat[];
	lastError: { code: string; message: string; at: string } | null;
	lastEventId: number;
	storage: { usage: number; quota: number } | null;
}

const pending = { selector: { sync_status: 'pending' as const } };
const failed = { selector: { sync_status: 'failed' as const } };

async function metaDoc(
	db: KasirDatabase,
	key: string
): Promise<{ value: unknown; updated_at: string } | null> {
	const d = await db.meta.findOne(key).exec();
	return d ? { value: d.value, updated_at: d.updated_at } : null;
}

export async function readSyncStats(db: KasirDatabase): Promise<SyncStats> {
	const names = Object.keys(collections) as CollectionName[];
	const counts = await Promise.all(
		names.map(async (name) => ({ name, count: await db[name].count().exec() }))
	);
	// Not sent = pending + failed, each an equality range IndexedDB counts itself (`$in` reads every such document).
	const [po0, pt, pp, resolutions, fo0, ft, fp] = await Promise.all([
		db.orders.count(pending).exec(),
		db.transactions.count(pending).exec(),
		db.product_updates.count(pending).exec(),
		db.conflicts.count({ selector: { status: 'resolving' } }).exec(),
		db.orders.count(failed).exec(),
		db.transactions.count(failed).exec(),
		db.product_updates.count(failed).exec()
	]);
	// Acknowledged orders whose acknowledgement is not folded into them yet are sent (`db/push-ack.ts`).
	// Imported here, not at the top: a static import from this screen's module made the bundler move the statistics'
	// chunk into the selling screen's first load (+13 KB gzip, `npm run bench -- bundle`).
	const acked = await (await import('$lib/db/acks')).ackCounts(db);
	const [po, fo] = [Math.max(0, po0 - acked.pending), Math.max(0, fo0 - acked.failed)];
	const orders = po + fo;
	const transactions = pt + ft;
	const product_updates = pp + fp;
	const hoCheckpoints = await db.meta.find({ selector: keyPrefix('checkpoint:ho:') }).exec();
	const [master, pull, push, err, lastEvent] = await Promise.all([
		metaDoc(db, META.lastMasterPull),
		metaDoc(db, META.lastPull),
		metaDoc(db, META.lastPush),
		metaDoc(db, META.lastError),
		metaDoc(db, META.eventsLastId)
	]);
	const streams: StreamStat[] = [
		{ id: 'ho:master', at: typeof master?.value === 'string' ? master.value : null, detail: null },
		...hoCheckpoints
			.map((d) => ({
				id: `ho:${d.key.slice('checkpoint:ho:'.length)}`,
				at: d.updated_at,
				detail: typeof d.value === 'string' ? d.value : null
			}))
			.sort((a, b) => a.id.localeCompare(b.id)),
		{ id: 'cloud:pull', at: typeof pull?.value === 'string' ? pull.value : null, detail: null },
		{ id: 'cloud:push', at: typeof push?.value === 'string' ? push.value : null, detail: null }
	];
	let storage: SyncStats['storage'] = null;
	if (typeof navigator !== 'undefined' && navigator.storage?.estimate) {
		const e = await navigator.storage.estimate().catch(() => null);
		if (e && typeof e.usage === 'number' && typeof e.quota === 'number')
			storage = { usage: e.usage, quota: e.quota };
	}
	const le = err?.value as SyncStats['lastError'] | undefined;
	return {
		counts,
		waiting: { orders, transactions, product_updates, resolutions, failed: fo + ft + fp },
		streams,
		lastError: le && typeof le.code === 'string' ? le : null,
		lastEventId: typeof lastEvent?.value === 'number' ? lastEvent.value : 0,
		storage
	};
}

// Why: each named live query as an RxDB observable answering plain JSON: the queries (and event-reduce) run in the
// worker, and only their results cross to the page.
import { combineLatest, map, Observable, throttleTime } from 'rxjs';
import { watchAckCounts } from '../../src/lib/db/acks';
import type { KasirDatabase } from '../../src/lib/db/database';
import { observeMeta } from '../../src/lib/db/meta';
import type { AckCounts } from '../../src/lib/db/push-ack';
import { catalogWindow } from './catalog';
import type { ProductLabel, StoreQuery, StoreQueryName, StoreResult } from './types';

/** The acknowledged counts (`db/acks.ts`) as an observable: the ledger's code loads once a ledger document exists. */
function ackCounts$(db: KasirDatabase): Observable<AckCounts> {
	return new Observable<AckCounts>((sub) => {
		sub.next({ pending: 0, failed: 0 });
		return watchAckCounts(db, (c) => sub.next(c));
	});
}

const pending$ = (db: KasirDatabase) =>
	combineLatest([
		db.orders.count({ selector: { sync_status: 'pending' } }).$,
		db.transactions.count({ selector: { sync_status: 'pending' } }).$,
		db.orders.count({ selector: { sync_status: 'failed' } }).$,
		ackCounts$(db)
	]).pipe(map(([orders, transactions, failed, acked]) => ({ orders, transactions, failed, acked })));

const labels$ = (db: KasirDatabase, ids: string[]) =>
	db.products.findByIds(ids).$.pipe(
		map((docs) => {
			const out: Record<string, ProductLabel> = {};
			for (const [id, d] of docs)
				out[id] = { id, name: d.name, sku: d.sku, price: d.price, stock: d.stock, version: d.version };
			return out;
		})
	);

/** The live query `q` names, each emission a plain-JSON answer (`StoreResult<typeof q.name>`). */
export function liveQuery(db: KasirDatabase, q: StoreQuery): Observable<StoreResult<StoreQueryName>> {
	switch (q.name) {
		case 'catalogWindow':
			return catalogWindow(db, q.brandId, q.categoryId, q.limit);
		case 'categories':
			return db.categories
				.find({ selector: { is_deleted: false }, sort: [{ sort_order: 'asc' }] })
				.$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
		case 'modifierGroups':
			return db.modifiers
				.find({ selector: { is_deleted: false } })
				.$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
		case 'cachedPhotos':
			// A photo sync writes one document per photo: the set follows at most every 250 ms (first and last always).
			return db.photos.find({ selector: { state: 'cached', is_deleted: false } }).$.pipe(
				throttleTime(250, undefined, { leading: true, trailing: true }),
				map((docs) => docs.map((d) => d.product_id))
			);
		case 'store':
			return db.stores.findOne(q.id).$.pipe(map((d) => (d ? d.toMutableJSON() : null)));
		case 'pendingCounts':
			return pending$(db);
		case 'conflicts':
			return db.conflicts
				.find({
					selector: { status: q.status === 'waiting' ? { $in: ['open', 'resolving'] } : 'resolved' }
				})
				.$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
		case 'productLabels':
			return labels$(db, q.ids);
		case 'meta':
			return observeMeta<unknown>(db, q.key);
		case 'messages':
			return db.messages
				.find({ selector: { received_at: { $gt: '' } }, sort: [{ received_at: 'desc' }], limit: q.limit })
				.$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
		case 'syncJobs':
			return db.sync_jobs
				.find({ sort: [{ started_at: 'desc' }], limit: q.limit })
				.$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
	}
}

// Why: the diagnostics page's live facts (replication state, last sync job, local document counts), read from the booted database and worker so the page only shows them.
import { boot } from '$lib/app/boot';
import type { KasirDatabase } from '$lib/db';
import type { SyncJobDoc } from '$lib/db/types';
import type { ReplicationState } from '$lib/worker-client';

/** Documents per collection as the page lists them (products not deleted). */
async function readCounts(db: KasirDatabase): Promise<Record<string, number>> {
	return {
		products: await db.products.count({ selector: { is_deleted: false } }).exec(),
		categories: await db.categories.count().exec(),
		modifiers: await db.modifiers.count().exec(),
		stores: await db.stores.count().exec(),
		orders: await db.orders.count().exec(),
		conflicts: await db.conflicts.count().exec(),
		messages: await db.messages.count().exec()
	};
}

/**
 * Reads the counts now and again after each write to `meta`, until `stop`. A sync writes `meta` once a page (its
 * checkpoint and its pull log, two documents in one write): one read per write, not per document, and one at a time
 * (one more after it when `meta` changed meanwhile); each read counts every collection, the products among them, in
 * IndexedDB between the pages the sync is writing.
 */
export function followCounts(
	db: KasirDatabase,
	onCounts: (counts: Record<string, number>) => void
): { first: Promise<void>; stop: () => void } {
	let reading: Promise<void> | null = null;
	let stale = false;
	const refresh = (): Promise<void> => {
		stale = true;
		reading ??= (async () => {
			try {
				while (stale) {
					stale = false;
					onCounts(await readCounts(db));
				}
			} finally {
				reading = null;
			}
		})();
		return reading;
	};
	const sub = db.meta.eventBulks$.subscribe(() => void refresh());
	return { first: refresh(), stop: () => sub.unsubscribe() };
}

export class DiagnosticsState {
	repl = $state.raw<ReplicationState | null>(null);
	job = $state.raw<SyncJobDoc | null>(null);
	counts = $state.raw<Record<string, number>>({});
	ready = $state(false);

	/** Boots the data layer and follows it until the returned function is called. */
	start(): () => void {
		const offs: (() => void)[] = [];
		void boot().then(async (booted) => {
			const { worker } = booted;
			const db = await booted.database();
			offs.push(worker.on('sync-state', (s) => (this.repl = s)));
			offs.push(worker.on('job-progress', (j) => (this.job = j)));
			const counts = followCounts(db, (c) => (this.counts = c));
			offs.push(counts.stop);
			await counts.first;
			this.ready = true;
		});
		return () => offs.forEach((f) => f());
	}
}

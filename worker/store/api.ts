// Why: the store handlers: the selling screen's live queries (`watch`/`unwatch`, results pushed to a comlink-proxied
// callback) and its one-off reads, answered from the worker's database in plain JSON.
import { releaseProxy } from 'comlink';
import type { Subscription } from 'rxjs';
import { dismissMessage, pruneMessages } from '../../src/lib/services/messages';
import type { Ctx } from '../context';
import { findProduct, productBySku, searchContains, searchPrefix } from './catalog';
import { liveQuery } from './live';
import type { ProductView, SearchAnswer, StoreQuery, StoreQueryName, StoreResult } from './types';

/**
 * `onFirstWindow`: called once, as the first catalogue window's first answer has been handed to the page (the worker's
 * start holds back what the selling screen does not need until then, `worker/main.ts`).
 */
export function storeHandlers(ctx: Pick<Ctx, 'db'>, onFirstWindow?: () => void) {
	const db = ctx.db;
	let firstWindow = onFirstWindow;
	const watches = new Map<number, { sub: Subscription; release: () => void }>();
	let nextId = 0;
	/** The newest search the page started (`searchProducts`, `supersedeSearch`): an older "contains" scan stops at its next page. */
	let latestSearch = 0;
	return {
		/** Answers once the worker's database is open and migrated (the worker holds every message until then). */
		async databaseReady(): Promise<true> {
			return true;
		},
		/**
		 * Runs the named live query and calls `onResult` (a `comlink.proxy`) with its first answer and every change;
		 * returns the id `unwatch` takes. A result the page cannot take (its tab gone) is dropped, never thrown here.
		 */
		async watch(q: StoreQuery, onResult: (result: StoreResult<StoreQueryName>) => unknown): Promise<number> {
			const id = ++nextId;
			const sub = liveQuery(db, q).subscribe((r) => {
				void Promise.resolve(onResult(r)).catch(() => undefined);
				if (firstWindow && q.name === 'catalogWindow') {
					const f = firstWindow;
					firstWindow = undefined;
					f();
				}
			});
			// comlink's proxy of the page's callback holds a port: closed with the watch (a plain function has none).
			const proxied = onResult as Partial<Record<typeof releaseProxy, () => void>>;
			watches.set(id, { sub, release: () => proxied[releaseProxy]?.() });
			return id;
		},
		async unwatch(id: number): Promise<void> {
			const w = watches.get(id);
			watches.delete(id);
			w?.sub.unsubscribe();
			w?.release();
		},
		async findProduct(id: string, brandId: string | null): Promise<ProductView | null> {
			return findProduct(db, id, brandId);
		},
		async productBySku(sku: string, brandId: string | null): Promise<ProductView | null> {
			return productBySku(db, sku, brandId);
		},
		/** A keystroke's prefix search, `seq` its number (a newer one stops an older "contains" scan). */
		async searchProducts(
			text: string,
			brandId: string | null,
			limit: number,
			seq: number
		): Promise<SearchAnswer> {
			latestSearch = Math.max(latestSearch, seq);
			return searchPrefix(db, text, brandId, limit);
		},
		/** Search `seq`'s names containing `text` beyond its prefix matches (`exclude`); null when a newer one started. */
		async searchContains(
			text: string,
			brandId: string | null,
			want: number,
			exclude: string[],
			seq: number
		): Promise<ProductView[] | null> {
			return searchContains(db, text, brandId, want, exclude, () => seq !== latestSearch);
		},
		/** The page moved on (a category, a cleared box) to list or search `seq`: older scans stop. */
		async supersedeSearch(seq: number): Promise<void> {
			latestSearch = Math.max(latestSearch, seq);
		},
		async dismissMessage(id: string): Promise<void> {
			await dismissMessage(db, id);
		},
		/** Keeps only the newest `keep` messages on the device; how many were removed. */
		async pruneMessages(keep: number): Promise<number> {
			return pruneMessages(db, keep);
		}
	};
}
export type StoreApi = ReturnType<typeof storeHandlers>;

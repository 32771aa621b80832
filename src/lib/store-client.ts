// Why: the managers' typed door to the worker's store area (`worker/store/`): a live query is a callback and a stop, a
// read is a promise of plain JSON; the managers hold this client, never the database.
import { proxy, type Remote } from 'comlink';
import type {
	ProductView,
	SearchAnswer,
	StoreApi,
	StoreQuery,
	StoreQueryName,
	StoreResult
} from '../../worker/api';

export type * from '../../worker/store/types';

export interface StoreClient {
	/** Calls `onResult` with the query's first answer and every change, until the returned stop is called. */
	watch<N extends StoreQueryName>(q: StoreQuery<N>, onResult: (result: StoreResult<N>) => void): () => void;
	findProduct(id: string, brandId: string | null): Promise<ProductView | null>;
	productBySku(sku: string, brandId: string | null): Promise<ProductView | null>;
	searchProducts(text: string, brandId: string | null, limit: number, seq: number): Promise<SearchAnswer>;
	searchContains(
		text: string,
		brandId: string | null,
		want: number,
		exclude: string[],
		seq: number
	): Promise<ProductView[] | null>;
	/** List or search `seq` replaced whatever search ran: an older "contains" scan stops at its next page. */
	supersedeSearch(seq: number): void;
	dismissMessage(id: string): Promise<void>;
	pruneMessages(keep: number): Promise<number>;
}

/** The client's `watch`: the worker's takes any named query; the overload keeps each answer typed by its name. */
function watchOver(api: Remote<StoreApi>): StoreClient['watch'] {
	function watch<N extends StoreQueryName>(
		q: StoreQuery<N>,
		onResult: (result: StoreResult<N>) => void
	): () => void;
	function watch(q: StoreQuery, onResult: (result: StoreResult<StoreQueryName>) => void): () => void {
		let stopped = false;
		const deliver = (r: StoreResult<StoreQueryName>) => {
			// A result already on its way when the watch stopped is not shown.
			if (!stopped) onResult(r);
		};
		const id = api.watch(q, proxy(deliver));
		id.catch(() => undefined);
		return () => {
			if (stopped) return;
			stopped = true;
			id.then((n) => api.unwatch(n)).catch(() => undefined);
		};
	}
	return watch;
}

/** The store client over the worker's comlink api (`Remote<WorkerApi>` in the app, a MessageChannel's in tests). */
export function storeClient(api: Remote<StoreApi>): StoreClient {
	return {
		watch: watchOver(api),
		findProduct: (id, brandId) => api.findProduct(id, brandId),
		productBySku: (sku, brandId) => api.productBySku(sku, brandId),
		searchProducts: (text, brandId, limit, seq) => api.searchProducts(text, brandId, limit, seq),
		searchContains: (text, brandId, want, exclude, seq) =>
			api.searchContains(text, brandId, want, exclude, seq),
		supersedeSearch(seq) {
			api.supersedeSearch(seq).catch(() => undefined);
		},
		dismissMessage: (id) => api.dismissMessage(id),
		pruneMessages: (keep) => api.pruneMessages(keep)
	};
}

// Why: the store area's named queries and their plain-JSON answers, typed once for the worker's handlers and the UI's client (never Mango from the page).
import type { META } from '../../src/lib/db/meta';
import type { AckCounts } from '../../src/lib/db/push-ack';
import type {
	CategoryDoc,
	ConflictDoc,
	MessageDoc,
	ModifierDoc,
	ProductDoc,
	StoreDoc,
	SyncJobDoc
} from '../../src/lib/db/types';

/** A product as the selling screen shows it (a tile, the cart, the modifier picker). */
export type ProductView = Pick<
	ProductDoc,
	| 'id'
	| 'sku'
	| 'name'
	| 'price'
	| 'category_id'
	| 'destination'
	| 'is_available'
	| 'modifier_group_ids'
	| 'stock'
>;

/** A product as the conflicts badge and screen name it. */
export type ProductLabel = Pick<ProductDoc, 'id' | 'name' | 'sku' | 'price' | 'stock' | 'version'>;

/** The live product window: at most `limit` rows, and whether more rows match. */
export interface CatalogWindow {
	products: ProductView[];
	hasMore: boolean;
}

/** The shell's counts: stored `sync_status` counts, and the ledger's acknowledged orders they still hold (`db/push-ack.ts`). */
export interface PendingCounts {
	orders: number;
	transactions: number;
	failed: number;
	acked: AckCounts;
}

/** A well-known `meta` key (the outlet's conflict policy, …): a key, never a selector. */
export type MetaKey = (typeof META)[keyof typeof META];

/** Each live query's arguments and the answer its watcher receives on every change. */
export interface StoreQueries {
	/** Live products of the outlet's brand (and of no brand) in name order, optionally in one category. */
	catalogWindow: {
		args: { brandId: string | null; categoryId: string; limit: number };
		result: CatalogWindow;
	};
	/** Categories not deleted, in their sort order (every brand: the manager filters by the brand it follows). */
	categories: { args: object; result: CategoryDoc[] };
	modifierGroups: { args: object; result: ModifierDoc[] };
	/** Product ids whose photo the photo sync has cached (at most every 250 ms: a photo sync writes one per photo). */
	cachedPhotos: { args: object; result: string[] };
	store: { args: { id: string }; result: StoreDoc | null };
	pendingCounts: { args: object; result: PendingCounts };
	/** `waiting`: open and resolving; `resolved`: decided and sent. Unsorted, as stored. */
	conflicts: { args: { status: 'waiting' | 'resolved' }; result: ConflictDoc[] };
	/** The named products that exist (deleted ones included, as the conflicts screen names them). */
	productLabels: { args: { ids: string[] }; result: Record<string, ProductLabel> };
	/** A `meta` document's value (undefined when absent). */
	meta: { args: { key: MetaKey }; result: unknown };
	/** The newest `limit` head-office messages, newest first. */
	messages: { args: { limit: number }; result: MessageDoc[] };
	/** The newest `limit` sync jobs, newest first. */
	syncJobs: { args: { limit: number }; result: SyncJobDoc[] };
}

export type StoreQueryName = keyof StoreQueries;
export type StoreQuery<N extends StoreQueryName = StoreQueryName> = {
	[K in N]: { name: K } & StoreQueries[K]['args'];
}[N];
export type StoreResult<N extends StoreQueryName> = StoreQueries[N]['result'];

/** A prefix search's answer: the rows shown, whether any range filled its page, and how many rows were read. */
export interface SearchAnswer {
	products: ProductView[];
	full: boolean;
	read: number;
}

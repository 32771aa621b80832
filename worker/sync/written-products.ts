// Why: the cloud pull of a first sync re-reads every product the master pull has just written (a read of 1000 ids a page
// on the same IndexedDB sequence as the master pull's writes); this remembers, in memory, what this worker's master pull
// stored, so a cloud row that would change nothing there is skipped without a read. Any other writer forgets the product.
import type { RxChangeEventBulk, RxCollection } from 'rxdb';
import type { ProductPushField } from '../../src/lib/contract/cloud';
import type { ProductDoc } from '../../src/lib/db/types';

/** What a cloud update is compared with (`productUnchanged` in worker/cloud/apply.ts): its version and shown fields. */
export type ProductState = Pick<ProductDoc, 'version' | 'is_deleted' | ProductPushField>;

const stateOf = (d: ProductDoc): ProductState => ({
	version: d.version,
	is_deleted: d.is_deleted,
	name: d.name,
	description: d.description,
	category_id: d.category_id,
	price: d.price,
	stock: d.stock,
	destination: d.destination,
	is_available: d.is_available
});

/** Past this many remembered products (a device whose cloud pull never runs) everything is forgotten: only a shortcut is lost. */
const MAX_HELD = 50_000;

/**
 * The products this database instance's master pull stored, as stored, for as long as nobody else wrote them.
 *
 * Its writes carry `context` (unique to this instance, so another tab's or worker's master pull is "somebody else");
 * every change event of the products collection with another context (this instance's other writers, and other
 * instances' writes, which RxDB's multi-instance channel delivers as change events) forgets the products it touches.
 * A write under way is held as `null` (not yet known) from before it starts, so an event of somebody else's that
 * arrives during the write or before its result is recorded forgets the product for good; the result is recorded only
 * for products still held.
 */
export class WrittenProducts {
	readonly context = `ho-pull-products:${crypto.randomUUID().slice(0, 8)}`;
	readonly #held = new Map<string, ProductState | null>();

	constructor(coll: RxCollection<ProductDoc>) {
		// Lives as long as the collection (closing it completes the stream).
		coll.eventBulks$.subscribe((bulk) => this.#onChange(bulk));
	}

	#onChange(bulk: RxChangeEventBulk<ProductDoc>): void {
		const own = bulk.context === this.context;
		for (const e of bulk.events) {
			if (!this.#held.has(e.documentId)) continue;
			if (own && e.operation !== 'DELETE' && !e.documentData._deleted)
				this.#held.set(e.documentId, stateOf(e.documentData));
			else this.#held.delete(e.documentId);
		}
	}

	/** Before a write of these products under `context`: they are held as unknown until `stored`. */
	writing(ids: Iterable<string>): void {
		if (this.#held.size > MAX_HELD) this.#held.clear();
		for (const id of ids) this.#held.set(id, null);
	}

	/** After the write: what each product is now (written, or kept as it was), for the ones nobody else wrote meanwhile. */
	stored(docs: Iterable<ProductDoc>): void {
		for (const d of docs) if (this.#held.has(d.id)) this.#held.set(d.id, stateOf(d));
	}

	/** The write failed: what it left is unknown. */
	failed(ids: Iterable<string>): void {
		for (const id of ids) this.#held.delete(id);
	}

	/** The product as this instance's master pull stored it, if nobody has written it since (undefined: read it). */
	get(id: string): ProductState | undefined {
		return this.#held.get(id) ?? undefined;
	}

	/** A cloud row was compared with the held state: it will not come again at that version. */
	forget(id: string): void {
		this.#held.delete(id);
	}

	get size(): number {
		return this.#held.size;
	}
}

const byCollection = new WeakMap<RxCollection<ProductDoc>, WrittenProducts>();

/** The one `WrittenProducts` of a products collection (created, and subscribed, on first use). */
export function writtenProducts(coll: RxCollection<ProductDoc>): WrittenProducts {
	let w = byCollection.get(coll);
	if (!w) {
		w = new WrittenProducts(coll);
		byCollection.set(coll, w);
	}
	return w;
}

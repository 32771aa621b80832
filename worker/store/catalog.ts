// Why: the selling screen's product reads answered in the worker (the live window, the prefix search, its "contains"
// follow-up, a product by id or SKU), through the brand-keyed index-covered queries (products v2), answering plain views.
import { combineLatest, concat, defer, map, of, Subject, switchMap, type Observable } from 'rxjs';
import type { KasirDatabase } from '../../src/lib/db/database';
import { readCovered } from '../../src/lib/db/covered-read';
import {
	brandKeys,
	containsScan,
	listQuery,
	liveBrandKeys,
	mergeSorted,
	prefixQuery,
	skuQuery,
	type Brand
} from '../../src/lib/db/product-queries';
import { brandKeyOf } from '../../src/lib/db/schemas';
import type { ProductDoc } from '../../src/lib/db/types';
import type { CatalogWindow, ProductView, SearchAnswer } from './types';

/** The "contains" follow-up reads at most this many rows (in pages, dropped as soon as a newer search started). */
const CONTAINS_MAX_ROWS = 20_000;

export function toView(d: ProductDoc): ProductView {
	return {
		id: d.id,
		sku: d.sku,
		name: d.name,
		price: d.price,
		category_id: d.category_id,
		destination: d.destination,
		is_available: d.is_available,
		modifier_group_ids: d.modifier_group_ids,
		stock: d.stock
	};
}

const inBrand = (brand: Brand, of: string | null) => !brand || !of || of === brand;

/**
 * With no brand known (every brand shown): the brand keys of the store's live products, read once (`liveBrandKeys`) and
 * grown by every write of a product of a key not seen yet; `grown` then tells the live windows to read the new key too.
 */
class ShownKeys {
	#seen = new Set<string>();
	#read: Promise<void> | null = null;
	readonly grown = new Subject<void>();

	constructor(private readonly db: KasirDatabase) {
		// Followed before the first read, so a product written meanwhile is not missed.
		db.products.eventBulks$.subscribe((bulk) => {
			let grown = false;
			for (const e of bulk.events) {
				const d = e.documentData as ProductDoc | undefined;
				const key = d && !d.is_deleted ? brandKeyOf(d.brand_id) : null;
				if (key === null || this.#seen.has(key)) continue;
				this.#seen.add(key);
				grown = true;
			}
			// Before the first read of the keys ends, that read's lists take the new key along.
			if (grown && this.#read) void this.#read.then(() => this.grown.next());
		});
	}

	async keys(): Promise<string[]> {
		this.#read ??= liveBrandKeys(this.db.products).then((keys) => {
			for (const k of keys) this.#seen.add(k);
		});
		await this.#read;
		return [...this.#seen].sort();
	}
}

const shown = new WeakMap<KasirDatabase, ShownKeys>();

/** The brand keys the lists and searches read: the outlet's brand and no brand, or every key the store holds. */
async function keysFor(db: KasirDatabase, brand: Brand): Promise<string[]> {
	return brandKeys(brand) ?? (await shownKeysOf(db).keys());
}

function shownKeysOf(db: KasirDatabase): ShownKeys {
	let k = shown.get(db);
	if (!k) shown.set(db, (k = new ShownKeys(db)));
	return k;
}

/**
 * One live query per brand key (the outlet's brand and no brand, or every key the store holds), each a range of its
 * index, merged by name. With no brand known, a product written under a new key makes the window read that key too.
 */
export function catalogWindow(
	db: KasirDatabase,
	brand: Brand,
	categoryId: string,
	limit: number
): Observable<CatalogWindow> {
	const known = brandKeys(brand);
	let keys$: Observable<string[]>;
	if (known) keys$ = of(known);
	else {
		const follower = shownKeysOf(db);
		keys$ = concat(
			defer(() => follower.keys()),
			follower.grown.pipe(switchMap(() => follower.keys()))
		);
	}
	return keys$.pipe(
		switchMap((keys) =>
			// No live product at all (an empty store, no brand known): a first write under a new key lists again.
			keys.length === 0
				? of({ products: [], hasMore: false })
				: combineLatest(keys.map((key) => db.products.find(listQuery(key, categoryId, limit)).$)).pipe(
						map((results) => ({
							products: mergeSorted(results, 'name_lower', limit).map(toView),
							hasMore: results.some((r) => r.length >= limit)
						}))
					)
		)
	);
}

/** A product shown to the outlet, by id; null when gone, deleted or of another brand. */
export async function findProduct(db: KasirDatabase, id: string, brand: Brand): Promise<ProductView | null> {
	const d = await db.products.findOne(id).exec();
	return d && !d.is_deleted && inBrand(brand, d.brand_id) ? toView(d) : null;
}

/**
 * The live product with exactly this SKU in the outlet's brand or of no brand (any brand when none is known: a scanned
 * barcode), one [is_deleted, brand_key, sku] range per brand key; the lowest id when several share it.
 */
export async function productBySku(
	db: KasirDatabase,
	sku: string,
	brand: Brand
): Promise<ProductView | null> {
	if (sku === '') return null;
	const keys = await keysFor(db, brand);
	const found = await readCovered(
		db.products,
		keys.map((k) => skuQuery(k, sku, 1))
	);
	const [d] = mergeSorted(found, 'sku', 1);
	return d ? toView(d) : null;
}

/**
 * Prefix search (name, and SKU as typed and upper-cased) through the brand-keyed indexes: every query is one index range
 * that stops at the page's limit, all read at once in one read transaction (`readCovered`, one request each).
 */
export async function searchPrefix(
	db: KasirDatabase,
	text: string,
	brand: Brand,
	limit: number
): Promise<SearchAnswer> {
	const q = text.trim();
	const lower = q.toLowerCase();
	const upper = q.toUpperCase();
	const keys = await keysFor(db, brand);
	const ranges = (field: 'name_lower' | 'sku', prefix: string) =>
		keys.map((k) => prefixQuery(field, k, prefix, limit));
	const all = await readCovered(db.products, [
		...ranges('name_lower', lower),
		...ranges('sku', q),
		...(upper === q ? [] : ranges('sku', upper))
	]);
	const n = keys.length;
	const byName = all.slice(0, n);
	const bySku = all.slice(n, 2 * n);
	const bySkuUpper = all.slice(2 * n);
	const seen: Record<string, true> = {};
	const out: ProductDoc[] = [];
	const add = (docs: readonly ProductDoc[]) => {
		for (const d of docs) {
			if (seen[d.id]) continue;
			seen[d.id] = true;
			out.push(d);
		}
	};
	add(mergeSorted(bySku, 'sku', limit));
	add(mergeSorted(bySkuUpper, 'sku', limit));
	add(mergeSorted(byName, 'name_lower', limit));
	return {
		products: out.slice(0, limit).map(toView),
		full: all.some((r) => r.length >= limit),
		read: all.reduce((sum, r) => sum + r.length, 0)
	};
}

/**
 * Names containing `text` without starting with it, in name order, at most `want`, leaving out `exclude` (the prefix
 * matches shown): null once `stale()` says a newer search started (checked between pages).
 */
export async function searchContains(
	db: KasirDatabase,
	text: string,
	brand: Brand,
	want: number,
	exclude: readonly string[],
	stale: () => boolean
): Promise<ProductView[] | null> {
	const more = await containsScan(
		db.products,
		await keysFor(db, brand),
		text.trim().toLowerCase(),
		want,
		CONTAINS_MAX_ROWS,
		stale
	);
	if (!more) return null;
	const shown = new Set(exclude);
	return more.filter((d) => !shown.has(d.id)).map(toView);
}

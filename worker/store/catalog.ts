// Why: the selling screen's product reads answered in the worker (the live window, the prefix search, its "contains"
// follow-up, a product by id or SKU), through the same index-covered queries the page ran, answering plain views.
import { combineLatest, map, type Observable } from 'rxjs';
import type { KasirDatabase } from '../../src/lib/db/database';
import { readCovered } from '../../src/lib/db/covered-read';
import {
	brandKeys,
	containsScan,
	listQuery,
	mergeSorted,
	prefixQuery,
	type Brand
} from '../../src/lib/db/product-queries';
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

/** One live query per brand key (the outlet's brand, no brand), each a range of its index, merged by name. */
export function catalogWindow(
	db: KasirDatabase,
	brand: Brand,
	categoryId: string,
	limit: number
): Observable<CatalogWindow> {
	const lists = (brandKeys(brand) ?? [null]).map(
		(key) => db.products.find(listQuery(key, categoryId, limit)).$
	);
	return combineLatest(lists).pipe(
		map((results) => ({
			products: mergeSorted(results, 'name_lower', limit).map(toView),
			hasMore: results.some((r) => r.length >= limit)
		}))
	);
}

/** A product shown to the outlet, by id; null when gone, deleted or of another brand. */
export async function findProduct(db: KasirDatabase, id: string, brand: Brand): Promise<ProductView | null> {
	const d = await db.products.findOne(id).exec();
	return d && !d.is_deleted && inBrand(brand, d.brand_id) ? toView(d) : null;
}

/** The live product with exactly this SKU in the outlet's brand (a scanned barcode), through the sku index. */
export async function productBySku(
	db: KasirDatabase,
	sku: string,
	brand: Brand
): Promise<ProductView | null> {
	if (sku === '') return null;
	const docs = await db.products.find({ selector: { sku }, limit: 10 }).exec();
	const d = docs.find((p) => !p.is_deleted && inBrand(brand, p.brand_id));
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
	const keys = brandKeys(brand) ?? [null];
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
		brand,
		text.trim().toLowerCase(),
		want,
		CONTAINS_MAX_ROWS,
		stale
	);
	if (!more) return null;
	const shown = new Set(exclude);
	return more.filter((d) => !shown.has(d.id)).map(toView);
}

// Why: every read of products by anything but id (browsing, a category, a prefix search, the bounded "contains" fallback,
// a scanned barcode, the manager's picker) as queries whose whole selector and sort one brand-keyed products index holds
// (v2), so each reads only the rows it shows. With no brand known, the brand keys the store holds are read first.
import type { MangoQuery, MangoQuerySelector, RxCollection } from 'rxdb';
import { readCovered } from './covered-read';
import { brandKeyOf } from './schemas';
import type { ProductDoc } from './types';

/** The outlet's brand (null: not known yet, every brand is shown). */
export type Brand = string | null;

/**
 * The brand keys an outlet shows: its own brand and products of no brand (one index range each, merged by the caller).
 * null: the brand is not known (yet), every brand is shown: the caller reads the keys the store holds (`liveBrandKeys`).
 */
export function brandKeys(brand: Brand): string[] | null {
	return brand === null ? null : [brandKeyOf(brand), brandKeyOf(null)];
}

const BY_NAME = ['is_deleted', 'brand_key', 'name_lower'];
const BY_CATEGORY = ['is_deleted', 'brand_key', 'category_id', 'name_lower'];
const BY_SKU = ['is_deleted', 'brand_key', 'sku'];

/** The first live product of a brand key after `after` (null: the first of all), in the [is_deleted, brand_key, name_lower] index. */
export function nextBrandQuery(after: string | null): MangoQuery<ProductDoc> {
	return {
		selector: { is_deleted: false, brand_key: after === null ? { $gte: '' } : { $gt: after } },
		sort: [{ brand_key: 'asc' }, { name_lower: 'asc' }],
		limit: 1,
		index: BY_NAME
	};
}

/**
 * Every brand key some live product holds, in order: one read of a single index entry per key (a skip over the brand
 * index), so a store of a few brands costs a few tiny reads, whatever the catalogue's size. What the "every brand" lists
 * (no brand known) read in place of an index of all brands' names.
 */
export async function liveBrandKeys(products: RxCollection<ProductDoc>): Promise<string[]> {
	const keys: string[] = [];
	for (;;) {
		const [[next] = []] = await readCovered<ProductDoc>(products, [nextBrandQuery(keys.at(-1) ?? null)]);
		if (!next) return keys;
		keys.push(next.brand_key ?? brandKeyOf(next.brand_id));
	}
}

/** The brand keys whose products an outlet of `brand` shows (every key the store holds when no brand is known). */
export async function shownBrandKeys(products: RxCollection<ProductDoc>, brand: Brand): Promise<string[]> {
	return brandKeys(brand) ?? (await liveBrandKeys(products));
}

/** Live products of one brand key in name order, optionally in one category. */
export function listQuery(brandKey: string, categoryId: string, limit: number): MangoQuery<ProductDoc> {
	return {
		selector: { is_deleted: false, brand_key: brandKey, ...(categoryId ? { category_id: categoryId } : {}) },
		sort: [{ name_lower: 'asc' }],
		limit,
		index: categoryId ? BY_CATEGORY : BY_NAME
	};
}

/** Live products of one brand key whose name or SKU starts with `prefix`, in that field's order. */
export function prefixQuery(
	field: 'name_lower' | 'sku',
	brandKey: string,
	prefix: string,
	limit: number
): MangoQuery<ProductDoc> {
	const within = { $gte: prefix, $lt: prefix + '\uffff' };
	const selector: MangoQuerySelector<ProductDoc> =
		field === 'sku' ? { is_deleted: false, sku: within } : { is_deleted: false, name_lower: within };
	return {
		selector: { ...selector, brand_key: brandKey },
		sort: [{ [field]: 'asc' }],
		limit,
		index: field === 'sku' ? BY_SKU : BY_NAME
	};
}

/** The live products of one brand key with exactly this SKU (a scanned barcode), in id order. */
export function skuQuery(brandKey: string, sku: string, limit: number): MangoQuery<ProductDoc> {
	return {
		selector: { is_deleted: false, brand_key: brandKey, sku },
		sort: [{ sku: 'asc' }],
		limit,
		index: BY_SKU
	};
}

/**
 * The next keyset page of one brand key's live products in name order: from the name `after.name_lower` on, skipping the
 * `after.skip` rows of that name already read (the index orders equal names by id, so the skip is exact).
 */
export function namePageQuery(
	brandKey: string,
	after: { name_lower: string; skip: number } | null,
	limit: number
): MangoQuery<ProductDoc> {
	const base = listQuery(brandKey, '', limit);
	if (!after) return base;
	return {
		...base,
		selector: { ...base.selector, name_lower: { $gte: after.name_lower } },
		skip: after.skip
	};
}

type Keyed = Pick<ProductDoc, 'id' | 'name_lower' | 'sku'>;

const compareBy =
	(field: 'name_lower' | 'sku') =>
	(a: Keyed, b: Keyed): number =>
		a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Merges lists each sorted by (`field`, id), as the index returns them, into one such list of at most `limit`. */
export function mergeSorted<T extends Keyed>(
	lists: readonly (readonly T[])[],
	field: 'name_lower' | 'sku',
	limit: number
): T[] {
	if (lists.length === 1) return lists[0]?.slice(0, limit) ?? [];
	return lists.flat().sort(compareBy(field)).slice(0, limit);
}

/** How many rows the "contains" fallback reads per query (a keyset page, one cursor). */
export const CONTAINS_PAGE = 250;

/**
 * Names that contain `lower` without starting with it (the prefix queries found those), in name order, at most `want`:
 * a keyset walk over the live products of the outlet's brand `keys`, one page of CONTAINS_PAGE rows per brand key at a
 * time, that stops as soon as `stale()` says a newer search started, so a typist never waits behind it. Reads at most
 * `maxRows` rows.
 */
export async function containsScan(
	products: RxCollection<ProductDoc>,
	keys: readonly string[],
	lower: string,
	want: number,
	maxRows: number,
	stale: () => boolean
): Promise<ProductDoc[] | null> {
	const out: ProductDoc[] = [];
	let read = 0;
	for (const key of keys) {
		let after: { name_lower: string; skip: number } | null = null;
		for (;;) {
			if (stale()) return null;
			const size = Math.min(CONTAINS_PAGE, maxRows - read);
			if (size <= 0) break;
			// The keyset page without its skip (the rows of the last name already read come first and are dropped), so the
			// index holds the whole query and one `getAll` reads it (db/covered-read.ts), not a cursor step per row.
			const skip: number = after ? after.skip : 0;
			const from: { name_lower: string; skip: number } | null = after
				? { name_lower: after.name_lower, skip: 0 }
				: null;
			const [rows = []] = await readCovered<ProductDoc>(products, [namePageQuery(key, from, size + skip)]);
			const page: ProductDoc[] = rows.slice(skip);
			read += page.length;
			for (const d of page) if (d.name_lower.includes(lower) && !d.name_lower.startsWith(lower)) out.push(d);
			const last = page[page.length - 1];
			if (!last || page.length < size) break;
			const tail = page.filter((d) => d.name_lower === last.name_lower).length;
			after =
				after && after.name_lower === last.name_lower
					? { name_lower: last.name_lower, skip: after.skip + tail }
					: { name_lower: last.name_lower, skip: tail };
		}
	}
	if (stale()) return null;
	return mergeSorted([out], 'name_lower', want);
}

// Why: the selling screen's product reads (browsing, a category, a prefix search, the bounded "contains" fallback) as
// queries whose whole selector and sort are held by one products index (v1), so each reads only the rows it shows.
import type { MangoQuery, MangoQuerySelector, RxCollection } from 'rxdb';
import { readCovered } from './covered-read';
import { brandKeyOf } from './schemas';
import type { ProductDoc } from './types';

/** The outlet's brand (null: not known yet, every brand is shown). */
export type Brand = string | null;

/**
 * The brand keys an outlet shows: its own brand and products of no brand (one index range each, merged by the caller).
 * null: the brand is not known yet, and the queries fall back to the single-field indexes with a row-by-row check.
 */
export function brandKeys(brand: Brand): string[] | null {
	return brand === null ? null : [brandKeyOf(brand), brandKeyOf(null)];
}

const BY_NAME = ['is_deleted', 'brand_key', 'name_lower'];
const BY_CATEGORY = ['is_deleted', 'brand_key', 'category_id', 'name_lower'];
const BY_SKU = ['is_deleted', 'brand_key', 'sku'];

/** Live products of one brand key (or of every brand) in name order, optionally in one category. */
export function listQuery(
	brandKey: string | null,
	categoryId: string,
	limit: number
): MangoQuery<ProductDoc> {
	if (brandKey === null)
		return {
			selector: { is_deleted: false, ...(categoryId ? { category_id: categoryId } : {}) },
			sort: [{ name_lower: 'asc' }],
			limit,
			index: ['name_lower']
		};
	return {
		selector: { is_deleted: false, brand_key: brandKey, ...(categoryId ? { category_id: categoryId } : {}) },
		sort: [{ name_lower: 'asc' }],
		limit,
		index: categoryId ? BY_CATEGORY : BY_NAME
	};
}

/** Live products of one brand key (or of every brand) whose name or SKU starts with `prefix`, in that field's order. */
export function prefixQuery(
	field: 'name_lower' | 'sku',
	brandKey: string | null,
	prefix: string,
	limit: number
): MangoQuery<ProductDoc> {
	const within = { $gte: prefix, $lt: prefix + '\uffff' };
	const selector: MangoQuerySelector<ProductDoc> =
		field === 'sku' ? { is_deleted: false, sku: within } : { is_deleted: false, name_lower: within };
	if (brandKey === null) return { selector, sort: [{ [field]: 'asc' }], limit, index: [field] };
	return {
		selector: { ...selector, brand_key: brandKey },
		sort: [{ [field]: 'asc' }],
		limit,
		index: field === 'sku' ? BY_SKU : BY_NAME
	};
}

/**
 * The next keyset page of one brand key's live products in name order: from the name `after.name_lower` on, skipping the
 * `after.skip` rows of that name already read (the index orders equal names by id, so the skip is exact).
 */
export function namePageQuery(
	brandKey: string | null,
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
 * a keyset walk over the outlet's live products, one page of CONTAINS_PAGE rows per brand key at a time, that stops as
 * soon as `stale()` says a newer search started, so a typist never waits behind it. Reads at most `maxRows` rows.
 */
export async function containsScan(
	products: RxCollection<ProductDoc>,
	brand: Brand,
	lower: string,
	want: number,
	maxRows: number,
	stale: () => boolean
): Promise<ProductDoc[] | null> {
	const out: ProductDoc[] = [];
	let read = 0;
	for (const key of brandKeys(brand) ?? [null]) {
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

// Why: what the selling screen shows (categories, the visible product list, modifier groups) read from the local database through indexes, never the network.
import { combineLatest, throttleTime, type Subscription } from 'rxjs';
import type { CategoryDoc, KasirDatabase, ModifierDoc, ProductDoc } from '$lib/db';
import { readCovered } from '$lib/db/covered-read';
import { brandKeyOf } from '$lib/db/schemas';
import {
	brandKeys,
	containsScan,
	listQuery,
	liveBrandKeys,
	mergeSorted,
	prefixQuery,
	skuQuery
} from '$lib/db/product-queries';
import type { ModifierGroup } from '$lib/domain/modifiers';

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

/** Search results are capped: a cashier types more letters rather than scroll thousands of hits. */
const SEARCH_LIMIT = 300;

/** A search of this many letters whose prefix matches do not fill the page also looks for names containing it. */
const CONTAINS_MIN = 3;

/** The "contains" fallback reads at most this many rows per keystroke (in pages, dropped as soon as the box changes). */
const CONTAINS_MAX_ROWS = 20_000;

/**
 * The fallback starts this long after the prefix matches are shown: a typist's next keystroke usually comes sooner, and
 * then the fallback never runs beside it (its pages would share the UI thread with the next keystroke's search and paint).
 */
const CONTAINS_PAUSE_MS = 120;

/**
 * Every list (browsing, a category, a search) first reads about one screen of tiles, then grows a page at a time as the grid
 * scrolls: its queries walk an index with a cursor, so the first paint (a cold start, a tab, a keystroke) costs only the rows
 * it shows.
 */
export const FIRST_PAGE = 60;

/** The grid's own measure of a screen bounds the first page (a smaller screen reads fewer rows per keystroke). */
const MIN_SCREEN = 12;

/**
 * The product list is a live window over the index, grown a page at a time as the grid scrolls:
 * a write re-runs (and re-maps) at most the window, never the whole catalogue.
 */
export const WINDOW_PAGE = 120;

function toView(d: ProductDoc): ProductView {
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

class CatalogManager {
	categories = $state.raw<CategoryDoc[]>([]);
	products = $state.raw<ProductView[]>([]);
	modifiers = $state.raw<Map<string, ModifierDoc>>(new Map());
	/** '' = all categories. */
	categoryId = $state('');
	query = $state('');
	loading = $state(true);
	brandId = $state<string | null>(null);
	/** More rows match than the window holds (the grid asks for the next page with `loadMore`). */
	hasMore = $state(false);
	/** The (trimmed) search the shown list answers: lags `query` while a search runs ('' = the browsing list). */
	shownQuery = $state('');

	/**
	 * The products whose photo the photo sync has cached (null until first read). A tile of any other product shows the
	 * placeholder without asking the service worker, whose answer (an SVG document parsed per URL on the UI thread) was most
	 * of a keystroke's frame when ~30 tiles changed at once.
	 */
	photoIds = $state.raw<ReadonlySet<string> | null>(null);

	categoryName = $derived(new Map(this.categories.map((c) => [c.id, c.name])));

	#db: KasirDatabase | null = null;
	#subs: Subscription[] = [];
	#listSub: Subscription | null = null;
	/** The database whose cached photos `photoIds` follows (kept across a change of brand). */
	#photoDb: KasirDatabase | null = null;
	#photoSub: Subscription | null = null;
	/** Each list or search takes the next number; a search whose number is no longer the last shows nothing. */
	#searchSeq = 0;
	/** Rows of a search's first page: FIRST_PAGE until the grid says how many tiles fill its screen (`setScreen`). */
	#searchPage = FIRST_PAGE;
	#window = FIRST_PAGE;
	/** The first list arrived (a User Timing mark says when: the start-up's profile). */
	#shownOnce = false;
	/**
	 * With no brand known (every brand shown): the brand keys of the store's live products, read once per attach
	 * (`#keysRead`) and grown by every write of a product of a key not seen yet (the lists then re-read).
	 */
	#seenKeys = new Set<string>();
	#keysRead: Promise<void> | null = null;

	attach(db: KasirDatabase, brandId: string | null): void {
		this.#db = db;
		this.brandId = brandId;
		this.#seenKeys = new Set();
		this.#keysRead = null;
		for (const s of this.#subs) s.unsubscribe();
		this.#subs = [
			db.categories
				.find({ selector: { is_deleted: false }, sort: [{ sort_order: 'asc' }] })
				.$.subscribe((docs) => {
					this.categories = docs
						.map((d) => d.toJSON() as CategoryDoc)
						.filter((c) => this.#inBrand(c.brand_id));
				}),
			db.modifiers.find({ selector: { is_deleted: false } }).$.subscribe((docs) => {
				this.modifiers = new Map(docs.map((d) => [d.id, d.toJSON() as ModifierDoc]));
			})
		];
		if (brandId === null) this.#subs.push(this.#followBrandKeys(db));
		this.#reload();
		this.#followPhotos(db);
	}

	/**
	 * Starts following the cached photos once the start-up is idle (the first tiles ask for every photo meanwhile, as they
	 * always did): an outlet may hold thousands, and the first screen should not wait for them.
	 */
	#followPhotos(db: KasirDatabase): void {
		if (this.#photoDb === db) return;
		this.#photoSub?.unsubscribe();
		this.#photoSub = null;
		this.#photoDb = db;
		this.photoIds = null;
		const start = () => {
			if (this.#photoDb !== db || this.#photoSub) return;
			// A photo sync writes one document per photo: the set follows at most every 250 ms (first and last always).
			this.#photoSub = db.photos
				.find({ selector: { state: 'cached', is_deleted: false } })
				.$.pipe(throttleTime(250, undefined, { leading: true, trailing: true }))
				.subscribe((docs) => {
					this.photoIds = new Set(docs.map((d) => d.product_id));
				});
		};
		// Node (the unit tests) has no idle callback.
		if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
		else setTimeout(start, 0);
	}

	/** Every brand shown: a product written under a brand key the lists do not read yet makes them read it too. */
	#followBrandKeys(db: KasirDatabase): Subscription {
		return db.products.eventBulks$.subscribe((bulk) => {
			let grown = false;
			for (const e of bulk.events) {
				const d = e.documentData as ProductDoc | undefined;
				const key = d && !d.is_deleted ? brandKeyOf(d.brand_id) : null;
				if (key === null || this.#seenKeys.has(key)) continue;
				this.#seenKeys.add(key);
				grown = true;
			}
			// Before the first read of the keys ends, that read's lists take the new key along.
			if (grown && this.#keysRead)
				void this.#keysRead.then(() => {
					if (this.#db === db && this.brandId === null) this.#reload(false);
				});
		});
	}

	/** The brand keys the lists and searches read: the outlet's brand and no brand, or every key the store holds. */
	async #shownKeys(db: KasirDatabase): Promise<string[]> {
		const known = brandKeys(this.brandId);
		if (known) return known;
		this.#keysRead ??= liveBrandKeys(db.products).then((keys) => {
			for (const k of keys) this.#seenKeys.add(k);
		});
		await this.#keysRead;
		return [...this.#seenKeys].sort();
	}

	/** Re-filters when the store's brand becomes known or changes. */
	setBrand(brandId: string | null): void {
		if (!this.#db || brandId === this.brandId) return;
		this.attach(this.#db, brandId);
	}

	#inBrand(brand: string | null): boolean {
		return !this.brandId || !brand || brand === this.brandId;
	}

	selectCategory(id: string): void {
		this.categoryId = id;
		this.query = '';
		this.#window = FIRST_PAGE;
		this.#reload();
	}

	search(text: string): void {
		this.query = text;
		// A keystroke reads one screen; the browsing list (a cleared search) keeps its usual first page.
		this.#window = text.trim() === '' ? FIRST_PAGE : this.#searchPage;
		this.#reload();
	}

	/**
	 * The grid says how many tiles fill its screen (with its overscan): a search's first page (each keystroke) reads that many
	 * rows, between MIN_SCREEN and WINDOW_PAGE, instead of FIRST_PAGE. The shown list is not re-read.
	 */
	setScreen(tiles: number): void {
		this.#searchPage = Math.max(MIN_SCREEN, Math.min(WINDOW_PAGE, Math.ceil(tiles)));
	}

	/** Grows the live window by one page (the grid calls this when its end scrolls into view); a search up to its cap. */
	loadMore(): void {
		if (!this.hasMore) return;
		if (this.query.trim() !== '') {
			this.#window = Math.min(SEARCH_LIMIT, this.#window + WINDOW_PAGE);
			this.#reload(false);
			return;
		}
		this.#window += WINDOW_PAGE;
		this.#reload(false);
	}

	/** Whether a tile asks for the product's photo: it is cached, or the cached photos are not known yet. */
	hasPhoto(productId: string): boolean {
		return this.photoIds === null || this.photoIds.has(productId);
	}

	/** The modifier groups of a product, in their configured order (missing groups skipped). */
	groupsFor(p: ProductView): ModifierGroup[] {
		const groups: (ModifierDoc & { sort_order: number })[] = [];
		for (const id of p.modifier_group_ids) {
			const m = this.modifiers.get(id);
			if (m) groups.push(m);
		}
		return groups
			.sort((a, b) => a.sort_order - b.sort_order)
			.map((m) => ({
				id: m.id,
				name: m.name,
				min_select: m.min_select,
				max_select: m.max_select,
				is_required: m.is_required,
				options: m.options
			}));
	}

	/** A product shown to the outlet, by id (a tile tapped on the cold start's painted screen); null when gone. */
	async byId(id: string): Promise<ProductView | null> {
		const shown = this.products.find((p) => p.id === id);
		if (shown) return shown;
		const d = await this.#db?.products.findOne(id).exec();
		return d && !d.is_deleted && this.#inBrand(d.brand_id) ? toView(d) : null;
	}

	#reload(showLoading = true): void {
		const db = this.#db;
		if (!db) return;
		this.#listSub?.unsubscribe();
		this.#listSub = null;
		const q = this.query.trim();
		// A newer list or search supersedes whatever search is still running (its results are dropped).
		const seq = ++this.#searchSeq;
		if (showLoading) this.loading = true;
		if (q !== '') {
			void this.#searchOnce(db, seq);
			return;
		}
		const known = brandKeys(this.brandId);
		if (known) this.#list(db, known);
		else
			void this.#shownKeys(db).then((keys) => {
				if (seq === this.#searchSeq) this.#list(db, keys);
			});
	}

	/** One live query per brand key (the outlet's brand and no brand, or every key), each a range of its index, merged by name. */
	#list(db: KasirDatabase, keys: readonly string[]): void {
		const limit = this.#window;
		const lists = keys.map((key) => db.products.find(listQuery(key, this.categoryId, limit)).$);
		const show = (results: readonly ProductDoc[][]) => {
			if (!this.#shownOnce) performance.mark('kasir:boot:catalog');
			this.#shownOnce = true;
			this.products = mergeSorted(results, 'name_lower', limit).map(toView);
			this.hasMore = results.some((r) => r.length >= limit);
			this.shownQuery = '';
			this.loading = false;
		};
		// No live product at all (an empty store, no brand known): a first write under a new key lists again.
		if (lists.length === 0) show([]);
		else this.#listSub = combineLatest(lists).subscribe(show);
	}

	/**
	 * The live product with exactly this SKU in the outlet's brand or of no brand (any brand when none is known: a scanned
	 * barcode), one [is_deleted, brand_key, sku] range per brand key; the lowest id when several share it.
	 */
	async findBySku(sku: string): Promise<ProductView | null> {
		const db = this.#db;
		if (!db || sku === '') return null;
		const keys = brandKeys(this.brandId) ?? (await this.#shownKeys(db));
		const found = await readCovered(
			db.products,
			keys.map((k) => skuQuery(k, sku, 1))
		);
		const [d] = mergeSorted(found, 'sku', 1);
		return d ? toView(d) : null;
	}

	/**
	 * Prefix search (name, and SKU as typed and upper-cased) through the brand-keyed indexes: every query is one index
	 * range that stops at the page's limit, all read at once (`readCovered`). Every keystroke starts its own search at once:
	 * an older one still reading is not waited for, and its results are dropped when they arrive (its reads are a few
	 * `getAll`s of one screen each, so running beside the new one costs less than queueing the new one behind it).
	 */
	async #searchOnce(db: KasirDatabase, seq: number): Promise<void> {
		const q = this.query.trim();
		// The bench splits a keystroke's queries into the wait before its read (event, Svelte, an older search) and the read.
		performance.mark('kasir:search:read', { detail: q });
		const limit = Math.min(this.#window, SEARCH_LIMIT);
		const lower = q.toLowerCase();
		const upper = q.toUpperCase();
		const keys = brandKeys(this.brandId) ?? (await this.#shownKeys(db));
		const ranges = (field: 'name_lower' | 'sku', prefix: string) =>
			keys.map((k) => prefixQuery(field, k, prefix, limit));
		// Every range in one read transaction, one request each (no cursor steps): see db/covered-read.ts.
		const all = await readCovered(db.products, [
			...ranges('name_lower', lower),
			...ranges('sku', q),
			...(upper === q ? [] : ranges('sku', upper))
		]);
		const n = keys.length;
		const byName = all.slice(0, n);
		const bySku = all.slice(n, 2 * n);
		const bySkuUpper = all.slice(2 * n);
		if (seq !== this.#searchSeq) return;
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
		const shown = out.slice(0, limit);
		const read = all.reduce((n, r) => n + r.length, 0);
		this.#show(
			q,
			shown,
			limit,
			[...byName, ...bySku, ...bySkuUpper].some((r) => r.length >= limit),
			read
		);
		if (shown.length >= limit || lower.length < CONTAINS_MIN) return;
		// Too few names start with it: names containing it follow, off the keystroke's path (the next keystroke's search
		// does not wait for it, and it stops at its next page once the box changed).
		void this.#contains(db, seq, q, out, limit).catch(() => undefined);
	}

	/**
	 * The "contains" fallback of search `seq`: starts once the prefix matches are painted and the typist paused
	 * (CONTAINS_PAUSE_MS), then appends the names containing the text; dropped as soon as another list or search started.
	 */
	async #contains(
		db: KasirDatabase,
		seq: number,
		q: string,
		out: ProductDoc[],
		limit: number
	): Promise<void> {
		const stale = () => seq !== this.#searchSeq;
		await new Promise((resolve) => setTimeout(resolve, CONTAINS_PAUSE_MS));
		if (stale()) return;
		const more = await containsScan(
			db.products,
			await this.#shownKeys(db),
			q.toLowerCase(),
			limit - out.length,
			CONTAINS_MAX_ROWS,
			stale
		);
		if (!more || stale()) return;
		const ids = new Set(out.map((d) => d.id));
		const docs = [...out, ...more.filter((d) => !ids.has(d.id))];
		this.#show(q, docs.slice(0, limit), limit, docs.length >= limit);
	}

	#show(q: string, docs: readonly ProductDoc[], limit: number, full: boolean, read = docs.length): void {
		// The bench splits a keystroke into its queries (up to this mark) and the paint after it, and reports the rows read
		// (every index range) beside the rows shown.
		performance.mark('kasir:search:shown', { detail: { q, read, shown: docs.length } });
		this.products = docs.map(toView);
		// Any query that filled its page may hold more rows; the cap is never passed.
		this.hasMore = limit < SEARCH_LIMIT && full;
		this.shownQuery = q;
		this.loading = false;
	}
}

export const catalog = new CatalogManager();

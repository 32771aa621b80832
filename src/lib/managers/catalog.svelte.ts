// Why: what the selling screen shows (categories, the visible product list, modifier groups), answered by the worker's store area from the local database through indexes, never the network.
import type { CategoryDoc, ModifierDoc } from '$lib/db/types';
import type { ModifierGroup } from '$lib/domain/modifiers';
import type { ProductView, StoreClient } from '$lib/store-client';

export type { ProductView };

/** Search results are capped: a cashier types more letters rather than scroll thousands of hits. */
const SEARCH_LIMIT = 300;

/** A search of this many letters whose prefix matches do not fill the page also looks for names containing it. */
const CONTAINS_MIN = 3;

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

	#store: StoreClient | null = null;
	#stops: (() => void)[] = [];
	#stopList: (() => void) | null = null;
	/** The store client whose cached photos `photoIds` follows (kept across a change of brand). */
	#photoStore: StoreClient | null = null;
	#stopPhotos: (() => void) | null = null;
	/** Each list or search takes the next number; a search whose number is no longer the last shows nothing. */
	#searchSeq = 0;
	/** A "contains" follow-up may be reading in the worker (a new list tells the worker to stop it). */
	#containsRunning = false;
	/** Rows of a search's first page: FIRST_PAGE until the grid says how many tiles fill its screen (`setScreen`). */
	#searchPage = FIRST_PAGE;
	#window = FIRST_PAGE;
	/** The first list arrived (a User Timing mark says when: the start-up's profile). */
	#shownOnce = false;

	attach(store: StoreClient, brandId: string | null): void {
		this.#store = store;
		this.brandId = brandId;
		for (const stop of this.#stops) stop();
		this.#stops = [
			store.watch({ name: 'categories' }, (docs) => {
				this.categories = docs.filter((c) => this.#inBrand(c.brand_id));
			}),
			store.watch({ name: 'modifierGroups' }, (docs) => {
				this.modifiers = new Map(docs.map((d) => [d.id, d]));
			})
		];
		this.#reload();
		this.#followPhotos(store);
	}

	/**
	 * Starts following the cached photos once the start-up is idle (the first tiles ask for every photo meanwhile, as they
	 * always did): an outlet may hold thousands, and the first screen should not wait for them.
	 */
	#followPhotos(store: StoreClient): void {
		if (this.#photoStore === store) return;
		this.#stopPhotos?.();
		this.#stopPhotos = null;
		this.#photoStore = store;
		this.photoIds = null;
		const start = () => {
			if (this.#photoStore !== store || this.#stopPhotos) return;
			this.#stopPhotos = store.watch({ name: 'cachedPhotos' }, (ids) => {
				this.photoIds = new Set(ids);
			});
		};
		// Node (the unit tests) has no idle callback.
		if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
		else setTimeout(start, 0);
	}

	/** Re-filters when the store's brand becomes known or changes. */
	setBrand(brandId: string | null): void {
		if (!this.#store || brandId === this.brandId) return;
		this.attach(this.#store, brandId);
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
		return (await this.#store?.findProduct(id, this.brandId)) ?? null;
	}

	#reload(showLoading = true): void {
		const store = this.#store;
		if (!store) return;
		this.#stopList?.();
		this.#stopList = null;
		const q = this.query.trim();
		// A newer list or search supersedes whatever search is still running (its results are dropped).
		const seq = ++this.#searchSeq;
		if (showLoading) this.loading = true;
		if (q !== '') {
			void this.#searchOnce(store, seq).catch(() => undefined);
			return;
		}
		if (this.#containsRunning) store.supersedeSearch(seq);
		const limit = this.#window;
		this.#stopList = store.watch(
			{ name: 'catalogWindow', brandId: this.brandId, categoryId: this.categoryId, limit },
			(w) => {
				if (!this.#shownOnce) performance.mark('kasir:boot:catalog');
				this.#shownOnce = true;
				this.products = w.products;
				this.hasMore = w.hasMore;
				this.shownQuery = '';
				this.loading = false;
			}
		);
	}

	/** The live product with exactly this SKU in the outlet's brand (a scanned barcode), through the sku index. */
	async findBySku(sku: string): Promise<ProductView | null> {
		const store = this.#store;
		if (!store || sku === '') return null;
		return store.productBySku(sku, this.brandId);
	}

	/**
	 * Prefix search (name, and SKU as typed and upper-cased) through the brand-keyed indexes, in the worker: every query is
	 * one index range that stops at the page's limit, all read at once (`db/covered-read.ts`). Every keystroke starts its
	 * own search at once: an older one still reading is not waited for, and its results are dropped when they arrive (its
	 * reads are a few `getAll`s of one screen each, so running beside the new one costs less than queueing the new one
	 * behind it).
	 */
	async #searchOnce(store: StoreClient, seq: number): Promise<void> {
		const q = this.query.trim();
		// The bench splits a keystroke's queries into the wait before its read (event, Svelte, an older search) and the read.
		performance.mark('kasir:search:read', { detail: q });
		const limit = Math.min(this.#window, SEARCH_LIMIT);
		const found = await store.searchProducts(q, this.brandId, limit, seq);
		if (seq !== this.#searchSeq) return;
		this.#show(q, found.products, limit, found.full, found.read);
		if (found.products.length >= limit || q.toLowerCase().length < CONTAINS_MIN) return;
		// Too few names start with it: names containing it follow, off the keystroke's path (the next keystroke's search
		// does not wait for it, and it stops at its next page once the box changed).
		void this.#contains(store, seq, q, found.products, limit).catch(() => undefined);
	}

	/**
	 * The "contains" fallback of search `seq`: starts once the prefix matches are painted and the typist paused
	 * (CONTAINS_PAUSE_MS), then appends the names containing the text; dropped as soon as another list or search started.
	 */
	async #contains(
		store: StoreClient,
		seq: number,
		q: string,
		out: ProductView[],
		limit: number
	): Promise<void> {
		const stale = () => seq !== this.#searchSeq;
		await new Promise((resolve) => setTimeout(resolve, CONTAINS_PAUSE_MS));
		if (stale()) return;
		this.#containsRunning = true;
		let more: ProductView[] | null;
		try {
			more = await store.searchContains(
				q,
				this.brandId,
				limit - out.length,
				out.map((p) => p.id),
				seq
			);
		} finally {
			if (!stale()) this.#containsRunning = false;
		}
		if (!more || stale()) return;
		const docs = [...out, ...more];
		this.#show(q, docs.slice(0, limit), limit, docs.length >= limit);
	}

	#show(q: string, docs: ProductView[], limit: number, full: boolean, read = docs.length): void {
		// The bench splits a keystroke into its queries (up to this mark) and the paint after it, and reports the rows read
		// (every index range) beside the rows shown.
		performance.mark('kasir:search:shown', { detail: { q, read, shown: docs.length } });
		this.products = docs;
		// Any query that filled its page may hold more rows; the cap is never passed.
		this.hasMore = limit < SEARCH_LIMIT && full;
		this.shownQuery = q;
		this.loading = false;
	}
}

export const catalog = new CatalogManager();

// Why: the conflicts the outlet keeps until a manager decides (open, waiting to be sent, recently decided), the product names they concern and the outlet policy, live from the local database.
import type { Subscription } from 'rxjs';
import type { ConflictDoc, KasirDatabase, ProductDoc, ProductUpdateDoc } from '$lib/db';
import { META } from '$lib/db/meta-keys';
import type { ProductLabel, StoreClient } from '$lib/store-client';
import { app } from './app.svelte';
import { DEFAULT_CONFLICT_POLICY, validatePolicy, type ConflictPolicy } from '$lib/domain/conflict';

/** How many decided conflicts the screen lists (newest first). */
export const RESOLVED_LIST_SIZE = 50;

export type { ProductLabel };

const byCreated = (a: ConflictDoc, b: ConflictDoc) =>
	a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
const byResolved = (a: ConflictDoc, b: ConflictDoc) =>
	(b.resolved_at ?? b.updated_at).localeCompare(a.resolved_at ?? a.updated_at);

class ConflictsManager {
	/** Open and resolving (decided, waiting to be sent), oldest first. */
	waiting = $state.raw<ConflictDoc[]>([]);
	resolved = $state.raw<ConflictDoc[]>([]);
	products = $state.raw<Record<string, ProductLabel>>({});
	policy = $state.raw<ConflictPolicy>(DEFAULT_CONFLICT_POLICY);
	loaded = $state(false);

	open = $derived(this.waiting.filter((c) => c.status === 'open'));
	openCount = $derived(this.open.length);
	/** Product ids with an open conflict per field: the selling screen's "uses the head-office value" note. */
	heldFields = $derived.by(() => {
		const m: Record<string, string[]> = {};
		for (const c of this.open) m[c.local_id] = [...(m[c.local_id] ?? []), c.field];
		return m;
	});

	#store: StoreClient | null = null;
	#stops: (() => void)[] = [];
	#stopProducts: (() => void) | null = null;
	#productIds = '';

	/** Idempotent: `startApp` attaches the manager to the worker's store area. */
	attach(store: StoreClient): void {
		if (this.#store === store) return;
		this.#store = store;
		for (const stop of this.#stops) stop();
		this.#stops = [
			store.watch({ name: 'conflicts', status: 'waiting' }, (docs) => {
				this.waiting = docs.sort(byCreated);
				this.loaded = true;
				this.#watchProducts(store);
			}),
			store.watch({ name: 'conflicts', status: 'resolved' }, (docs) => {
				this.resolved = docs.sort(byResolved).slice(0, RESOLVED_LIST_SIZE);
				this.#watchProducts(store);
			}),
			store.watch({ name: 'meta', key: META.conflictPolicy }, (raw) => {
				const v = raw === undefined || raw === null ? null : validatePolicy(raw);
				this.policy = v?.ok ? v.value : DEFAULT_CONFLICT_POLICY;
			})
		];
	}

	#watchProducts(store: StoreClient): void {
		const ids = [...this.waiting, ...this.resolved]
			.map((c) => c.local_id)
			.filter((id, i, all) => all.indexOf(id) === i)
			.sort();
		const key = ids.join(',');
		if (key === this.#productIds) return;
		this.#productIds = key;
		this.#stopProducts?.();
		this.#stopProducts = store.watch({ name: 'productLabels', ids }, (labels) => {
			this.products = labels;
		});
	}

	productName(c: Pick<ConflictDoc, 'local_id'>): string {
		return this.products[c.local_id]?.name ?? c.local_id;
	}
}

export const conflicts = new ConflictsManager();

/** One product as the outlet edit screen shows it: the live document and this outlet's edits of it (newest first). */
export class ProductEditState {
	product = $state.raw<ProductDoc | null>(null);
	updates = $state.raw<ProductUpdateDoc[]>([]);
	loaded = $state(false);
	#subs: Subscription[] = [];

	constructor(productId: string) {
		const db = app.requireDb();
		this.#subs = [
			db.products.findOne(productId).$.subscribe((d) => {
				this.product = d ? d.toMutableJSON() : null;
				this.loaded = true;
			}),
			db.product_updates.find({ selector: { product_id: productId } }).$.subscribe((docs) => {
				this.updates = docs
					.map((d) => d.toMutableJSON())
					.sort((a, b) => b.created_at.localeCompare(a.created_at));
			})
		];
	}

	stop(): void {
		for (const s of this.#subs) s.unsubscribe();
	}
}

/**
 * The manager's product picker: live products of every brand whose SKU (upper-cased) or name starts with the text, SKU
 * matches first (every product by name when the text is empty); one brand-keyed index range per brand key the store holds.
 */
export async function searchProducts(db: KasirDatabase, text: string, limit = 40): Promise<ProductLabel[]> {
	const q = text.trim();
	// The picker is the conflicts screen's (its database open): the product queries load with it, not with selling.
	const [{ readCovered }, { listQuery, liveBrandKeys, mergeSorted, prefixQuery }] = await Promise.all([
		import('$lib/db/covered-read'),
		import('$lib/db/product-queries')
	]);
	const keys = await liveBrandKeys(db.products);
	const n = keys.length;
	const read = await readCovered(
		db.products,
		q
			? [
					...keys.map((k) => prefixQuery('sku', k, q.toUpperCase(), limit)),
					...keys.map((k) => prefixQuery('name_lower', k, q.toLowerCase(), limit))
				]
			: keys.map((k) => listQuery(k, '', limit))
	);
	const docs = q
		? [...mergeSorted(read.slice(0, n), 'sku', limit), ...mergeSorted(read.slice(n), 'name_lower', limit)]
		: mergeSorted(read, 'name_lower', limit);
	const out: ProductLabel[] = [];
	for (const d of docs) {
		if (out.some((x) => x.id === d.id)) continue;
		out.push({ id: d.id, name: d.name, sku: d.sku, price: d.price, stock: d.stock, version: d.version });
	}
	return out.slice(0, limit);
}

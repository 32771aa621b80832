// Why: the store area answers the selling screen's live queries and reads over comlink exactly as the page read them
// from the database: plain JSON, every change pushed, nothing after `unwatch`, a superseded "contains" scan stopped.
import { expose, wrap } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import { META } from '../../src/lib/db/meta';
import { pushAckKey, type PushAckDoc } from '../../src/lib/db/push-ack';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';
import type { ConflictDoc, StoreDoc, TransactionDoc } from '../../src/lib/db/types';
import {
	storeClient,
	type StoreClient,
	type StoreQueryName,
	type StoreResult
} from '../../src/lib/store-client';
import { orderDoc } from '../../tests/helpers/order-docs';
import { photoDoc, productDoc } from '../../tests/helpers/product-docs';
import { openStoreWorker, type StoreWorker } from '../../tests/helpers/store-worker';
import { messageDoc, syncJobDoc } from '../../tests/helpers/sync-docs';
import { openConflictDoc } from '../conflicts/record';
import { addUnread } from '../sync/add-unread';
import { storeHandlers, type StoreApi } from './api';

const emptyWindow = { products: [], hasMore: false };

const T = '2026-01-27T10:00:00.000Z';
let worker: StoreWorker;
let db: KasirDatabase;
let store: StoreClient;

beforeEach(async () => {
	worker = await openStoreWorker();
	({ db, store } = worker);
});
afterEach(async () => {
	await worker.close();
});

/** Every answer a watch pushes, in order, and its stop. */
function follow<N extends StoreQueryName>(q: Parameters<StoreClient['watch']>[0] & { name: N }) {
	const seen: StoreResult<N>[] = [];
	const stop = store.watch<N>(q, (r) => seen.push(r));
	return { seen, stop, last: () => seen.at(-1) };
}

const order = (n: number, over: Partial<Parameters<typeof orderDoc>[0]> = {}) =>
	orderDoc({ local_id: `o${n}`, order_number: `o${n}`, created_at: T, business_date: '2026-01-27', ...over });

function transaction(n: number): TransactionDoc {
	return {
		local_id: `t${n}`,
		outlet_id: 'o',
		outlet_code: 'JKT-001',
		order_id: `o${n}`,
		total_amount: 10_000,
		payment_method: 'cash',
		cash_amount: 10_000,
		change_amount: 0,
		cashier_name: null,
		version: 1,
		created_at: T,
		updated_at: T,
		business_date: '2026-01-27',
		...NEVER_PUSHED
	};
}

describe('watch', () => {
	it('pushes the first answer and every change of the catalogue window, and nothing once stopped', async () => {
		await db.products.bulkInsert([
			productDoc({ id: 'p1', sku: 'A', name: 'Es Teh', brand_id: 'b1' }),
			productDoc({ id: 'p2', sku: 'B', name: 'Kopi', brand_id: null }),
			productDoc({ id: 'p3', sku: 'C', name: 'Bakso', brand_id: 'b2' })
		]);
		const w = follow({ name: 'catalogWindow', brandId: 'b1', categoryId: '', limit: 1 });
		await vi.waitFor(() => expect(w.last()).toBeDefined());
		// One row per brand key read, the merged window cut to the limit; more rows match.
		expect(w.last()).toEqual({
			products: [
				{
					id: 'p1',
					sku: 'A',
					name: 'Es Teh',
					price: 35000,
					category_id: 'cat',
					destination: 'kitchen',
					is_available: true,
					modifier_group_ids: [],
					stock: null
				}
			],
			hasMore: true
		});
		await (await db.products.findOne('p1').exec())?.incrementalPatch({ is_deleted: true });
		await vi.waitFor(() => expect(w.last()?.products.map((p) => p.id)).toEqual(['p2']));
		w.stop();
		const n = w.seen.length;
		await db.products.insert(productDoc({ id: 'p4', sku: 'D', name: 'Air', brand_id: 'b1' }));
		await new Promise((r) => setTimeout(r, 150));
		expect(w.seen).toHaveLength(n);
	});

	it("follows the products a first sync adds below RxDB's read (add-unread), with or without a known brand", async () => {
		const known = follow({ name: 'catalogWindow', brandId: 'b1', categoryId: '', limit: 10 });
		const any = follow({ name: 'catalogWindow', brandId: null, categoryId: '', limit: 10 });
		await vi.waitFor(() => expect([known.last(), any.last()]).toEqual([emptyWindow, emptyWindow]));
		// As the HO pull hands them to addUnread: derived fields filled in (no collection hook runs below RxDB).
		const rows = [
			productDoc({ id: 'p1', sku: 'A', name: 'Es Teh', brand_id: 'b1', brand_key: 'b1' }),
			productDoc({ id: 'p2', sku: 'B', name: 'Kopi', brand_id: 'b2', brand_key: 'b2' })
		];
		// Every row added below RxDB (none held, and the path taken: null would mean RxDB wrote them).
		expect(await addUnread(db.products, rows, 'ho')).toEqual([]);
		await vi.waitFor(() => expect(known.last()?.products.map((p) => p.id)).toEqual(['p1']));
		await vi.waitFor(() => expect(any.last()?.products.map((p) => p.id)).toEqual(['p1', 'p2']));
		known.stop();
		any.stop();
	});

	it('calls the first-window hook once, after the first catalogue window is handed over (no other query)', async () => {
		const seen: string[] = [];
		const { port1, port2 } = new MessageChannel();
		expose(
			storeHandlers({ db }, () => seen.push('hook')),
			port1
		);
		const hooked = storeClient(wrap<StoreApi>(port2));
		try {
			const stopCategories = hooked.watch({ name: 'categories' }, () => seen.push('categories'));
			await vi.waitFor(() => expect(seen).toEqual(['categories']));
			const stops = [1, 2].map((n) =>
				hooked.watch({ name: 'catalogWindow', brandId: null, categoryId: '', limit: 10 }, () =>
					seen.push(`window ${n}`)
				)
			);
			await vi.waitFor(() => expect(seen.filter((s) => s.startsWith('window'))).toHaveLength(2));
			await db.products.insert(productDoc({ id: 'p9', sku: 'Z', name: 'Air' }));
			await vi.waitFor(() => expect(seen.filter((s) => s.startsWith('window'))).toHaveLength(4));
			expect(seen.filter((s) => s === 'hook')).toHaveLength(1);
			// Not at the categories' answer: only at a catalogue window's.
			expect(seen.indexOf('hook')).toBeGreaterThan(seen.indexOf('categories'));
			stopCategories();
			for (const stop of stops) stop();
		} finally {
			port1.close();
			port2.close();
		}
	});

	it('answers the stored pending and failed counts with the ledger acknowledgements in one result', async () => {
		await db.orders.bulkInsert([order(1), order(2), order(3, { sync_status: 'failed', sync_error: 'x' })]);
		await db.transactions.insert(transaction(1));
		const w = follow({ name: 'pendingCounts' });
		await vi.waitFor(() =>
			expect(w.last()).toEqual({ orders: 2, transactions: 1, failed: 1, acked: { pending: 0, failed: 0 } })
		);
		const ack = (n: number, was: 'pending' | 'failed') => ({
			local_id: `o${n}`,
			version: 1,
			cloud_id: `c${n}`,
			synced_at: T,
			was,
			edited: false
		});
		const value: PushAckDoc = { acks: [ack(1, 'pending'), ack(3, 'failed')] };
		await db.meta.insert({ key: pushAckKey(), value, updated_at: T });
		await vi.waitFor(() =>
			expect(w.last()).toEqual({ orders: 2, transactions: 1, failed: 1, acked: { pending: 1, failed: 1 } })
		);
		await db.orders.insert(order(4));
		await vi.waitFor(() => expect(w.last()?.orders).toBe(3));
		w.stop();
	});

	it('answers the store document by id, null while it is absent', async () => {
		const w = follow({ name: 'store', id: 's1' });
		await vi.waitFor(() => expect(w.seen).toEqual([null]));
		const doc: StoreDoc = {
			id: 's1',
			company_id: 'c',
			brand_id: 'b1',
			code: 'JKT-001',
			name: 'Jakarta',
			address: '',
			timezone: 'Asia/Jakarta',
			config: {},
			table_count: 4,
			is_deleted: false,
			updated_at: T
		};
		await db.stores.insert(doc);
		await vi.waitFor(() => expect(w.last()).toEqual(doc));
		w.stop();
	});

	it('answers categories and modifier groups not deleted, photos cached, and a meta value', async () => {
		const category = (id: string, brand: string | null, sort: number, is_deleted = false) => ({
			id,
			company_id: 'c',
			brand_id: brand,
			name: `Category ${id}`,
			sort_order: sort,
			version: 1,
			is_deleted,
			updated_at: T
		});
		await db.categories.bulkInsert([
			category('k2', null, 2),
			category('k1', 'b1', 1),
			category('k3', null, 0, true)
		]);
		const cats = follow({ name: 'categories' });
		await vi.waitFor(() => expect(cats.last()?.map((c) => c.id)).toEqual(['k1', 'k2']));
		const group = (id: string, is_deleted: boolean) => ({
			id,
			company_id: 'c',
			name: `Group ${id}`,
			min_select: 0,
			max_select: 1,
			is_required: false,
			options: [{ id: `${id}-o`, name: 'Less sugar', price: 0 }],
			sort_order: 1,
			is_deleted,
			updated_at: T
		});
		await db.modifiers.bulkInsert([group('g1', false), group('g2', true)]);
		const groups = follow({ name: 'modifierGroups' });
		await vi.waitFor(() => expect(groups.last()).toEqual([group('g1', false)]));
		const photos = follow({ name: 'cachedPhotos' });
		await vi.waitFor(() => expect(photos.last()).toEqual([]));
		await db.photos.bulkInsert([photoDoc('p1', 'cached', T), photoDoc('p2', 'failed', T)]);
		await vi.waitFor(() => expect(photos.last()).toEqual(['p1']));
		const policy = follow({ name: 'meta', key: META.conflictPolicy });
		await vi.waitFor(() => expect(policy.seen).toEqual([undefined]));
		await db.meta.insert({ key: META.conflictPolicy, value: { price: 'cloud_wins' }, updated_at: T });
		await vi.waitFor(() => expect(policy.last()).toEqual({ price: 'cloud_wins' }));
		for (const w of [cats, groups, photos, policy]) w.stop();
	});

	it('answers conflicts by status and the products they name', async () => {
		const conflict = (id: string, localId: string): ConflictDoc =>
			openConflictDoc(
				{
					id,
					entity_type: 'product',
					cloud_id: localId,
					local_id: localId,
					field: 'price',
					cloud_value: 2,
					cloud_version: 2,
					cloud_updated_at: T,
					local_value: 1,
					local_version: 1,
					local_updated_at: T
				},
				T
			);
		await db.products.insert(productDoc({ id: 'p1', name: 'Es Teh', sku: 'ET', price: 8000, version: 3 }));
		await db.conflicts.bulkInsert([
			conflict('c1', 'p1'),
			{ ...conflict('c2', 'p2'), status: 'resolving' },
			{ ...conflict('c3', 'p1'), status: 'resolved', resolved_at: T }
		]);
		const waiting = follow({ name: 'conflicts', status: 'waiting' });
		const resolved = follow({ name: 'conflicts', status: 'resolved' });
		await vi.waitFor(() =>
			expect(
				waiting
					.last()
					?.map((c) => c.id)
					.sort()
			).toEqual(['c1', 'c2'])
		);
		await vi.waitFor(() => expect(resolved.last()?.map((c) => c.id)).toEqual(['c3']));
		const labels = follow({ name: 'productLabels', ids: ['p1', 'p2'] });
		await vi.waitFor(() =>
			expect(labels.last()).toEqual({
				p1: { id: 'p1', name: 'Es Teh', sku: 'ET', price: 8000, stock: null, version: 3 }
			})
		);
		await db.products.insert(productDoc({ id: 'p2', name: 'Kopi', sku: 'KP' }));
		await vi.waitFor(() => expect(Object.keys(labels.last() ?? {}).sort()).toEqual(['p1', 'p2']));
		for (const w of [waiting, resolved, labels]) w.stop();
	});

	it('answers the newest messages and sync jobs first, within their limits', async () => {
		const message = (i: number) => messageDoc({ id: `m${i}`, received_at: `2026-01-27T10:00:0${i}.000Z` });
		await db.messages.bulkInsert([1, 2, 3].map(message));
		const msgs = follow({ name: 'messages', limit: 2 });
		await vi.waitFor(() => expect(msgs.last()?.map((m) => m.id)).toEqual(['m3', 'm2']));
		await store.dismissMessage('m3');
		await vi.waitFor(() => expect(msgs.last()?.[0]).toMatchObject({ id: 'm3', dismissed: true }));
		expect(await store.pruneMessages(2)).toBe(1);
		expect((await db.messages.find().exec()).map((m) => m.id).sort()).toEqual(['m2', 'm3']);
		const job = (i: number) =>
			syncJobDoc({ id: `j${i}`, started_at: `2026-01-27T10:00:${String(i).padStart(2, '0')}.000Z` });
		await db.sync_jobs.bulkInsert(Array.from({ length: 22 }, (_, i) => job(i)));
		const jobs = follow({ name: 'syncJobs', limit: 20 });
		await vi.waitFor(() => expect(jobs.last()).toHaveLength(20));
		expect(jobs.last()?.[0]?.id).toBe('j21');
		expect(jobs.last()?.[19]?.id).toBe('j2');
		msgs.stop();
		jobs.stop();
	});
});

describe('reads', () => {
	beforeEach(async () => {
		await db.products.bulkInsert([
			productDoc({ id: 'p1', sku: 'KOP-1', name: 'Kopi Susu', brand_id: 'b1' }),
			productDoc({ id: 'p2', sku: 'KOP-2', name: 'Es Kopi', brand_id: null }),
			productDoc({ id: 'p3', sku: 'KOP-3', name: 'Kopi Other', brand_id: 'b2' }),
			productDoc({ id: 'p4', sku: 'KOP-4', name: 'Kopi Gone', brand_id: 'b1', is_deleted: true })
		]);
	});

	it('finds a product by id and by SKU within the brand, never a deleted one', async () => {
		expect((await store.findProduct('p1', 'b1'))?.name).toBe('Kopi Susu');
		expect(await store.findProduct('p3', 'b1')).toBeNull();
		expect((await store.findProduct('p3', null))?.name).toBe('Kopi Other');
		expect(await store.findProduct('p4', 'b1')).toBeNull();
		expect((await store.productBySku('KOP-2', 'b1'))?.id).toBe('p2');
		expect(await store.productBySku('KOP-3', 'b1')).toBeNull();
		expect(await store.productBySku('KOP-4', 'b1')).toBeNull();
		expect(await store.productBySku('', 'b1')).toBeNull();
	});

	it('searches by prefix; a "contains" scan answers its own search and stops once a newer one started', async () => {
		const found = await store.searchProducts('kop', 'b1', 10, 1);
		expect(found.products.map((p) => p.id)).toEqual(['p1', 'p2']);
		expect(found.full).toBe(false);
		expect(found.read).toBeGreaterThanOrEqual(2);
		const prefix = await store.searchProducts('kopi', 'b1', 10, 2);
		expect(prefix.products.map((p) => p.id)).toEqual(['p1']);
		expect(await store.searchContains('kopi', 'b1', 9, ['p1'], 2)).toEqual([
			expect.objectContaining({ id: 'p2', name: 'Es Kopi' })
		]);
		// A newer search (or a list) started: the older scan answers nothing.
		store.supersedeSearch(3);
		expect(await store.searchContains('kopi', 'b1', 9, ['p1'], 2)).toBeNull();
		await store.searchProducts('es', 'b1', 10, 4);
		expect(await store.searchContains('kopi', 'b1', 9, ['p1'], 3)).toBeNull();
	});
});

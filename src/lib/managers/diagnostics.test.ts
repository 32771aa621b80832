// Why: the diagnostics page's counts follow `meta`, which a sync writes once a page (the checkpoint and the pull log in
// one write): one read of every collection per write, one at a time, not one per document (real RxDB on fake-indexeddb).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { productDoc } from '../../../tests/helpers/product-docs';
import { openStoreWorker, type StoreWorker } from '../../../tests/helpers/store-worker';
import { WriteOver } from '../../../worker/sync/write-over';
import { followCounts } from './diagnostics.svelte';

let worker: StoreWorker;
beforeEach(async () => {
	worker = await openStoreWorker();
});
afterEach(async () => {
	await worker.close();
});

const at = (s: number) => `2026-01-27T10:00:${String(s).padStart(2, '0')}.000Z`;

describe('diagnostics counts', () => {
	it('reads them once per write of meta (a page: its checkpoint and log together) and ends on the last state', async () => {
		const { db } = worker;
		const reads = vi.spyOn(db.products, 'count');
		const seen: Record<string, number>[] = [];
		const counts = followCounts(db, (c) => seen.push(c));
		await counts.first;
		expect(seen).toEqual([expect.objectContaining({ products: 0, stores: 0 })]);
		expect(reads).toHaveBeenCalledTimes(1);

		// As the HO pull writes a page's checkpoint and log (worker/ho/pull.ts): one storage write of two documents.
		const meta = new WriteOver(db.meta, 'ho-pull');
		for (let page = 1; page <= 5; page++) {
			await db.products.insert(productDoc({ id: `p${page}`, sku: `S-${page}` }));
			await meta.write([
				{ key: 'checkpoint_products', value: String(page), updated_at: at(page) },
				{ key: 'pull_log', value: [page], updated_at: at(page) }
			]);
			await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ products: page }));
			await new Promise((r) => setTimeout(r, 20));
			expect(reads).toHaveBeenCalledTimes(1 + page);
		}

		counts.stop();
		await db.meta.upsert({ key: 'checkpoint_products', value: 'after', updated_at: at(30) });
		await new Promise((r) => setTimeout(r, 50));
		expect(reads).toHaveBeenCalledTimes(6);
	});
});

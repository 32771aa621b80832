// Why: the conflicts badge and the held-price note follow the worker's answers: open and resolving conflicts oldest first,
// the decided ones newest first, the products they name and the outlet policy, live (real store handlers over comlink).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { META } from '$lib/db/meta';
import type { ConflictDoc } from '$lib/db/types';
import { DEFAULT_CONFLICT_POLICY } from '$lib/domain/conflict';
import { productDoc } from '../../../tests/helpers/product-docs';
import { openStoreWorker, type StoreWorker } from '../../../tests/helpers/store-worker';
import { openConflictDoc } from '../../../worker/conflicts/record';
import { conflicts } from './conflicts.svelte';

let worker: StoreWorker;
beforeEach(async () => {
	worker = await openStoreWorker();
});
afterEach(async () => {
	await worker.close();
});

const at = (s: number) => `2026-01-27T10:00:${String(s).padStart(2, '0')}.000Z`;
function conflict(id: string, localId: string, field: string, created: number): ConflictDoc {
	const c = openConflictDoc(
		{
			id,
			entity_type: 'product',
			cloud_id: localId,
			local_id: localId,
			field,
			cloud_value: 2,
			cloud_version: 2,
			cloud_updated_at: at(0),
			local_value: 1,
			local_version: 1,
			local_updated_at: at(0)
		},
		at(created)
	);
	return { ...c, created_at: at(created) };
}

describe('conflicts manager', () => {
	it('lists waiting conflicts oldest first, decided ones newest first, names their products and follows the policy', async () => {
		const { db, store } = worker;
		await db.products.insert(productDoc({ id: 'p1', name: 'Es Teh', sku: 'ET', price: 8000 }));
		await db.conflicts.bulkInsert([
			conflict('c2', 'p1', 'price', 2),
			conflict('c1', 'p1', 'stock', 1),
			{ ...conflict('c3', 'p2', 'price', 3), status: 'resolving' },
			{ ...conflict('c4', 'p1', 'price', 4), status: 'resolved', resolved_at: at(5) },
			{ ...conflict('c5', 'p1', 'stock', 5), status: 'resolved', resolved_at: at(9) }
		]);
		conflicts.attach(store);
		await vi.waitFor(() => expect(conflicts.loaded).toBe(true));
		await vi.waitFor(() => expect(conflicts.resolved.map((c) => c.id)).toEqual(['c5', 'c4']));
		expect(conflicts.waiting.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
		expect(conflicts.openCount).toBe(2);
		expect(conflicts.heldFields).toEqual({ p1: ['stock', 'price'] });
		await vi.waitFor(() => expect(conflicts.productName({ local_id: 'p1' })).toBe('Es Teh'));
		expect(conflicts.products.p1).toEqual({
			id: 'p1',
			name: 'Es Teh',
			sku: 'ET',
			price: 8000,
			stock: null,
			version: 1
		});
		// A product not on the device yet is named by its id until it arrives.
		expect(conflicts.productName({ local_id: 'p2' })).toBe('p2');
		await db.products.insert(productDoc({ id: 'p2', name: 'Kopi', sku: 'KP' }));
		await vi.waitFor(() => expect(conflicts.productName({ local_id: 'p2' })).toBe('Kopi'));
		// Decided: it leaves the waiting list and the badge.
		await (
			await db.conflicts.findOne('c2').exec()
		)?.incrementalPatch({ status: 'resolved', resolved_at: at(30) });
		await vi.waitFor(() => expect(conflicts.resolved.map((c) => c.id)).toEqual(['c2', 'c5', 'c4']));
		await vi.waitFor(() => expect(conflicts.openCount).toBe(1));
		// The policy: the default until one is stored, a stored valid one, the default again for an invalid one.
		expect(conflicts.policy).toEqual(DEFAULT_CONFLICT_POLICY);
		await db.meta.insert({ key: META.conflictPolicy, value: { price: 'cloud_wins' }, updated_at: at(0) });
		await vi.waitFor(() => expect(conflicts.policy).toEqual({ price: 'cloud_wins' }));
		await db.meta.upsert({ key: META.conflictPolicy, value: { price: 'whatever' }, updated_at: at(1) });
		await vi.waitFor(() => expect(conflicts.policy).toEqual(DEFAULT_CONFLICT_POLICY));
	});
});

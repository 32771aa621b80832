// Why: an arrived conflict keeps the till on the cloud's value, the outlet policy resolves only the fields it names, and accepted edits move the product's version.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import { META, setMeta } from '../../src/lib/db/meta';
import type { ConflictDoc, ProductDoc } from '../../src/lib/db/types';
import { testCtx } from '../testing';
import { AUTO_RESOLVER, onConflictArrived, onProductUpdateSynced, watchConflicts } from './auto';
import { openConflictDoc } from './record';
import { productDoc } from '../../tests/helpers/product-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const T0 = '2026-01-27T11:20:00.000Z';
const T1 = '2026-01-27T11:22:00.000Z';

function product(over: Partial<ProductDoc> = {}): ProductDoc {
	return productDoc({ sku: 'NG', price: 38000, stock: 50, version: 3, updated_at: T1, ...over });
}

/** An open conflict as it arrives (built the way a push result or an event builds it). */
function conflict(id: string, field: string, cloud: unknown, local: unknown): ConflictDoc {
	return openConflictDoc(
		{
			id,
			entity_type: 'product',
			cloud_id: 'p1',
			local_id: 'p1',
			field,
			cloud_value: cloud,
			cloud_version: 4,
			cloud_updated_at: T0,
			local_value: local,
			local_version: 3,
			local_updated_at: T1
		},
		T1
	);
}

describe('conflict arrival', () => {
	it('holds the cloud price on the product and leaves a price conflict open for a manager (default policy)', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		await db.products.insert(product());
		await db.conflicts.insert(conflict('c-price', 'price', 40000, 38000));
		const r = await onConflictArrived(t.ctx, 'c-price');
		expect(r).toEqual({ id: 'c-price', heldCloudValue: true, auto: null });
		const p = await db.products.findOne('p1').exec();
		expect(p?.price).toBe(40000);
		expect(p?.version).toBe(4);
		const c = await db.conflicts.findOne('c-price').exec();
		expect(c?.status).toBe('open');
		expect(c?.auto).toBe(false);
		expect(c?.queued_resolution).toBeNull();
	});

	it('resolves a stock conflict on its own (newest_wins by default) and only once', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		await db.products.insert(product());
		await db.conflicts.insert(conflict('c-stock', 'stock', 100, 42));
		const r = await onConflictArrived(t.ctx, 'c-stock');
		expect(r?.auto).toBe('newest_wins');
		const c = (await db.conflicts.findOne('c-stock').exec())?.toMutableJSON();
		expect(c).toMatchObject({ status: 'resolving', auto: true, strategy: 'newest_wins' });
		expect(c?.queued_resolution).toMatchObject({ strategy: 'newest_wins', resolved_by: AUTO_RESOLVER });
		// The same conflict again (push result and event both carry it): nothing more happens.
		expect(await onConflictArrived(t.ctx, 'c-stock')).toBeNull();
	});

	it('follows the stored outlet policy: price local_wins resolves, stock ask waits', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		await db.products.insert(product());
		await setMeta(db, META.conflictPolicy, { price: 'local_wins', stock: 'ask' });
		await db.conflicts.bulkInsert([conflict('a', 'price', 40000, 38000), conflict('b', 'stock', 100, 42)]);
		expect((await onConflictArrived(t.ctx, 'a'))?.auto).toBe('local_wins');
		expect((await onConflictArrived(t.ctx, 'b'))?.auto).toBeNull();
		expect((await db.conflicts.findOne('b').exec())?.status).toBe('open');
	});

	it('an invalid stored policy falls back to the default instead of resolving anything it names', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		await db.products.insert(product());
		await setMeta(db, META.conflictPolicy, { price: 'whatever' });
		await db.conflicts.insert(conflict('a', 'price', 40000, 38000));
		expect((await onConflictArrived(t.ctx, 'a'))?.auto).toBeNull();
	});

	it('acts on the worker event bus, as the push and the stream announce conflicts', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		t.ctx.flags.role = 'leader';
		const w = watchConflicts(t.ctx);
		await db.products.insert(product());
		await db.conflicts.insert(conflict('c-stock', 'stock', 100, 42));
		t.ctx.bus.emit('conflict', { id: 'c-stock', entity_type: 'product', local_id: 'p1', field: 'stock' });
		t.ctx.bus.emit('conflict', { id: 'c-stock', entity_type: 'product', local_id: 'p1', field: 'stock' });
		// Until the decision is queued (the test timeout is the limit, not a count of polls a busy machine may outlast).
		while ((await db.conflicts.findOne('c-stock').exec())?.status !== 'resolving')
			await new Promise((r) => setTimeout(r, 20));
		expect((await db.conflicts.findOne('c-stock').exec())?.status).toBe('resolving');
		expect((await db.products.findOne('p1').exec())?.stock).toBe(100);
		w.stop();
	});
});

describe('accepted outlet edits', () => {
	it('moves the product to the version the cloud answered, and ignores conflict answers', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		await db.products.insert(product({ price: 30000 }));
		const base = {
			product_id: 'p1',
			changes: { price: 30000 },
			synced_at: T1,
			sync_status: 'synced' as const
		};
		expect(
			await onProductUpdateSynced(t.ctx, { ...base, result: { status: 'conflict', conflicts: [] } })
		).toBe(false);
		expect(await onProductUpdateSynced(t.ctx, { ...base, result: { status: 'success', version: 4 } })).toBe(
			true
		);
		const p = await db.products.findOne('p1').exec();
		expect(p?.version).toBe(4);
		expect(p?.price).toBe(30000);
		// An older answer never rolls the product back.
		expect(
			await onProductUpdateSynced(t.ctx, {
				...base,
				changes: { price: 1 },
				result: { status: 'success', version: 2 }
			})
		).toBe(false);
		expect((await db.products.findOne('p1').exec())?.price).toBe(30000);
	});
});

// Why: an outlet edit changes the till at once and leaves exactly one outbox entry based on the product's version; nothing is written for no change or bad input.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase, type ProductDoc } from '$lib/db';
import { diffProduct, editProduct } from './conflicts';
import { productDoc } from '../../../tests/helpers/product-docs';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const T = '2026-01-27T10:00:00.000Z';
const product: ProductDoc = productDoc({ sku: 'NG', stock: 50, version: 2, updated_at: T });

describe('outlet product edits', () => {
	it('keeps only the fields that differ and refuses bad input', () => {
		expect(diffProduct(product, { price: 35000, stock: 50, is_available: true })).toEqual({
			ok: false,
			error: 'nothing_changed'
		});
		expect(diffProduct(product, { price: 30000, stock: 50 })).toEqual({
			ok: true,
			changes: { price: 30000 }
		});
		expect(diffProduct(product, { stock: null })).toEqual({ ok: true, changes: { stock: null } });
		expect(diffProduct(product, { price: 1.5 })).toEqual({ ok: false, error: 'invalid_price' });
		expect(diffProduct(product, { price: Number.NaN })).toEqual({ ok: false, error: 'invalid_price' });
		expect(diffProduct(product, { stock: -1 })).toEqual({ ok: false, error: 'invalid_stock' });
	});

	it('applies the change to the till and queues one pending outbox entry on the current version', async () => {
		db = await openDatabase({
			name: `svc_${crypto.randomUUID().slice(0, 8)}`,
			indexedDB,
			IDBKeyRange,
			multiInstance: false
		});
		await db.products.insert(product);
		const r = await editProduct(db, 'p1', { price: 30000, stock: 50, is_available: true });
		expect(r.ok).toBe(true);
		const p = (await db.products.findOne('p1').exec())?.toMutableJSON();
		expect(p?.price).toBe(30000);
		// The version stays the cloud's until the cloud accepts the change.
		expect(p?.version).toBe(2);
		const outbox = (await db.product_updates.find().exec()).map((d) => d.toMutableJSON());
		expect(outbox).toHaveLength(1);
		expect(outbox[0]).toMatchObject({
			product_id: 'p1',
			changes: { price: 30000 },
			base_version: 2,
			sync_status: 'pending',
			result: null
		});
		expect(await editProduct(db, 'p1', { price: 30000 })).toEqual({ ok: false, error: 'nothing_changed' });
		expect(await editProduct(db, 'nope', { price: 1 })).toEqual({ ok: false, error: 'not_found' });
		expect(await db.product_updates.count().exec()).toBe(1);
	});

	it('a second edit while the first still waits joins it (one entry, one base version)', async () => {
		db = await openDatabase({
			name: `svc_${crypto.randomUUID().slice(0, 8)}`,
			indexedDB,
			IDBKeyRange,
			multiInstance: false
		});
		await db.products.insert(product);
		await editProduct(db, 'p1', { price: 30000 });
		const r = await editProduct(db, 'p1', { stock: 40 });
		expect(r.ok && r.update).toMatchObject({
			changes: { price: 30000, stock: 40 },
			base_version: 2,
			version: 2,
			sync_status: 'pending'
		});
		expect(await db.product_updates.count().exec()).toBe(1);
		// Once sent, the next edit is a new entry.
		const sent = (await db.product_updates.find().exec())[0];
		await sent?.incrementalPatch({ sync_status: 'synced' });
		await editProduct(db, 'p1', { price: 31000 });
		expect(await db.product_updates.count().exec()).toBe(2);
		expect((await db.products.findOne('p1').exec())?.toMutableJSON()).toMatchObject({
			price: 31000,
			stock: 40,
			version: 2
		});
	});
});

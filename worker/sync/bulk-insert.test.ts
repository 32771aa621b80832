// Why: the HO pull's page write inserts without reading first; held documents must come back to `merge`, equal versions
// must write nothing (revisions stay), a newer version must keep what the device owns (photo_id), and the change must
// reach queries and documents read through the collection.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import type { ProductDoc } from '../../src/lib/db/types';
import { hoProductRow } from '../../tests/helpers/product-docs';
import { insertOrMerge } from './bulk-insert';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

/** An HO row as the pull maps it (the wire shape through `productDoc`). */
const row = (id: string, version: number, name = `Produk ${id}`, brand: string | null = 'b1'): ProductDoc =>
	hoProductRow(id, { version, name, brand });

/** What the HO pull passes: equal version and time → keep; otherwise the row, with the stored photo kept. */
const merge = (r: ProductDoc, e: ProductDoc): ProductDoc | null =>
	e.version === r.version && e.updated_at === r.updated_at && e.is_deleted === r.is_deleted
		? null
		: { ...r, photo_id: e.photo_id ?? null };

describe('insertOrMerge', () => {
	it('inserts new rows, skips equal versions, updates newer ones keeping the stored photo', async () => {
		db = await openDatabase({ name: `bi_${crypto.randomUUID().slice(0, 8)}`, multiInstance: false });
		const first = [row('p1', 1), row('p2', 1, 'Teh Manis', null), row('p3', 1)];
		expect((await insertOrMerge(db.products, first, merge, 'test')).written).toBe(3);
		const p2 = await db.products.findOne('p2').exec();
		expect(p2?.brand_key).toBe('');
		expect((await db.products.findOne('p1').exec())?.brand_key).toBe('b1');
		// The index the selling screen reads holds the written rows.
		const byName = await db.products
			.find({ selector: { is_deleted: false, brand_key: '', name_lower: { $gte: 'teh' } } })
			.exec();
		expect(byName.map((d) => d.id)).toEqual(['p2']);

		await (await db.products.findOne('p1').exec())!.incrementalPatch({ photo_id: 'ph1' });
		const revs = new Map((await db.products.find().exec()).map((d) => [d.id, d.revision]));

		// The same page again: nothing written, no revision moves.
		expect((await insertOrMerge(db.products, first, merge, 'test')).written).toBe(0);
		for (const d of await db.products.find().exec()) expect(d.revision).toBe(revs.get(d.id));

		// A newer version of p1 and a new p4: two written; p1 keeps its photo, p3 is untouched.
		const second = [row('p1', 2, 'Kopi Susu'), row('p3', 1), row('p4', 1)];
		expect((await insertOrMerge(db.products, second, merge, 'test')).written).toBe(2);
		const p1 = await db.products.findOne('p1').exec();
		expect(p1?.toJSON()).toMatchObject({ name: 'Kopi Susu', version: 2, photo_id: 'ph1', brand_key: 'b1' });
		expect((await db.products.findOne('p3').exec())?.revision).toBe(revs.get('p3'));
		expect(await db.products.count().exec()).toBe(4);
	});
});

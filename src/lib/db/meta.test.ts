// Why: order numbers come from a meta counter that must never hand out the same number twice, even under concurrent calls.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { checkpointKey, getMeta, keyPrefix, listCompanies, nextCounter, setMeta } from './meta';

describe('meta', () => {
	it('stores values, lists by prefix, and counts without duplicates', async () => {
		const db = await openDatabase({ name: `m${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		try {
			await setMeta(db, checkpointKey('products'), '2026-01-27T10:00:00.123456Z');
			expect(await getMeta(db, checkpointKey('products'))).toBe('2026-01-27T10:00:00.123456Z');
			await setMeta(db, 'company:c1', { id: 'c1', name: 'Nusantara Rasa Group' });
			await setMeta(db, 'brand:b1', { id: 'b1' });
			expect((await listCompanies(db)).map((c) => c.id)).toEqual(['c1']);
			const got = await Promise.all(Array.from({ length: 20 }, () => nextCounter(db, 'orders:2026-01-27')));
			expect(new Set(got).size).toBe(20);
			expect(Math.max(...got)).toBe(20);
		} finally {
			await db.remove();
		}
	});

	it('lists a prefix as a range of the key: the documents a `^prefix` regex matches, none other read', async () => {
		const db = await openDatabase({ name: `m${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		try {
			// Keys around the prefixes' edges: a shift's summary and entries sort before `shift:` ('-' < ':').
			const keys = [
				'shif',
				'shift',
				'shift-orders:s1',
				'shift-orders:s1:entries',
				'shift:',
				'shift:s1',
				'shift:s2',
				'shift:zz\u00ff',
				'shift;',
				'shiftx',
				'draft:t1',
				'draft:',
				'drafts',
				'counter:order:ORD-x',
				'counter:orders',
				'counter:report-days:epoch'
			];
			for (const key of keys) await setMeta(db, key, key);
			for (const prefix of ['shift:', 'draft:', 'counter:order:', 'reconcile:', 'checkpoint:ho:']) {
				const ranged = await db.meta.find({ selector: keyPrefix(prefix) }).exec();
				const matched = await db.meta.find({ selector: { key: { $regex: `^${prefix}` } } }).exec();
				expect(ranged.map((d) => d.key)).toEqual(matched.map((d) => d.key));
				expect(ranged.map((d) => d.key)).toEqual(keys.filter((k) => k.startsWith(prefix)).sort());
				// The range is read from the primary key's index; the regex walks every document.
				const plan = db.meta.find({ selector: keyPrefix(prefix) }).getPreparedQuery().queryPlan;
				expect(plan.selectorSatisfiedByIndex).toBe(true);
				expect(plan.startKeys).toEqual([false, prefix]);
			}
		} finally {
			await db.remove();
		}
	});
});

// Why: order numbers come from a meta counter that must never hand out the same number twice, even under concurrent calls.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { checkpointKey, getMeta, listCompanies, nextCounter, setMeta } from './meta';

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
});

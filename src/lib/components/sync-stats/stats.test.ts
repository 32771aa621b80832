// Why: the statistics panel reads real counts, waiting changes, per-stream times and the last error from the local database.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	META,
	checkpointKey,
	openDatabase,
	setMeta,
	type KasirDatabase,
	type ProductUpdateDoc
} from '$lib/db';
import { readSyncStats } from '$lib/services/sync-stats.service';
import { errorKind } from '$lib/domain/errors';
import { formatBytes } from './stats';

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

const T = '2026-01-27T10:00:00.000Z';
const update = (id: string, sync_status: ProductUpdateDoc['sync_status']): ProductUpdateDoc => ({
	id,
	product_id: 'p1',
	changes: { price: 1000 },
	base_version: 1,
	version: 1,
	result: null,
	created_at: T,
	updated_at: T,
	cloud_id: null,
	synced_version: 0,
	synced_at: null,
	sync_status,
	sync_error: null,
	sync_attempts: 0,
	next_attempt_at: null
});

describe('sync statistics', () => {
	it('counts documents and waiting changes, lists each stream with its last success, keeps the last error', async () => {
		db = await openDatabase({
			name: `stats_${crypto.randomUUID().slice(0, 8)}`,
			indexedDB,
			IDBKeyRange,
			multiInstance: false
		});
		await db.product_updates.bulkInsert([
			update('a', 'pending'),
			update('b', 'failed'),
			update('c', 'synced')
		]);
		await setMeta(db, checkpointKey('products'), '2026-01-27T09:00:00.000000Z');
		await setMeta(db, META.lastPush, T);
		await setMeta(db, META.eventsLastId, 42);
		await setMeta(db, META.lastError, { code: 'offline', message: 'fetch failed', at: T });
		const s = await readSyncStats(db);
		expect(s.counts.find((c) => c.name === 'product_updates')?.count).toBe(3);
		expect(s.counts.find((c) => c.name === 'orders')?.count).toBe(0);
		expect(s.counts).toHaveLength(13);
		expect(s.waiting).toEqual({ orders: 0, transactions: 0, product_updates: 2, resolutions: 0, failed: 1 });
		expect(s.streams.map((x) => x.id)).toEqual(['ho:master', 'ho:products', 'cloud:pull', 'cloud:push']);
		expect(s.streams.find((x) => x.id === 'cloud:push')?.at).toBe(T);
		expect(s.streams.find((x) => x.id === 'cloud:pull')?.at).toBeNull();
		expect(s.streams.find((x) => x.id === 'ho:products')?.detail).toBe('2026-01-27T09:00:00.000000Z');
		expect(s.lastError).toEqual({ code: 'offline', message: 'fetch failed', at: T });
		expect(errorKind(s.lastError?.code ?? '')).toBe('unreachable');
		expect(s.lastEventId).toBe(42);
	});

	it('formats storage sizes', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(4 * 1024 * 1024)).toBe('4 MB');
		expect(formatBytes(1536, 'en-GB')).toBe('1.5 KB');
	});
});

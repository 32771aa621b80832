// Why: leadership terms against a real RxDB and the real cloud: a leader taken over while its batch was out writes nothing back, and the overlap doubles nothing.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BatchResponse } from '../../src/lib/contract/cloud';
import { makeOrders } from '../../tests/e2e/replication-support';
import { pushPending } from '../cloud/push';
import { cloudOrderCount, demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { FencedError, LEADER_EPOCH_KEY, Lease } from './lease';

const h = workerHarness();

describe('leadership terms', () => {
	it('each claim takes a higher epoch and fences every earlier term', async () => {
		const t = await h.open();
		const db = t.db;
		const first = await Lease.claim(db, 'tab-a');
		const second = await Lease.claim(db, 'tab-b');
		expect(second.epoch).toBe(first.epoch + 1);
		await expect(second.assertCurrent()).resolves.toBeUndefined();
		await expect(first.assertCurrent()).rejects.toBeInstanceOf(FencedError);
		expect(await first.isCurrent()).toBe(false);
	});

	it('a claim on a device that holds the epoch record writes meta once (the epoch), not a refused insert first', async () => {
		const t = await h.open();
		const db = t.db;
		const first = await Lease.claim(db, 'tab-a');
		const storage = db.meta.storageInstance;
		const write = storage.bulkWrite.bind(storage);
		const writes: number[] = [];
		storage.bulkWrite = (rows, context) => {
			writes.push(rows.length);
			return write(rows, context);
		};
		try {
			const second = await Lease.claim(db, 'tab-b');
			expect(second.epoch).toBe(first.epoch + 1);
		} finally {
			storage.bulkWrite = write;
		}
		expect(writes).toEqual([1]);
		expect((await db.meta.findOne(LEADER_EPOCH_KEY).exec())?.toJSON().value).toMatchObject({
			epoch: first.epoch + 1,
			instance: 'tab-b'
		});
	});

	it('a leader taken over while its batch was out writes nothing back; the cloud holds each sale once', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const before = await cloudOrderCount(h.url, outletId);
		await db.orders.bulkInsert(makeOrders(outletId, 30, 9001));

		const zombieLease = await Lease.claim(db, 'zombie');
		const zombie = { ...t.ctx, fence: zombieLease };
		let successor: Lease | undefined;
		let zombieSyncedAt = '';
		const real = t.ctx.fetch;
		zombie.fetch = async (input, init) => {
			const res = await real(input, init);
			if (!successor && String(input).endsWith('/sync/batch')) {
				zombieSyncedAt = BatchResponse.parse(await res.clone().json()).data.synced_at;
				// The zombie hangs here with the answer in hand; another tab takes over and pushes the same sales.
				successor = await Lease.claim(t.db, 'successor');
				const sum = await pushPending({ ...t.ctx, fence: successor });
				expect(sum).toMatchObject({ sent: 30, synced: 30, failed: 0 });
			}
			return res;
		};
		await expect(pushPending(zombie)).rejects.toBeInstanceOf(FencedError);

		const local = (await db.orders.find().exec()).map((d) => d.toMutableJSON());
		expect(local).toHaveLength(30);
		expect(local.every((o) => o.sync_status === 'synced' && o.cloud_id)).toBe(true);
		// The woken zombie's older answer was not written over the successor's.
		expect(zombieSyncedAt).not.toBe('');
		expect(local.filter((o) => o.synced_at === zombieSyncedAt)).toEqual([]);
		expect(new Set(local.map((o) => o.cloud_id)).size).toBe(30);
		expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 30);
	}, 120_000);
});

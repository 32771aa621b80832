// Why: the acknowledgement ledger's fold rule and its in-memory index: what the counts subtract, and when they stop.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { orderDoc } from '../../../tests/helpers/order-docs';
import { ackCounts, watchAckCounts } from './acks';
import { openDatabase } from './database';
import { AckIndex, foldAck, pushAckKey, type AckCounts, type PushAck, type PushAckDoc } from './push-ack';
import { PENDING } from './push-state';

const now = '2026-01-27T10:00:00.000Z';
const order = (n: number) =>
	orderDoc({ local_id: `o${n}`, order_number: `o${n}`, created_at: now, business_date: '2026-01-27' });
const ack = (n: number, over: Partial<PushAck> = {}): PushAck => ({
	local_id: `o${n}`,
	version: 1,
	cloud_id: `c${n}`,
	synced_at: now,
	was: 'pending',
	edited: false,
	...over
});

describe('foldAck', () => {
	it('writes what the push write-back writes for a success, and nothing the second time', () => {
		const next = foldAck(order(1), ack(1))!;
		expect(next).toMatchObject({
			cloud_id: 'c1',
			synced_version: 1,
			synced_at: now,
			sync_status: 'synced',
			sync_error: null,
			sync_attempts: 0,
			next_attempt_at: null
		});
		expect(foldAck(next, ack(1))).toBeNull();
	});

	it('an order edited since keeps its edit and stays pending, with the acknowledged version; a newer fold wins', () => {
		const edited = { ...order(1), version: 2, status: 'paid' as const, ...PENDING };
		expect(foldAck(edited, ack(1))).toMatchObject({
			version: 2,
			status: 'paid',
			sync_status: 'pending',
			synced_version: 1,
			cloud_id: 'c1'
		});
		const newer = { ...edited, synced_version: 2, sync_status: 'synced' as const };
		expect(foldAck(newer, ack(1))).toBeNull();
	});
});

describe('AckIndex', () => {
	it('counts unfolded acknowledgements by the status they left, and drops an order once edited or folded', async () => {
		const db = await openDatabase({ name: `a${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		try {
			await db.orders.bulkInsert([1, 2, 3].map(order));
			const index = new AckIndex(db);
			await index.ready;
			const seen: number[] = [];
			index.subscribe((c) => seen.push(c.pending + c.failed));
			const value: PushAckDoc = { acks: [ack(1), ack(2), ack(3, { was: 'failed' })] };
			const key = pushAckKey();
			await db.meta.insert({ key, value, updated_at: now });
			expect(index.counts()).toEqual({ pending: 2, failed: 1 });
			expect(index.acknowledged(order(1))).toBe(true);
			expect(index.effective(order(1)).sync_status).toBe('synced');
			// Edited: pending again.
			await (await db.orders.findOne('o1').exec())!.incrementalModify((d) => ({ ...d, version: 2 }));
			expect(index.counts()).toEqual({ pending: 1, failed: 1 });
			expect(index.effective({ ...order(1), version: 2 }).sync_status).toBe('pending');
			// Folded: no longer subtracted from the stored counts (the order itself now says synced).
			const o2 = (await db.orders.findOne('o2').exec())!;
			await o2.incrementalModify((d) => foldAck(d, ack(2))!);
			expect(index.counts()).toEqual({ pending: 0, failed: 1 });
			// The ledger document deleted: nothing left.
			await (await db.meta.findOne(key).exec())!.remove();
			expect(index.counts()).toEqual({ pending: 0, failed: 0 });
			expect(index.size).toBe(0);
			expect(seen).toEqual([0, 3, 2, 1, 0]);
			// A new index over ledger documents left by a crash checks them against their orders.
			await db.meta.insert({ key: pushAckKey(), value, updated_at: now });
			const reopened = new AckIndex(db);
			await reopened.ready;
			expect(reopened.counts()).toEqual({ pending: 0, failed: 1 }); // o1 edited, o2 folded, o3 not
			index.stop();
			reopened.stop();
		} finally {
			await db.remove();
		}
	});

	it('is loaded for the counts only once a ledger document exists (ackCounts, watchAckCounts)', async () => {
		const db = await openDatabase({ name: `w${Date.now()}`, indexedDB, IDBKeyRange, multiInstance: false });
		try {
			await db.orders.bulkInsert([1, 2].map(order));
			expect(await ackCounts(db)).toEqual({ pending: 0, failed: 0 });
			const seen: AckCounts[] = [];
			const stop = watchAckCounts(db, (c) => seen.push(c));
			const value: PushAckDoc = { acks: [ack(1), ack(2, { was: 'failed' })] };
			await db.meta.insert({ key: pushAckKey(), value, updated_at: now });
			await vi.waitFor(() => expect(seen.at(-1)).toEqual({ pending: 1, failed: 1 }));
			expect(await ackCounts(db)).toEqual({ pending: 1, failed: 1 });
			stop();
		} finally {
			await db.remove();
		}
	});
});

// Why: the acknowledgement ledger against the real cloud and real RxDB: acknowledged orders count as sent before the
// fold, a crash between the ledger write and the fold loses and doubles nothing, an edit made before the fold goes out.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BatchRequest } from '../../src/lib/contract/cloud';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import { PENDING } from '../../src/lib/db/push-state';
import { PUSH_ACK_PREFIX, pushAckRange } from '../../src/lib/db/acks';
import type { OrderDoc } from '../../src/lib/db/types';
import { readSyncStats } from '../../src/lib/services/sync-stats.service';
import { createCtx, type Ctx } from '../context';
import { EventBus } from '../events';
import { platformLocks } from '../net/locks';
import { computeState } from '../state/state';
import { cloudOrderCount, demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { foldAcks } from './ack-ledger';
import { pushPending } from './push';
import { paidOrders } from '../../tests/helpers/order-docs';

const h = workerHarness();

/** A database by name (so the test can close it and open it again, as a restarted app does) and its context. */
async function openNamed(name: string): Promise<{ ctx: Ctx; db: KasirDatabase }> {
	const db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
	const ctx = createCtx({ db, locks: platformLocks(), bus: new EventBus(), origin: h.url });
	return { ctx, db };
}

/**
 * Holds the push right after its first ledger document is stored (an RxDB hook on the meta insert, run after the
 * storage write): `stored` resolves then, and the push goes on (to its fold) only once `release` is called.
 */
function holdAfterLedgerWrite(db: KasirDatabase): { stored: Promise<void>; release: () => void } {
	let release = () => {};
	let stored = () => {};
	const held = new Promise<void>((r) => (release = r));
	const storedP = new Promise<void>((r) => (stored = r));
	let once = false;
	db.meta.postInsert(async (data) => {
		if (once || !data.key.startsWith(PUSH_ACK_PREFIX)) return;
		once = true;
		stored();
		await held;
	}, false);
	return { stored: storedP, release };
}

const ledgerDocs = (db: KasirDatabase) => db.meta.count({ selector: pushAckRange }).exec();

const stored = (db: KasirDatabase, sync_status: OrderDoc['sync_status']) =>
	db.orders.count({ selector: { sync_status } }).exec();

describe('push acknowledgement ledger', () => {
	it('counts acknowledged orders as sent before the fold; the fold makes them synced and deletes its ledger', async () => {
		const t = await h.open();
		const { outletId } = await demoOutlet(t.ctx, h.url);
		await t.db.orders.bulkInsert(paidOrders(outletId, 300, 'L'));
		const hold = holdAfterLedgerWrite(t.db);
		const round = pushPending(t.ctx);
		await hold.stored;
		// Stored as pending, acknowledged in the ledger: what the till and the settings show counts them as sent.
		expect(await stored(t.db, 'pending')).toBe(300);
		expect(await ledgerDocs(t.db)).toBe(1);
		expect((await computeState(t.ctx)).pending).toMatchObject({ orders: 0, failed: 0 });
		expect((await readSyncStats(t.db)).waiting).toMatchObject({ orders: 0, failed: 0 });
		hold.release();
		expect(await round).toMatchObject({ sent: 300, synced: 300, failed: 0 });
		expect(await stored(t.db, 'synced')).toBe(300);
		expect(await ledgerDocs(t.db)).toBe(0);
		expect((await computeState(t.ctx)).pending.orders).toBe(0);
		// Folding again writes nothing.
		expect(await foldAcks(t.ctx)).toBe(0);
	}, 60_000);

	it('a crash after the ledger write and before the fold: reopened, the counts are right, the fold completes and nothing is sent twice', async () => {
		const name = `ledger_${crypto.randomUUID().slice(0, 8)}`;
		let t = await openNamed(name);
		try {
			const { outletId } = await demoOutlet(t.ctx, h.url);
			const before = await cloudOrderCount(h.url, outletId);
			await t.db.orders.bulkInsert(paidOrders(outletId, 400, 'M'));
			const hold = holdAfterLedgerWrite(t.db);
			const round = pushPending(t.ctx).then(
				() => 'finished',
				() => 'failed'
			);
			await hold.stored;
			// The app stops here: the database closes with the ledger stored and no order folded.
			await t.db.close();
			hold.release();
			expect(await round).toBe('failed');

			t = await openNamed(name);
			expect(await stored(t.db, 'pending')).toBe(400);
			expect(await ledgerDocs(t.db)).toBe(1);
			expect((await computeState(t.ctx)).pending).toMatchObject({ orders: 0, failed: 0 });
			let batches = 0;
			const real = t.ctx.fetch;
			t.ctx.fetch = async (input, init) => {
				if (String(input).endsWith('/sync/batch')) batches++;
				return real(input, init);
			};
			// The next round folds first, then finds nothing to send.
			expect((await pushPending(t.ctx)).sent).toBe(0);
			expect(batches).toBe(0);
			expect(await stored(t.db, 'synced')).toBe(400);
			const local = (await t.db.orders.find().exec()).map((d) => d.toMutableJSON());
			expect(local.every((o) => o.cloud_id && o.synced_version === 1 && o.synced_at)).toBe(true);
			expect(new Set(local.map((o) => o.cloud_id)).size).toBe(400);
			expect(await ledgerDocs(t.db)).toBe(0);
			expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 400);
		} finally {
			await t.db.remove();
		}
	}, 60_000);

	it('a crash during the fold (orders folded, ledger not deleted): the next fold writes nothing and deletes it', async () => {
		const t = await h.open();
		const { outletId } = await demoOutlet(t.ctx, h.url);
		await t.db.orders.bulkInsert(paidOrders(outletId, 50, 'N'));
		// The ledger document as the push stored it, kept aside and put back after the fold deleted it.
		let copy: { key: string; value: unknown; updated_at: string } | null = null;
		const sub = t.db.meta.insert$.subscribe((e) => {
			if (e.documentData.key.startsWith(PUSH_ACK_PREFIX)) copy ??= structuredClone(e.documentData);
		});
		await pushPending(t.ctx);
		sub.unsubscribe();
		expect(copy).not.toBeNull();
		const synced = (await t.db.orders.find().exec()).map((d) => d.toMutableJSON());
		await t.db.meta.insert({ key: copy!.key, value: copy!.value, updated_at: copy!.updated_at });
		expect((await computeState(t.ctx)).pending.orders).toBe(0);
		expect(await foldAcks(t.ctx)).toBe(0);
		expect(await ledgerDocs(t.db)).toBe(0);
		expect((await t.db.orders.find().exec()).map((d) => d.toMutableJSON())).toEqual(synced);
	}, 60_000);

	it('an order edited after its acknowledgement and before the fold stays pending and is pushed again with its edit', async () => {
		const t = await h.open();
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const before = await cloudOrderCount(h.url, outletId);
		const docs = paidOrders(outletId, 20, 'P');
		await t.db.orders.bulkInsert(docs.map((o) => ({ ...o, status: 'open', payment_info: null })));
		const edited = docs[3]!.local_id;
		const hold = holdAfterLedgerWrite(t.db);
		const round = pushPending(t.ctx);
		await hold.stored;
		await (await t.db.orders.findOne(edited).exec())!.incrementalModify((d) => ({
			...d,
			status: 'paid',
			version: d.version + 1,
			...PENDING,
			updated_at: new Date().toISOString()
		}));
		// The edit is not sent yet: it counts as pending while the other 19 count as sent.
		expect((await computeState(t.ctx)).pending.orders).toBe(1);
		hold.release();
		await round;
		let d = (await t.db.orders.findOne(edited).exec())!.toMutableJSON();
		expect(d).toMatchObject({ sync_status: 'pending', version: 2, synced_version: 1, status: 'paid' });
		expect(d.cloud_id).toBeTruthy();
		expect(await stored(t.db, 'synced')).toBe(19);
		const sent: { operation: string; data: { local_id: string; version: number; status: string } }[] = [];
		const real = t.ctx.fetch;
		t.ctx.fetch = async (input, init) => {
			if (String(input).endsWith('/sync/batch'))
				sent.push(...(BatchRequest.parse(JSON.parse(String(init?.body))).items as unknown as typeof sent));
			return real(input, init);
		};
		expect((await pushPending(t.ctx)).synced).toBe(1);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			operation: 'update',
			data: { local_id: edited, version: 2, status: 'paid' }
		});
		const cloudId = d.cloud_id;
		d = (await t.db.orders.findOne(edited).exec())!.toMutableJSON();
		expect(d).toMatchObject({ sync_status: 'synced', synced_version: 2, cloud_id: cloudId });
		expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 20);
		expect(await ledgerDocs(t.db)).toBe(0);
	}, 60_000);
});

// Why: the push against the real cloud: batches of ≤1000, per-item write-back, idempotent retries (lost response), in-flight edits stay pending.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { BatchRequest } from '../../src/lib/contract/cloud';
import { NetError } from '../net/errors';
import { cloudOrderCount, demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { pushPending } from './push';
import { paidOrders } from '../../tests/helpers/order-docs';

const h = workerHarness();

describe('cloud push', () => {
	it('sends 1,200 orders in batches of at most 1000 and writes every result back', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const before = await cloudOrderCount(h.url, outletId);
		const sizes: number[] = [];
		const real = t.ctx.fetch;
		t.ctx.fetch = async (input, init) => {
			if (String(input).endsWith('/sync/batch'))
				sizes.push(BatchRequest.parse(JSON.parse(String(init?.body))).items.length);
			return real(input, init);
		};
		await db.orders.bulkInsert(paidOrders(outletId, 1200, 'A'));
		const t0 = performance.now();
		const sum = await pushPending(t.ctx);
		console.log(
			`[figure] pushed 1,200 orders (Node, fake-indexeddb): ${Math.round(performance.now() - t0)} ms`
		);
		expect(sum).toMatchObject({ sent: 1200, synced: 1200, failed: 0 });
		expect(sizes).toEqual([1000, 200]);
		const local = (await db.orders.find().exec()).map((d) => d.toMutableJSON());
		expect(
			local.every((o) => o.sync_status === 'synced' && o.cloud_id && o.synced_version === 1 && o.synced_at)
		).toBe(true);
		expect(new Set(local.map((o) => o.cloud_id)).size).toBe(1200);
		expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 1200);
		// Nothing left: a second round sends nothing.
		expect((await pushPending(t.ctx)).sent).toBe(0);
	}, 120_000);

	it('sends a round of 2,000 orders as two full batches: no smaller batches at its end', async () => {
		const t = await h.open();
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const sizes: number[] = [];
		const real = t.ctx.fetch;
		t.ctx.fetch = async (input, init) => {
			if (String(input).endsWith('/sync/batch'))
				sizes.push(BatchRequest.parse(JSON.parse(String(init?.body))).items.length);
			return real(input, init);
		};
		await t.db.orders.bulkInsert(paidOrders(outletId, 2000, 'T'));
		expect(await pushPending(t.ctx)).toMatchObject({ sent: 2000, synced: 2000, failed: 0 });
		expect(sizes).toEqual([1000, 1000]);
		expect(await t.db.orders.count({ selector: { sync_status: 'synced' } }).exec()).toBe(2000);
	}, 120_000);

	it('a lost response (network cut after the server got the batch) is retried without doubles', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const before = await cloudOrderCount(h.url, outletId);
		await db.orders.bulkInsert(paidOrders(outletId, 50, 'B'));
		const real = t.ctx.fetch;
		let cut = true;
		t.ctx.fetch = async (input, init) => {
			const res = await real(input, init);
			if (cut && String(input).endsWith('/sync/batch')) {
				cut = false;
				throw new TypeError('Failed to fetch'); // the server processed it; the answer never arrived
			}
			return res;
		};
		await expect(pushPending(t.ctx)).rejects.toMatchObject({ code: 'offline' } satisfies Partial<NetError>);
		expect(await db.orders.count({ selector: { sync_status: 'pending' } }).exec()).toBe(50);
		const sum = await pushPending(t.ctx);
		expect(sum.synced).toBe(50);
		expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 50);
	});

	it('an order edited while its push is in flight stays pending, then goes out with the new version', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const [o] = paidOrders(outletId, 1, 'C');
		await db.orders.insert({ ...o!, status: 'open', payment_info: null });
		const real = t.ctx.fetch;
		let edited = false;
		t.ctx.fetch = async (input, init) => {
			if (!edited && String(input).endsWith('/sync/batch')) {
				edited = true;
				const doc = await db.orders.findOne(o!.local_id).exec();
				await doc!.incrementalModify((d) => ({
					...d,
					status: 'paid',
					version: d.version + 1,
					sync_status: 'pending',
					updated_at: new Date().toISOString()
				}));
			}
			return real(input, init);
		};
		await pushPending(t.ctx);
		let d = (await db.orders.findOne(o!.local_id).exec())!;
		expect(d.sync_status).toBe('pending');
		expect(d.synced_version).toBe(1);
		expect(d.cloud_id).toBeTruthy();
		const cloudId = d.cloud_id;
		await pushPending(t.ctx);
		d = (await db.orders.findOne(o!.local_id).exec())!;
		expect(d.sync_status).toBe('synced');
		expect(d.synced_version).toBe(2);
		expect(d.cloud_id).toBe(cloudId);
	});

	it('a refused item keeps its error and a backoff time, and is not dropped', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const [good, bad] = paidOrders(outletId, 2, 'D');
		await db.orders.bulkInsert([good!, { ...bad!, items: [{ ...bad!.items[0]!, qty: 0 }] }]);
		const sum = await pushPending(t.ctx);
		expect(sum.synced).toBe(1);
		expect(sum.failed).toBe(1);
		const f = (await db.orders.findOne(bad!.local_id).exec())!;
		expect(f.sync_status).toBe('failed');
		expect(f.sync_error).toBeTruthy();
		expect(f.sync_attempts).toBe(1);
		expect(Date.parse(f.next_attempt_at!)).toBeGreaterThan(Date.now());
		// Not due yet: the next round leaves it alone.
		expect((await pushPending(t.ctx)).sent).toBe(0);
	});

	it('keeps at most two batches at the server and writes back each item its own result, answers out of order', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const before = await cloudOrderCount(h.url, outletId);
		await db.orders.bulkInsert(paidOrders(outletId, 1500, 'E'));
		const real = t.ctx.fetch;
		const sent: string[][] = [];
		const answered = new Map<string, string>(); // local_id → the cloud_id the server answered for it
		let out = 0;
		let most = 0;
		let thirdSent = () => {};
		const third = new Promise<void>((r) => (thirdSent = r));
		t.ctx.fetch = async (input, init) => {
			if (!String(input).endsWith('/sync/batch')) return real(input, init);
			const body = JSON.parse(String(init?.body)) as { items: { data: { local_id: string } }[] };
			const n = sent.push(body.items.map((i) => i.data.local_id));
			most = Math.max(most, ++out);
			if (n === 3) thirdSent();
			try {
				const res = await real(input, init);
				const body = (await res.clone().json()) as {
					data: { results: { local_id: string; cloud_id: string }[] };
				};
				for (const r of body.data.results) answered.set(r.local_id, r.cloud_id);
				// The first answer is held back until the third batch has left: the second's answer freed its slot, and
				// the answers reach the push out of order.
				if (n === 1) await third;
				return res;
			} finally {
				out--;
			}
		};
		const sum = await pushPending(t.ctx, { maxItems: 500 });
		expect(sum).toMatchObject({ sent: 1500, synced: 1500, failed: 0 });
		expect(sent.map((b) => b.length)).toEqual([500, 500, 500]);
		expect(new Set(sent.flat()).size).toBe(1500);
		expect(most).toBe(2);
		const local = (await db.orders.find({ selector: { local_id: { $regex: '-E' } } }).exec()).map((d) =>
			d.toMutableJSON()
		);
		expect(local).toHaveLength(1500);
		for (const o of local) {
			expect(o.sync_status).toBe('synced');
			expect(o.cloud_id).toBe(answered.get(o.local_id));
		}
		expect(new Set(local.map((o) => o.cloud_id)).size).toBe(1500);
		expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 1500);
	}, 120_000);

	it('a batch whose answer is lost mid-round stops the round; the answers received are kept and nothing is doubled', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const before = await cloudOrderCount(h.url, outletId);
		await db.orders.bulkInsert(paidOrders(outletId, 1500, 'F'));
		const real = t.ctx.fetch;
		let n = 0;
		t.ctx.fetch = async (input, init) => {
			if (!String(input).endsWith('/sync/batch')) return real(input, init);
			const res = await real(input, init);
			if (++n === 2) throw new TypeError('Failed to fetch'); // the server stored it; the answer never arrived
			return res;
		};
		await expect(pushPending(t.ctx, { maxItems: 500 })).rejects.toMatchObject({
			code: 'offline'
		} satisfies Partial<NetError>);
		const synced = await db.orders.count({ selector: { sync_status: 'synced' } }).exec();
		const pending = await db.orders.count({ selector: { sync_status: 'pending' } }).exec();
		expect(synced).toBeGreaterThanOrEqual(500); // the first batch's answer arrived: written back
		expect(synced + pending).toBe(1500);
		const sum = await pushPending(t.ctx, { maxItems: 500 });
		expect(sum.synced).toBe(pending);
		expect(await db.orders.count({ selector: { sync_status: 'synced' } }).exec()).toBe(1500);
		expect((await cloudOrderCount(h.url, outletId)).orders).toBe(before.orders + 1500);
	}, 120_000);
});

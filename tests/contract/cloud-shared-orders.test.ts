// Shared open orders over real HTTP (SHARE_OPEN_ORDERS=1): the feature advertised in sync/status, the outlet's orders
// pulled by a commit-ordered checkpoint, order.updated on every accepted push, and the conflict rule of two tills
// editing one open order (a recorded conflict with both copies, resolved into one version above both).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	OrderUpdatedEvent,
	SharedOrdersResponse,
	SyncStatusResponse,
	type SharedOrder
} from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { BDG, cloud, JKT, openStream, order, type OutletCreds } from './cloud-helpers.ts';

let shared: TestServer;
let plain: TestServer;
beforeAll(async () => {
	[shared, plain] = await Promise.all([
		startServer({ env: { SHARE_OPEN_ORDERS: '1' } }),
		startServer({ env: { SHARE_OPEN_ORDERS: '0' } })
	]);
});
afterAll(async () => {
	await Promise.all([shared?.stop(), plain?.stop()]);
});

const openOrder = (o: OutletCreds, device: string, over: Record<string, unknown> = {}) =>
	order(o, {
		status: 'open',
		payment_info: null,
		total_amount: 70000,
		shared: { base_version: 0, device_code: device, till: { subtotal: 70000, business_date: '2026-01-27' } },
		...over
	});

const batch = async (server: TestServer, o: OutletCreds, items: Record<string, unknown>[]) => {
	const r = await cloud(server, o, '/sync/batch', {
		json: { items: items.map((data) => ({ entity_type: 'order', data })) }
	});
	expect(r.status).toBe(200);
	return r.body.data.results as {
		status: string;
		local_id: string;
		version?: number;
		conflicts?: unknown[];
	}[];
};

/** Every page from a checkpoint, each parsed with the contract. */
async function pullOrders(server: TestServer, o: OutletCreds, since?: string, limit = 1000) {
	const orders: SharedOrder[] = [];
	let checkpoint = since;
	for (let page = 0; page < 100; page++) {
		const q = new URLSearchParams({ limit: String(limit), ...(checkpoint ? { since: checkpoint } : {}) });
		const r = await cloud(server, o, `/orders?${q.toString()}`);
		expect(r.status).toBe(200);
		const d = SharedOrdersResponse.parse(r.body).data;
		orders.push(...d.orders);
		checkpoint = d.sync_checkpoint;
		if (!d.has_more) break;
	}
	return { orders, checkpoint };
}

describe('advertising and the route', () => {
	it('sync/status lists shared_orders only when the server shares orders', async () => {
		const on = SyncStatusResponse.parse((await cloud(shared, JKT, '/sync/status')).body);
		const off = SyncStatusResponse.parse((await cloud(plain, JKT, '/sync/status')).body);
		expect(on.data.features).toEqual(['shared_orders']);
		expect(off.data.features).toEqual([]);
	});

	it('without the feature the route answers 404 not_found in the cloud envelope, saying how to turn it on', async () => {
		const r = await cloud(plain, JKT, '/orders');
		expect(r.status).toBe(404);
		expect(r.body).toMatchObject({ success: false, error: 'not_found' });
		expect(r.body.message).toMatch(/SHARE_OPEN_ORDERS=1/);
	});

	it("pages the outlet's orders of every till in change order, with their till fields, and only this outlet's", async () => {
		const { checkpoint: start } = await pullOrders(shared, JKT);
		const a = openOrder(JKT, 'A');
		const b = openOrder(JKT, 'B', { table_number: 'A-07' });
		const other = openOrder(BDG, 'A');
		expect((await batch(shared, JKT, [a])).map((r) => r.status)).toEqual(['success']);
		expect((await batch(shared, BDG, [other])).map((r) => r.status)).toEqual(['success']);
		// One-item path (the bulk path takes new orders; this one is the same order at a higher version).
		expect(
			(await batch(shared, JKT, [b, { ...a, status: 'sent', version: 2 }])).map((r) => r.status)
		).toEqual(['success', 'success']);
		const pages = await pullOrders(shared, JKT, start, 1);
		expect(pages.orders.map((o) => [o.local_id, o.version])).toEqual([
			[b.local_id, 1],
			[a.local_id, 2]
		]);
		const got = pages.orders.find((o) => o.local_id === a.local_id);
		expect(got).toMatchObject({
			status: 'sent',
			device_code: 'A',
			total_amount: 70000,
			shared: { device_code: 'A', till: { subtotal: 70000, business_date: '2026-01-27' } }
		});
		expect(got?.cloud_id).toMatch(/^[0-9a-f-]{36}$/);
		// Nothing changed since the last page: the checkpoint stays.
		const again = await pullOrders(shared, JKT, pages.checkpoint);
		expect(again.orders).toEqual([]);
		expect(again.checkpoint).toBe(pages.checkpoint);
	});
});

describe('order.updated', () => {
	it('is published to the outlet for each accepted push (bulk and one-item), not for a retry', async () => {
		const s = await openStream(shared, JKT);
		try {
			const a = openOrder(JKT, 'A');
			await batch(shared, JKT, [a]);
			await batch(shared, JKT, [{ ...a, version: 2, status: 'sent', updated_at: '2026-01-27T10:40:00Z' }]);
			await batch(shared, JKT, [a]); // a retry of version 1: nothing new
			const mine = (evs: typeof s.events) =>
				evs.filter((e) => e.event === 'order.updated' && e.payload.local_id === a.local_id);
			await s.until((evs) => mine(evs).length >= 2, 'two order.updated');
			const evs = mine(s.events).map((e) => OrderUpdatedEvent.parse(e.payload));
			expect(evs.map((e) => [e.version, e.status, e.device_code])).toEqual([
				[1, 'open', 'A'],
				[2, 'sent', 'A']
			]);
			expect(s.events.every((e) => e.signatureValid)).toBe(true);
		} finally {
			await s.close();
		}
	});

	it('is not published by a server without the feature', async () => {
		const s = await openStream(plain, JKT);
		try {
			const a = order(JKT, { status: 'open', payment_info: null });
			await batch(plain, JKT, [a]);
			const status = await cloud(plain, JKT, '/sync/status');
			expect(status.status).toBe(200);
			expect(s.events.filter((e) => e.event === 'order.updated')).toEqual([]);
		} finally {
			await s.close();
		}
	});
});

describe('two tills editing one open order', () => {
	it('is a recorded conflict with both copies, answered again on a retry, resolved into one version above both', async () => {
		const v1 = openOrder(JKT, 'A');
		await batch(shared, JKT, [v1]);
		const line = { product_name: 'Es Teh', qty: 1, price: 8000, subtotal: 8000, status: 'new' };
		// B took version 1 and added a line: accepted (its base is the stored version).
		const onB = {
			...v1,
			items: [...v1.items, line],
			total_amount: 78000,
			version: 2,
			updated_at: '2026-01-27T10:40:00Z',
			shared: { base_version: 1, device_code: 'B' }
		};
		expect((await batch(shared, JKT, [onB]))[0]?.status).toBe('success');
		// A, still on version 1, changed the customer meanwhile (two edits: version 3).
		const onA = {
			...v1,
			customer_name: 'Ani',
			version: 3,
			updated_at: '2026-01-27T10:41:00Z',
			shared: { base_version: 1, device_code: 'A' }
		};
		const [r] = await batch(shared, JKT, [onA]);
		expect(r?.status).toBe('conflict');
		const conflict = (r?.conflicts ?? [])[0] as Record<string, unknown>;
		expect(conflict).toMatchObject({ field: 'order', cloud_version: 2, local_version: 3 });
		expect(conflict.cloud_value).toMatchObject({ total_amount: 78000, customer_name: 'John Doe' });
		expect(conflict.local_value).toMatchObject({ total_amount: 70000, customer_name: 'Ani' });
		// Not an overwrite: the stored order is B's.
		const stored = async () =>
			(await pullOrders(shared, JKT)).orders.find((o) => o.local_id === v1.local_id) as SharedOrder;
		expect(await stored()).toMatchObject({ version: 2, customer_name: 'John Doe', device_code: 'B' });
		// The same push again answers the same conflict, not a second one.
		const [again] = await batch(shared, JKT, [onA]);
		expect((again?.conflicts as { conflict_id: string }[])[0]?.conflict_id).toBe(conflict.conflict_id);
		const list = await cloud(shared, JKT, '/conflicts');
		const open = (list.body.data.conflicts as { local_id: string }[]).filter(
			(c) => c.local_id === v1.local_id
		);
		expect(open).toHaveLength(1);

		// Keep mine (A's copy): written as version 4, above both, announced to the tills.
		const s = await openStream(shared, JKT);
		try {
			const res = await cloud(shared, JKT, `/conflicts/${String(conflict.conflict_id)}/resolve`, {
				json: { strategy: 'local_wins', resolved_by: 'manager' }
			});
			expect(res.status).toBe(200);
			expect(res.body.data).toMatchObject({ resolved: true, new_version: 4 });
			expect(res.body.data.applied_value).toMatchObject({ customer_name: 'Ani', version: 4 });
			await s.until(
				(evs) => evs.some((e) => e.event === 'order.updated' && e.payload.local_id === v1.local_id),
				'order.updated after the resolution'
			);
		} finally {
			await s.close();
		}
		expect(await stored()).toMatchObject({ version: 4, customer_name: 'Ani', total_amount: 70000 });
		const twice = await cloud(shared, JKT, `/conflicts/${String(conflict.conflict_id)}/resolve`, {
			json: { strategy: 'cloud_wins', resolved_by: 'manager' }
		});
		expect(twice.status).toBe(409);
	});

	it('keep theirs writes the stored order as a version above both; the same change from two tills is no conflict', async () => {
		const v1 = openOrder(JKT, 'A');
		await batch(shared, JKT, [v1]);
		const paidOnB = {
			...v1,
			status: 'paid',
			payment_info: { method: 'cash', amount: 70000, paid_at: '2026-01-27T10:45:00Z' },
			version: 2,
			updated_at: '2026-01-27T10:45:00Z',
			shared: { base_version: 1, device_code: 'B' }
		};
		expect((await batch(shared, JKT, [paidOnB]))[0]?.status).toBe('success');
		const heldOnA = { ...v1, pax: 6, version: 5, shared: { base_version: 1, device_code: 'A' } };
		const [r] = await batch(shared, JKT, [heldOnA]);
		expect(r?.status).toBe('conflict');
		const id = String((r?.conflicts as { conflict_id: string }[])[0]?.conflict_id);
		const res = await cloud(shared, JKT, `/conflicts/${id}/resolve`, {
			json: { strategy: 'cloud_wins', resolved_by: 'manager' }
		});
		expect(res.body.data).toMatchObject({ new_version: 6 });
		const final = (await pullOrders(shared, JKT)).orders.find((o) => o.local_id === v1.local_id);
		expect(final).toMatchObject({ version: 6, status: 'paid', pax: 4 });

		// Both tills made the same change on version 1: the second is answered, nothing is opened.
		const w1 = openOrder(JKT, 'A');
		await batch(shared, JKT, [w1]);
		const same = { ...w1, status: 'sent', version: 2, shared: { base_version: 1, device_code: 'B' } };
		expect((await batch(shared, JKT, [same]))[0]?.status).toBe('success');
		const sameOnA = {
			...same,
			updated_at: '2026-01-27T10:50:00Z',
			shared: { base_version: 1, device_code: 'A' }
		};
		expect((await batch(shared, JKT, [sameOnA]))[0]).toMatchObject({ status: 'success', version: 2 });
	});

	it("a till's own later version is never a conflict with itself, and a server without the feature keeps today's rules", async () => {
		const v1 = openOrder(JKT, 'A');
		await batch(shared, JKT, [v1]);
		await batch(shared, JKT, [
			{ ...v1, version: 2, status: 'sent', shared: { base_version: 1, device_code: 'A' } }
		]);
		// The answer to version 2 was lost: A sends version 3 still based on 1.
		const [r] = await batch(shared, JKT, [
			{ ...v1, version: 3, pax: 2, shared: { base_version: 1, device_code: 'A' } }
		]);
		expect(r).toMatchObject({ status: 'success', version: 3 });

		const p1 = openOrder(JKT, 'A');
		await batch(plain, JKT, [p1]);
		await batch(plain, JKT, [{ ...p1, version: 2, pax: 9, shared: { base_version: 1, device_code: 'B' } }]);
		const [last] = await batch(plain, JKT, [
			{ ...p1, version: 3, pax: 1, shared: { base_version: 1, device_code: 'A' } }
		]);
		expect(last).toMatchObject({ status: 'success', version: 3 });
	});
});

// Cloud pushes over real HTTP: orders, transactions (idempotent retries), product updates that
// apply and reach the other outlets, and daily analytics (a later push replaces).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	DailySummaryPushResponse,
	DailySummaryResponse,
	EntityUpdatedEvent,
	ProductPushResponse,
	PushResponse,
	SyncStatusResponse
} from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import {
	BDG,
	cloud,
	JKT,
	openStream,
	order,
	pullUpdates,
	transaction,
	type UpdatedRow
} from './cloud-helpers.ts';

let server: TestServer;
let products: UpdatedRow[];
beforeAll(async () => {
	server = await startServer();
	products = (await pullUpdates(server, JKT)).products;
});
afterAll(async () => {
	await server?.stop();
});

const status = async () => SyncStatusResponse.parse((await cloud(server, JKT, '/sync/status')).body).data;

describe('POST …/orders', () => {
	it('stores an order and answers the seed envelope; a retry answers the same cloud_id and creates nothing', async () => {
		const before = await status();
		const body = order(JKT);
		const first = await cloud(server, JKT, '/orders', { json: body });
		expect(first.status).toBe(200);
		const a = PushResponse.parse(first.body).data;
		expect(a).toMatchObject({ local_id: body.local_id, version: 1 });
		expect(a.cloud_id).toMatch(/^[0-9a-f-]{36}$/);
		expect(Number.isNaN(Date.parse(a.synced_at))).toBe(false);
		const retry = PushResponse.parse((await cloud(server, JKT, '/orders', { json: body })).body).data;
		expect(retry.cloud_id).toBe(a.cloud_id);
		expect(retry.version).toBe(1);
		expect((await status()).orders).toBe(before.orders + 1);
	});

	it('updates the order when the same local_id comes with a higher version, keeps it on a lower one', async () => {
		const body = order(JKT, { status: 'sent', payment_info: null });
		const a = PushResponse.parse((await cloud(server, JKT, '/orders', { json: body })).body).data;
		const before = await status();
		const paid = {
			...body,
			status: 'paid',
			version: 2,
			updated_at: '2026-01-27T10:45:00Z',
			payment_info: { method: 'qris', amount: 150000, paid_at: '2026-01-27T10:45:00Z' }
		};
		const b = PushResponse.parse((await cloud(server, JKT, '/orders', { json: paid })).body).data;
		expect(b).toMatchObject({ cloud_id: a.cloud_id, version: 2 });
		const stale = PushResponse.parse((await cloud(server, JKT, '/orders', { json: body })).body).data;
		expect(stale).toMatchObject({ cloud_id: a.cloud_id, version: 2 });
		expect((await status()).orders).toBe(before.orders);
	});

	it('keeps the same local_id of two outlets apart', async () => {
		const body = order(JKT);
		const a = PushResponse.parse((await cloud(server, JKT, '/orders', { json: body })).body).data;
		const b = PushResponse.parse(
			(await cloud(server, BDG, '/orders', { json: { ...body, outlet_id: BDG.id, outlet_code: BDG.code } }))
				.body
		).data;
		expect(b.cloud_id).not.toBe(a.cloud_id);
	});

	it('rejects a bad status and a negative amount naming the field', async () => {
		const r1 = await cloud(server, JKT, '/orders', { json: order(JKT, { status: 'eaten' }) });
		expect(r1.status).toBe(400);
		expect(r1.body.message).toMatch(/^status/);
		const r2 = await cloud(server, JKT, '/orders', {
			json: order(JKT, { items: [{ product_name: 'X', qty: 1, price: -5, subtotal: 0 }] })
		});
		expect(r2.status).toBe(400);
		expect(r2.body.message).toMatch(/^items\.0\.price/);
	});
});

describe('POST …/transactions', () => {
	it('stores a transaction once; a retry answers the first cloud_id', async () => {
		const before = await status();
		const body = transaction(JKT, 'ORD-20260127-JKT001-0001');
		const a = PushResponse.parse((await cloud(server, JKT, '/transactions', { json: body })).body).data;
		const b = PushResponse.parse((await cloud(server, JKT, '/transactions', { json: body })).body).data;
		expect(b.cloud_id).toBe(a.cloud_id);
		expect(a.local_id).toBe(body.local_id);
		expect((await status()).transactions).toBe(before.transactions + 1);
	});

	it('names a missing order_id', async () => {
		const { order_id: _, ...body } = transaction(JKT, 'x');
		const r = await cloud(server, JKT, '/transactions', { json: body });
		expect(r.status).toBe(400);
		expect(r.body).toMatchObject({
			success: false,
			error: 'validation_error',
			message: 'order_id is required'
		});
	});
});

describe('POST …/products', () => {
	it('applies an edit based on the current version: version + 1, in updates, entity.updated to the other outlets only', async () => {
		const p = products[3] as UpdatedRow;
		const { checkpoint } = await pullUpdates(server, JKT);
		const bdg = await openStream(server, BDG);
		const jkt = await openStream(server, JKT);
		try {
			const r = await cloud(server, JKT, '/products', {
				json: {
					local_id: p.local_id,
					outlet_id: JKT.id,
					name: p.name,
					category_id: p.category_id,
					price: p.price + 1000,
					stock: 7,
					destination: 'kitchen',
					version: p.version,
					updated_at: new Date().toISOString()
				}
			});
			expect(r.status).toBe(200);
			const data = ProductPushResponse.parse(r.body).data;
			expect(data).toMatchObject({ cloud_id: p.cloud_id, local_id: p.local_id, version: p.version + 1 });
			const after = await pullUpdates(server, JKT, checkpoint);
			expect(after.products).toEqual([
				expect.objectContaining({
					cloud_id: p.cloud_id,
					price: p.price + 1000,
					stock: 7,
					version: p.version + 1,
					action: 'update'
				})
			]);
			const ev = await bdg.waitFor(
				(e) => e.event === 'entity.updated' && e.payload.cloud_id === p.cloud_id,
				'entity.updated on BDG'
			);
			expect(ev.signatureValid).toBe(true);
			const payload = EntityUpdatedEvent.parse(ev.payload);
			expect(payload).toMatchObject({ entity_type: 'product', local_id: p.local_id, version: p.version + 1 });
			expect(payload.data).toMatchObject({ price: p.price + 1000, stock: 7 });
			// The pushing outlet gets no echo of its own edit (a later event proves the stream is live).
			const mark = await cloud(server, JKT, '/products', {
				json: {
					local_id: p.local_id,
					price: p.price,
					version: p.version + 1,
					updated_at: new Date().toISOString()
				}
			});
			expect(ProductPushResponse.parse(mark.body).data).toMatchObject({ version: p.version + 2 });
			await bdg.until(
				(evs) => evs.filter((e) => e.payload.cloud_id === p.cloud_id).length === 2,
				'second update on BDG'
			);
			expect(jkt.events.filter((e) => e.event === 'entity.updated')).toEqual([]);
		} finally {
			await bdg.close();
			await jkt.close();
		}
	});

	it('answers an edit that changes nothing with the current version and no new version', async () => {
		const p = (await pullUpdates(server, JKT)).products[5] as UpdatedRow;
		const r = ProductPushResponse.parse(
			(
				await cloud(server, JKT, '/products', {
					json: {
						local_id: p.local_id,
						price: p.price,
						version: p.version,
						updated_at: new Date().toISOString()
					}
				})
			).body
		).data;
		expect(r).toMatchObject({ version: p.version, cloud_id: p.cloud_id });
	});

	it('answers 404 for a product of another company and 400 for an unknown category', async () => {
		const other = await cloud(server, JKT, '/products', {
			json: {
				local_id: '00000000-0000-4000-8000-000000000000',
				price: 1,
				version: 1,
				updated_at: '2026-01-27T10:00:00Z'
			}
		});
		expect(other.status).toBe(404);
		expect(other.body.error).toBe('not_found');
		const p = products[6] as UpdatedRow;
		const cat = await cloud(server, JKT, '/products', {
			json: {
				local_id: p.local_id,
				category_id: '00000000-0000-4000-8000-000000000000',
				version: p.version,
				updated_at: '2026-01-27T10:00:00Z'
			}
		});
		expect(cat.status).toBe(400);
		expect(cat.body.message).toMatch(/category_id/);
		const bad = await cloud(server, JKT, '/products', {
			json: { local_id: 'prod-123', version: 1, updated_at: '2026-01-27T10:00:00Z' }
		});
		expect(bad.status).toBe(400);
		expect(bad.body.message).toMatch(/^local_id/);
	});
});

describe('POST/GET …/analytics/daily', () => {
	const summary = {
		total_orders: 145,
		total_revenue: 12500000,
		total_transactions: 145,
		payment_methods: { cash: 85, qris: 45, card: 15 },
		top_products: [{ product_name: 'Nasi Goreng', qty_sold: 67, revenue: 2345000 }],
		hourly_breakdown: [
			{ hour: 10, orders: 15, revenue: 850000 },
			{ hour: 12, orders: 45, revenue: 3200000 }
		]
	};
	it('stores one summary per outlet and date; a later push replaces it', async () => {
		const body = { outlet_id: JKT.id, outlet_code: JKT.code, date: '2026-01-27', summary };
		const a = DailySummaryPushResponse.parse(
			(await cloud(server, JKT, '/analytics/daily', { json: body })).body
		).data;
		expect(a).toMatchObject({ outlet_id: JKT.id, date: '2026-01-27', replaced: false });
		const later = { ...summary, total_orders: 150, total_revenue: 13000000 };
		const b = DailySummaryPushResponse.parse(
			(await cloud(server, JKT, '/analytics/daily', { json: { ...body, summary: later } })).body
		).data;
		expect(b.replaced).toBe(true);
		const read = DailySummaryResponse.parse(
			(await cloud(server, JKT, '/analytics/daily?date=2026-01-27')).body
		).data;
		expect(read.summary).toEqual(later);
		const bdg = await cloud(server, BDG, '/analytics/daily?date=2026-01-27');
		expect(bdg.status).toBe(404);
	});

	it('names a bad date and a bad hour', async () => {
		const r = await cloud(server, JKT, '/analytics/daily', { json: { date: '2026-02-30', summary } });
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/^date/);
		const h = await cloud(server, JKT, '/analytics/daily', {
			json: {
				date: '2026-01-28',
				summary: { ...summary, hourly_breakdown: [{ hour: 24, orders: 1, revenue: 1 }] }
			}
		});
		expect(h.status).toBe(400);
		expect(h.body.message).toMatch(/^summary\.hourly_breakdown\.0\.hour/);
		const q = await cloud(server, JKT, '/analytics/daily?date=yesterday');
		expect(q.status).toBe(400);
		expect(q.body.message).toMatch(/^date/);
	});
});

// Cloud batch push over real HTTP: per-item results, a bad item fails alone, the 1000-item and
// 10 MB limits answer 413 in the cloud envelope, retries stay idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResponse, CloudErrorBody, SyncStatusResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order, pullUpdates, transaction, type UpdatedRow } from './cloud-helpers.ts';

let server: TestServer;
let products: UpdatedRow[];
beforeAll(async () => {
	server = await startServer();
	products = (await pullUpdates(server, JKT)).products;
});
afterAll(async () => {
	await server?.stop();
});

const envelope = (items: unknown[]) => ({
	outlet_id: JKT.id,
	outlet_code: JKT.code,
	sync_timestamp: '2026-01-27T10:35:00Z',
	items
});
const status = async () => SyncStatusResponse.parse((await cloud(server, JKT, '/sync/status')).body).data;

describe('POST …/sync/batch', () => {
	it('stores good items and fails bad ones alone, one result per item in order', async () => {
		const before = await status();
		const o1 = order(JKT);
		const t1 = transaction(JKT, o1.local_id);
		const p = products[0] as UpdatedRow;
		const items = [
			{ entity_type: 'order', operation: 'create', data: o1 },
			{ entity_type: 'transaction', operation: 'create', data: t1 },
			{ entity_type: 'order', operation: 'create', data: { ...order(JKT), total_amount: 'lots' } },
			{
				entity_type: 'product',
				operation: 'update',
				data: { local_id: p.local_id, stock: 33, version: p.version, updated_at: '2026-01-27T10:00:00Z' }
			},
			{ entity_type: 'gift_card', operation: 'create', data: { local_id: 'gc-1' } },
			{
				entity_type: 'product',
				operation: 'update',
				data: {
					local_id: '00000000-0000-4000-8000-000000000000',
					version: 1,
					updated_at: '2026-01-27T10:00:00Z'
				}
			},
			'not an object'
		];
		const r = await cloud(server, JKT, '/sync/batch', { json: envelope(items) });
		expect(r.status).toBe(200);
		const data = BatchResponse.parse(r.body).data;
		expect(data).toMatchObject({ processed: 7, success: 3, failed: 4, conflicts: 0 });
		expect(data.results.map((x) => [x.entity_type, x.status])).toEqual([
			['order', 'success'],
			['transaction', 'success'],
			['order', 'failed'],
			['product', 'success'],
			['gift_card', 'failed'],
			['product', 'failed'],
			['unknown', 'failed']
		]);
		expect(data.results[0]).toMatchObject({
			local_id: o1.local_id,
			cloud_id: expect.stringMatching(/^[0-9a-f-]{36}$/)
		});
		expect(data.results[2]?.error).toMatch(/^data\.total_amount/);
		expect(data.results[3]).toMatchObject({
			local_id: p.local_id,
			cloud_id: p.cloud_id,
			version: p.version + 1
		});
		expect(data.results[4]?.error).toMatch(/entity_type/);
		expect(data.results[5]?.error).toMatch(/not found/);
		const after = await status();
		expect(after.orders).toBe(before.orders + 1);
		expect(after.transactions).toBe(before.transactions + 1);

		// The same batch again (a retry after a lost answer): same cloud_ids, nothing new.
		const again = BatchResponse.parse(
			(await cloud(server, JKT, '/sync/batch', { json: envelope(items) })).body
		).data;
		expect(again.results[0]?.cloud_id).toBe(data.results[0]?.cloud_id);
		expect(again.results[1]?.cloud_id).toBe(data.results[1]?.cloud_id);
		expect(again.results[3]).toMatchObject({ status: 'success', version: p.version + 1 });
		expect(await status()).toMatchObject({
			orders: after.orders,
			transactions: after.transactions,
			open_conflicts: after.open_conflicts
		});
	});

	it('reports a stale product edit as status "conflict" with the conflicts it opened', async () => {
		const p = products[1] as UpdatedRow;
		const r = await cloud(server, JKT, '/sync/batch', {
			json: envelope([
				{
					entity_type: 'product',
					operation: 'update',
					data: {
						local_id: p.local_id,
						price: p.price + 500,
						version: p.version - 1 + 5,
						updated_at: '2026-01-27T10:00:00Z'
					}
				}
			])
		});
		const data = BatchResponse.parse(r.body).data;
		expect(data).toMatchObject({ processed: 1, success: 0, failed: 0, conflicts: 1 });
		expect(data.results[0]).toMatchObject({ status: 'conflict', cloud_id: p.cloud_id, local_id: p.local_id });
		expect(data.results[0]?.conflicts).toEqual([
			expect.objectContaining({
				field: 'price',
				cloud_value: p.price,
				local_value: p.price + 500,
				cloud_version: p.version,
				local_version: p.version + 4
			})
		]);
	});

	it('stores 1000 items in one request', async () => {
		const before = await status();
		const items = Array.from({ length: 1000 }, () => ({
			entity_type: 'order',
			operation: 'create',
			data: order(JKT, { items: [] })
		}));
		const data = BatchResponse.parse(
			(await cloud(server, JKT, '/sync/batch', { json: envelope(items) })).body
		).data;
		expect(data).toMatchObject({ processed: 1000, success: 1000, failed: 0 });
		expect((await status()).orders).toBe(before.orders + 1000);
	});

	it('answers 413 with the seed message for 1001 items, and stores none of them', async () => {
		const before = await status();
		const items = Array.from({ length: 1001 }, () => ({
			entity_type: 'order',
			operation: 'create',
			data: order(JKT, { items: [] })
		}));
		const r = await cloud(server, JKT, '/sync/batch', { json: envelope(items) });
		expect(r.status).toBe(413);
		expect(r.body).toEqual({
			success: false,
			error: 'payload_too_large',
			message: 'Batch has 1001 items; at most 1000 are allowed per request'
		});
		expect((await status()).orders).toBe(before.orders);
	});

	it('answers 413 in the cloud envelope for a body over 10 MB', async () => {
		const big = 'x'.repeat(10 * 1024 * 1024);
		const r = await cloud(server, JKT, '/sync/batch', {
			json: envelope([{ entity_type: 'order', data: { ...order(JKT), customer_name: big } }])
		});
		expect(r.status).toBe(413);
		const body = CloudErrorBody.parse(r.body);
		expect(body.error).toBe('payload_too_large');
		expect(body.message).toMatch(/10 MB/);
	});

	it('answers 400 naming items when the envelope has none', async () => {
		const r = await cloud(server, JKT, '/sync/batch', { json: { outlet_id: JKT.id } });
		expect(r.status).toBe(400);
		expect(r.body).toMatchObject({ error: 'validation_error', message: 'items is required' });
	});
});

// The batch's bulk path (new orders and transactions in one multi-row insert) answers exactly what the one-item path
// would: retries keep their cloud_id, a higher version updates, the same order twice in one batch, two batches at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order, transaction } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const push = async (items: unknown[]) => {
	const r = await cloud(server, JKT, '/sync/batch', {
		json: { outlet_id: JKT.id, outlet_code: JKT.code, sync_timestamp: '2026-01-27T10:35:00Z', items }
	});
	expect(r.status).toBe(200);
	return BatchResponse.parse(r.body).data;
};
const create = (entity_type: string, data: unknown) => ({ entity_type, operation: 'create', data });

describe('batch bulk path', () => {
	it('answers retries with the first cloud_id, updates a higher version, and takes one order twice in a batch', async () => {
		const a = order(JKT);
		const b = order(JKT);
		const first = await push([
			create('order', a),
			create('order', b),
			create('transaction', transaction(JKT, a.local_id))
		]);
		expect(first.results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
		const [ra, rb] = first.results;

		const again = await push([
			create('order', a),
			create('order', { ...b, version: 2, status: 'void' }),
			create('order', order(JKT, { local_id: `${a.local_id}-new` })),
			create('order', { ...a, local_id: `${a.local_id}-twice`, version: 1 }),
			create('order', { ...a, local_id: `${a.local_id}-twice`, version: 2, total_amount: 1 })
		]);
		expect(again.results.map((r) => [r.status, r.version])).toEqual([
			['success', 1],
			['success', 2],
			['success', 1],
			['success', 1],
			['success', 2]
		]);
		expect(again.results[0]?.cloud_id).toBe(ra?.cloud_id);
		expect(again.results[1]?.cloud_id).toBe(rb?.cloud_id);
		expect(again.results[4]?.cloud_id).toBe(again.results[3]?.cloud_id);
	});

	it('two batches of the same new orders at once store each order once, with one cloud_id', async () => {
		const items = Array.from({ length: 300 }, () => create('order', order(JKT)));
		const [x, y] = await Promise.all([push(items), push(items)]);
		expect(x.success).toBe(300);
		expect(y.success).toBe(300);
		expect(x.results.map((r) => r.cloud_id)).toEqual(y.results.map((r) => r.cloud_id));
		expect(new Set(x.results.map((r) => r.cloud_id)).size).toBe(300);
	});
});

// Refunds in the cloud contract (extension, docs/till.md) over real HTTP: a refund is a transaction of type "refund" with a
// negative amount linked to its order by order_id, with a reason; alone and in a batch, idempotent; a payment cannot be negative.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResponse, PushResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order, transaction } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { KASIR_TEST_HOOKS: '1' } });
});
afterAll(async () => {
	await server?.stop();
});

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
	const r = await fetch(`${server.url}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql: text, params })
	});
	if (!r.ok) throw new Error(`sql ${r.status}`);
	return ((await r.json()) as { rows: T[] }).rows;
}

describe('refund transactions', () => {
	it('stores a refund with its type, negative amount and reason; a retry creates nothing', async () => {
		const o = order(JKT);
		expect((await cloud(server, JKT, '/orders', { json: o })).status).toBe(200);
		const pay = transaction(JKT, o.local_id);
		expect((await cloud(server, JKT, '/transactions', { json: pay })).status).toBe(200);
		const refund = transaction(JKT, o.local_id, {
			total_amount: -46_200,
			type: 'refund',
			reason: 'Salah pesan',
			cash_amount: null,
			change_amount: null
		});
		const a = PushResponse.parse((await cloud(server, JKT, '/transactions', { json: refund })).body).data;
		const b = PushResponse.parse((await cloud(server, JKT, '/transactions', { json: refund })).body).data;
		expect(b.cloud_id).toBe(a.cloud_id);
		const rows = await sql<{ type: string; total_amount: string; reason: string | null }>(
			'select type, total_amount::text as total_amount, reason from transactions where order_id = $1 order by total_amount',
			[o.local_id]
		);
		expect(rows).toEqual([
			{ type: 'refund', total_amount: '-46200', reason: 'Salah pesan' },
			{ type: 'payment', total_amount: '150000', reason: null }
		]);
		// The same version with another amount is a client bug, as for payments.
		const changed = await cloud(server, JKT, '/transactions', { json: { ...refund, total_amount: -1 } });
		expect(changed.status).toBe(422);
	});

	it('refuses a negative payment, a positive refund and a refund without a reason', async () => {
		const o = order(JKT);
		for (const bad of [
			transaction(JKT, o.local_id, { total_amount: -5 }),
			transaction(JKT, o.local_id, { total_amount: 5, type: 'refund', reason: 'x' }),
			transaction(JKT, o.local_id, { total_amount: -5, type: 'refund' })
		]) {
			const r = await cloud(server, JKT, '/transactions', { json: bad });
			expect(r.status).toBe(400);
			expect((r.body as { error: string }).error).toBe('validation_error');
		}
	});

	it('takes refunds in a batch (bulk path) and documents the extension in OpenAPI', async () => {
		const o = order(JKT);
		const refund = transaction(JKT, o.local_id, { total_amount: -10_000, type: 'refund', reason: 'dingin' });
		const r = await cloud(server, JKT, '/sync/batch', {
			json: {
				outlet_id: JKT.id,
				outlet_code: JKT.code,
				sync_timestamp: '2026-01-27T10:35:00Z',
				items: [
					{ entity_type: 'order', operation: 'create', data: o },
					{ entity_type: 'transaction', operation: 'create', data: refund }
				]
			}
		});
		expect(BatchResponse.parse(r.body).data).toMatchObject({ success: 2, failed: 0 });
		const rows = await sql<{ type: string }>('select type from transactions where local_id = $1', [
			refund.local_id
		]);
		expect(rows).toEqual([{ type: 'refund' }]);
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
			components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
		};
		expect(Object.keys(doc.components.schemas.TransactionPush?.properties ?? {})).toEqual(
			expect.arrayContaining(['type', 'reason'])
		);
	});
});

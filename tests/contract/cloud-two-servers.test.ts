// Two server processes on one PostgreSQL behave as one: an event written through one reaches a
// stream opened on the other (LISTEN/NOTIFY), idempotency holds across them, and they share one
// rate-limit budget per outlet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login } from './ho-helpers.ts';
import { BDG, cloud, JKT, openStream, order, pullUpdates, SBY, type UpdatedRow } from './cloud-helpers.ts';

const onPostgres = process.env.KASIR_TEST_DB === 'postgres';

describe.runIf(onPostgres)('two server processes on one PostgreSQL', () => {
	let first: TestServer;
	let second: TestServer;
	beforeAll(async () => {
		// A limit the other tests here stay well under; SBY spends it below.
		const env = { RATE_LIMIT_PER_MINUTE: '20' };
		first = await startServer({ env });
		second = await startServer({ databaseUrl: first.databaseUrl, env });
	});
	afterAll(async () => {
		await second?.stop();
		await first?.stop();
	});

	it('an HQ change made through one process reaches a stream opened on the other, signed', async () => {
		const stream = await openStream(second, JKT);
		try {
			const token = (await login(first)).access;
			const p = (await pullUpdates(first, JKT)).products[0] as UpdatedRow;
			const r = await call(first, `/api/v1/admin/products/${p.cloud_id}`, {
				method: 'PATCH',
				token,
				json: { price: 77000 }
			});
			expect(r.status).toBe(200);
			const ev = await stream.waitFor(
				(e) => e.event === 'entity.updated' && e.payload.cloud_id === p.cloud_id,
				'entity.updated via the other process'
			);
			expect(ev.signatureValid).toBe(true);
			expect(ev.payload).toMatchObject({
				data: expect.objectContaining({ price: 77000 }),
				version: p.version + 1
			});
		} finally {
			await stream.close();
		}
	});

	it('an outlet product push through one process reaches another outlet streaming from the other', async () => {
		const stream = await openStream(first, BDG);
		try {
			const p = (await pullUpdates(second, JKT)).products[1] as UpdatedRow;
			const r = await cloud(second, JKT, '/products', {
				json: { local_id: p.local_id, stock: 5, version: p.version, updated_at: new Date().toISOString() }
			});
			expect(r.status).toBe(200);
			await stream.waitFor(
				(e) => e.event === 'entity.updated' && e.payload.cloud_id === p.cloud_id,
				'entity.updated on BDG via the first process'
			);
		} finally {
			await stream.close();
		}
	});

	it('a retry sent to the other process answers the same cloud_id', async () => {
		const body = order(JKT);
		const a = PushResponse.parse((await cloud(first, JKT, '/orders', { json: body })).body).data;
		const b = PushResponse.parse((await cloud(second, JKT, '/orders', { json: body })).body).data;
		expect(b.cloud_id).toBe(a.cloud_id);
	});

	it('one outlet has one budget across both processes: the 21st request in a minute is 429 on either', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 20; i++)
			statuses.push((await cloud(i % 2 ? second : first, SBY, '/sync/status')).status);
		expect(statuses.every((s) => s === 200)).toBe(true);
		for (const server of [first, second]) {
			const r = await cloud(server, SBY, '/sync/status');
			expect(r.status).toBe(429);
			expect(r.body).toMatchObject({
				success: false,
				error: 'rate_limit_exceeded',
				message: 'Too many requests'
			});
		}
	});
});

// The conflict path end to end over real HTTP: a stale product edit opens conflicts (push result
// and signed sync.conflict event), retries add none, each strategy resolves as documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ConflictListResponse,
	ProductPushResponse,
	ResolveResponse,
	SyncConflictEvent,
	ProductConflictResult
} from '../../src/lib/contract/cloud.ts';
import { Product } from '../../src/lib/contract/ho.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login } from './ho-helpers.ts';
import { BDG, cloud, JKT, openStream, pullUpdates, type UpdatedRow } from './cloud-helpers.ts';

let server: TestServer;
let token: string;
let products: UpdatedRow[];
beforeAll(async () => {
	server = await startServer();
	token = (await login(server)).access;
	products = (await pullUpdates(server, JKT)).products;
});
afterAll(async () => {
	await server?.stop();
});

/** HQ changes the price (cloud version + 1); returns the product as the cloud now has it. */
async function hqPrice(p: UpdatedRow, price: number) {
	const r = await call(server, `/api/v1/admin/products/${p.cloud_id}`, {
		method: 'PATCH',
		token,
		json: { price }
	});
	expect(r.status).toBe(200);
	return Product.parse(r.body.data?.product);
}
async function staleEdit(p: UpdatedRow, fields: Record<string, unknown>, updatedAt: string) {
	const body = {
		local_id: p.local_id,
		outlet_id: JKT.id,
		...fields,
		version: p.version,
		updated_at: updatedAt
	};
	const r = await cloud(server, JKT, '/products', { json: body });
	expect(r.status).toBe(200);
	const data = ProductPushResponse.parse(r.body).data;
	expect('status' in data && data.status).toBe('conflict');
	return { body, result: ProductConflictResult.parse(data) };
}
const openConflicts = async () =>
	ConflictListResponse.parse((await cloud(server, JKT, '/conflicts?status=open')).body).data.conflicts;
const resolve = (id: string, strategy: string) =>
	cloud(server, JKT, `/conflicts/${id}/resolve`, {
		json: { strategy, resolved_by: 'admin-user', notes: `Using ${strategy}` }
	});

describe('product conflicts', () => {
	it('a stale edit is not applied: conflict in the push result, sync.conflict on the stream, none added by a retry; cloud_wins keeps the cloud value', async () => {
		const p = products[20] as UpdatedRow;
		const stream = await openStream(server, JKT);
		try {
			const cloudNow = await hqPrice(p, p.price + 5000);
			const { body, result } = await staleEdit(
				p,
				{ price: p.price - 2000, name: p.name },
				'2026-01-27T11:22:00Z'
			);
			expect(result).toMatchObject({ local_id: p.local_id, cloud_id: p.cloud_id, status: 'conflict' });
			expect(result.conflicts).toEqual([
				{
					conflict_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
					field: 'price',
					cloud_value: p.price + 5000,
					cloud_version: cloudNow.version,
					cloud_updated_at: cloudNow.updated_at,
					local_value: p.price - 2000,
					local_version: p.version,
					local_updated_at: '2026-01-27T11:22:00.000000Z'
				}
			]);
			const conflictId = result.conflicts[0]?.conflict_id as string;
			const ev = await stream.waitFor((e) => e.event === 'sync.conflict', 'sync.conflict');
			expect(ev.signatureValid).toBe(true);
			const payload = SyncConflictEvent.parse(ev.payload);
			expect(payload).toMatchObject({
				conflict_id: conflictId,
				entity_type: 'product',
				cloud_id: p.cloud_id,
				local_id: p.local_id,
				resolution_required: true
			});
			expect(payload.conflict).toEqual({ ...result.conflicts[0], conflict_id: undefined });

			// Not applied: the cloud still has HQ's price.
			const after = (await pullUpdates(server, JKT)).products.find((x) => x.cloud_id === p.cloud_id);
			expect(after).toMatchObject({ price: p.price + 5000, version: cloudNow.version });

			const retry = ProductPushResponse.parse(
				(await cloud(server, JKT, '/products', { json: body })).body
			).data;
			expect(retry).toEqual(result);
			expect((await openConflicts()).filter((c) => c.local_id === p.local_id)).toHaveLength(1);

			const r = await resolve(conflictId, 'cloud_wins');
			expect(r.status).toBe(200);
			const done = ResolveResponse.parse(r.body).data;
			expect(done).toMatchObject({
				resolved: true,
				applied_value: p.price + 5000,
				new_version: cloudNow.version
			});
			const second = await resolve(conflictId, 'local_wins');
			expect(second.status).toBe(409);
			expect(second.body).toMatchObject({ success: false, error: 'conflict_already_resolved', data: done });
			expect((await openConflicts()).some((c) => c.conflict_id === conflictId)).toBe(false);
			const all = ConflictListResponse.parse((await cloud(server, JKT, '/conflicts?status=all')).body).data
				.conflicts;
			expect(all.find((c) => c.conflict_id === conflictId)).toMatchObject({
				status: 'resolved',
				strategy: 'cloud_wins',
				resolved_by: 'admin-user'
			});
		} finally {
			await stream.close();
		}
	});

	it('local_wins writes the outlet value (version + 1) and tells every outlet; newest_wins picks the later edit', async () => {
		const p = products[21] as UpdatedRow;
		const cloudNow = await hqPrice(p, p.price + 3000);
		const { result } = await staleEdit(p, { price: p.price + 1, stock: 99 }, '2099-01-01T00:00:00Z');
		expect(result.conflicts.map((c) => c.field).sort()).toEqual(['price', 'stock']);
		const price = result.conflicts.find((c) => c.field === 'price');
		const stock = result.conflicts.find((c) => c.field === 'stock');
		const jkt = await openStream(server, JKT);
		const bdg = await openStream(server, BDG);
		try {
			const a = ResolveResponse.parse((await resolve(String(price?.conflict_id), 'local_wins')).body).data;
			expect(a).toMatchObject({ applied_value: p.price + 1, new_version: cloudNow.version + 1 });
			for (const s of [jkt, bdg]) {
				const ev = await s.waitFor(
					(e) => e.event === 'entity.updated' && e.payload.cloud_id === p.cloud_id,
					'entity.updated after local_wins'
				);
				expect(ev.signatureValid).toBe(true);
				expect(ev.payload).toMatchObject({
					version: cloudNow.version + 1,
					data: expect.objectContaining({ price: p.price + 1 })
				});
			}
			// The local edit is dated 2099: newer than the cloud's, so newest_wins takes it.
			const b = ResolveResponse.parse((await resolve(String(stock?.conflict_id), 'newest_wins')).body).data;
			expect(b).toMatchObject({ applied_value: 99, new_version: cloudNow.version + 2 });
			const now = (await pullUpdates(server, JKT)).products.find((x) => x.cloud_id === p.cloud_id);
			expect(now).toMatchObject({ price: p.price + 1, stock: 99, version: cloudNow.version + 2 });
		} finally {
			await jkt.close();
			await bdg.close();
		}

		// An older local edit loses under newest_wins: the cloud value stays, the version does not move.
		const q = products[22] as UpdatedRow;
		const qNow = await hqPrice(q, q.price + 700);
		const old = await staleEdit(q, { price: q.price - 700 }, '2020-01-01T00:00:00Z');
		const c = ResolveResponse.parse(
			(await resolve(String(old.result.conflicts[0]?.conflict_id), 'newest_wins')).body
		).data;
		expect(c).toMatchObject({ applied_value: q.price + 700, new_version: qNow.version });
	});

	it("answers 404 for an unknown or another outlet's conflict and 400 naming a bad strategy", async () => {
		const p = products[23] as UpdatedRow;
		await hqPrice(p, p.price + 100);
		const { result } = await staleEdit(p, { price: p.price + 200 }, '2026-01-27T11:22:00Z');
		const id = String(result.conflicts[0]?.conflict_id);
		const unknown = await resolve('00000000-0000-4000-8000-000000000000', 'cloud_wins');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toBe('not_found');
		expect((await resolve('not-a-uuid', 'cloud_wins')).status).toBe(404);
		const other = await cloud(server, BDG, `/conflicts/${id}/resolve`, {
			json: { strategy: 'cloud_wins', resolved_by: 'x' }
		});
		expect(other.status).toBe(404);
		const bad = await resolve(id, 'coin_flip');
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({
			error: 'validation_error',
			message: expect.stringMatching(/^strategy/)
		});
		const noWho = await cloud(server, JKT, `/conflicts/${id}/resolve`, { json: { strategy: 'cloud_wins' } });
		expect(noWho.body.message).toBe('resolved_by is required');
		expect((await openConflicts()).some((c) => c.conflict_id === id)).toBe(true);
	});
});

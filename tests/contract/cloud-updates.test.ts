// Cloud updates since a checkpoint over real HTTP: HQ changes and deletions show after the
// checkpoint, paging by any size equals one full pull, bad parameters are named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdatesResponse } from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login } from './ho-helpers.ts';
import { cloud, JKT, MLG, pullUpdates, type UpdatedRow } from './cloud-helpers.ts';

let server: TestServer;
let token: string;
let full: Awaited<ReturnType<typeof pullUpdates>>;
beforeAll(async () => {
	server = await startServer();
	token = (await login(server)).access;
	full = await pullUpdates(server, JKT);
});
afterAll(async () => {
	await server?.stop();
});

const product = (i: number) => full.products[i] as UpdatedRow;

describe('GET …/updates', () => {
	it("pulls the company's whole catalogue from the start, as creates, with the outlet's config", async () => {
		expect(full.products.length).toBeGreaterThanOrEqual(80);
		expect(full.categories.length).toBeGreaterThanOrEqual(10);
		expect(full.deleted).toEqual([]);
		expect(full.products.every((p) => p.action === 'create' && p.local_id === p.cloud_id)).toBe(true);
		expect(full.config).toMatchObject({ tax_rate: expect.any(Number), service_rate: expect.any(Number) });
		expect(full.checkpoint).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
		const r = await cloud(server, JKT, '/updates');
		expect(() => UpdatesResponse.parse(r.body)).not.toThrow();
		// Another company's outlet sees only its own catalogue.
		const mlg = await pullUpdates(server, MLG);
		const ids = new Set(full.products.map((p) => p.cloud_id));
		expect(mlg.products.length).toBeGreaterThan(0);
		expect(mlg.products.some((p) => ids.has(p.cloud_id))).toBe(false);
	});

	it('pages by any limit without skipping or repeating (products and categories interleaved)', async () => {
		const paged = await pullUpdates(server, JKT, undefined, 7);
		expect(paged.pages).toBeGreaterThan(10);
		expect(paged.products.map((p) => p.cloud_id)).toEqual(full.products.map((p) => p.cloud_id));
		expect(paged.categories.map((c) => c.cloud_id)).toEqual(full.categories.map((c) => c.cloud_id));
		expect(paged.checkpoint).toBe(full.checkpoint);
	});

	it('answers the same checkpoint and nothing when nothing changed', async () => {
		const r = await cloud(server, JKT, `/updates?since=${encodeURIComponent(full.checkpoint)}`);
		expect(UpdatesResponse.parse(r.body).data).toEqual({
			products: [],
			categories: [],
			deleted: [],
			sync_checkpoint: full.checkpoint,
			has_more: false
		});
	});

	it('shows an HQ price change as an update and an HQ delete as a tombstone after the checkpoint', async () => {
		const since = (await pullUpdates(server, JKT, full.checkpoint)).checkpoint;
		const changed = product(10);
		const gone = product(11);
		const patch = await call(server, `/api/v1/admin/products/${changed.cloud_id}`, {
			method: 'PATCH',
			token,
			json: { price: 42000, reason: 'Price adjustment from headquarters' }
		});
		expect(patch.status).toBe(200);
		const del = await call(server, `/api/v1/admin/products/${gone.cloud_id}`, { method: 'DELETE', token });
		expect(del.status).toBe(200);
		const r = await pullUpdates(server, JKT, since);
		expect(r.products).toEqual([
			expect.objectContaining({
				cloud_id: changed.cloud_id,
				local_id: changed.cloud_id,
				price: 42000,
				version: changed.version + 1,
				action: 'update'
			})
		]);
		expect(r.deleted).toEqual([
			{
				entity_type: 'product',
				local_id: gone.cloud_id,
				cloud_id: gone.cloud_id,
				deleted_at: expect.stringMatching(/Z$/)
			}
		]);
		expect(r.categories).toEqual([]);
		expect(r.checkpoint > since).toBe(true);
		// The deleted product is no longer in a full pull's products, only in deleted.
		const again = await pullUpdates(server, JKT);
		expect(again.products.some((p) => p.cloud_id === gone.cloud_id)).toBe(false);
		expect(again.deleted.map((d) => d.cloud_id)).toContain(gone.cloud_id);
	});

	it("carries the outlet's config when HQ changed it, and not another outlet's", async () => {
		const since = (await pullUpdates(server, JKT, full.checkpoint)).checkpoint;
		const r = await call(server, `/api/v1/admin/stores/${JKT.id}/config`, {
			method: 'PATCH',
			token,
			json: { service_rate: 7.5 }
		});
		expect(r.status).toBe(200);
		const mine = await pullUpdates(server, JKT, since);
		expect(mine.config).toMatchObject({ service_rate: 7.5 });
		expect(mine.products).toEqual([]);
	});

	it('names a bad since and a bad limit', async () => {
		const r = await cloud(server, JKT, '/updates?since=yesterday');
		expect(r.status).toBe(400);
		expect(r.body).toMatchObject({
			success: false,
			error: 'validation_error',
			message: expect.stringMatching(/^since/)
		});
		const l = await cloud(server, JKT, '/updates?limit=0');
		expect(l.status).toBe(400);
		expect(l.body.message).toMatch(/^limit/);
	});
});

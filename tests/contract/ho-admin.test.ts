// HQ admin actions over real HTTP: each change shows in master sync after the checkpoint (and, on
// PostgreSQL where the test can read the event log, one signed-payload event per outlet).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoResponse, ProductResponse } from '../../src/lib/contract/ho.ts';
import { encodePngForTest } from './ho-png.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, pullAll, session, type Row, type Session } from './ho-helpers.ts';

let server: TestServer;
let s: Session;
let products: Row[];
beforeAll(async () => {
	server = await startServer();
	s = await session(server);
	products = (await pullAll(server, s.token, 'products', s.companyId)).rows;
});
afterAll(async () => {
	await server?.stop();
});

const checkpointOf = async (entity: 'products' | 'stores') =>
	(await pullAll(server, s.token, entity, s.companyId)).checkpoint;
const product = (i: number) => {
	const p = products[i];
	if (!p) throw new Error(`no product ${i}`);
	return p;
};

/** Events the server wrote since an id (PostgreSQL only: the test reads the shared database). */
async function eventsAfter(lastId: number) {
	const client = new pg.Client({ connectionString: server.databaseUrl });
	await client.connect();
	try {
		const { rows } = await client.query<{
			id: string;
			outlet_id: string | null;
			event: string;
			payload: Record<string, unknown>;
		}>('select id, outlet_id::text, event, payload from events where id > $1 order by id', [lastId]);
		return rows;
	} finally {
		await client.end();
	}
}
async function lastEventId(): Promise<number> {
	if (!server.databaseUrl) return 0;
	const client = new pg.Client({ connectionString: server.databaseUrl });
	await client.connect();
	try {
		const { rows } = await client.query<{ n: string }>('select coalesce(max(id), 0) as n from events');
		return Number(rows[0]?.n ?? 0);
	} finally {
		await client.end();
	}
}
const onPostgres = process.env.KASIR_TEST_DB === 'postgres';

describe('PATCH /api/v1/admin/products/{id}', () => {
	it('changes price, stock and availability, bumps version, and the change shows after the checkpoint', async () => {
		const p = product(0);
		const since = await checkpointOf('products');
		const r = await call(server, `/api/v1/admin/products/${p.id}`, {
			method: 'PATCH',
			token: s.token,
			json: { price: 41000, stock: 12, is_available: false, reason: 'Price adjustment from headquarters' }
		});
		expect(r.status).toBe(200);
		const changed = ProductResponse.parse(r.body).data.product;
		expect(changed).toMatchObject({
			id: p.id,
			price: 41000,
			stock: 12,
			is_available: false,
			version: Number(p.version) + 1
		});
		const pulled = await pullAll(server, s.token, 'products', s.companyId, { since });
		expect(pulled.rows).toEqual([changed]);
		const again = await call(server, `/api/v1/admin/products/${p.id}`, {
			method: 'PATCH',
			token: s.token,
			json: { stock: null, name: 'Nasi Goreng Istimewa' }
		});
		expect(ProductResponse.parse(again.body).data.product).toMatchObject({
			stock: null,
			name: 'Nasi Goreng Istimewa',
			version: Number(p.version) + 2
		});
	});

	it.runIf(onPostgres)(
		'publishes entity.updated (seed 004 payload) to every outlet of the company in the same transaction',
		async () => {
			const p = product(1);
			const before = await lastEventId();
			const r = await call(server, `/api/v1/admin/products/${p.id}`, {
				method: 'PATCH',
				token: s.token,
				json: { price: 12345, reason: 'Promo' }
			});
			expect(r.status).toBe(200);
			const events = await eventsAfter(before);
			const stores = (await pullAll(server, s.token, 'stores', s.companyId)).rows;
			expect(events.map((e) => e.outlet_id).sort()).toEqual(stores.map((x) => x.id).sort());
			for (const e of events) {
				expect(e.event).toBe('entity.updated');
				expect(e.payload).toMatchObject({
					event: 'entity.updated',
					entity_type: 'product',
					cloud_id: p.id,
					local_id: p.id,
					version: Number(p.version) + 1,
					updated_by: 'central-system',
					reason: 'Promo'
				});
				expect((e.payload.data as Row).price).toBe(12345);
				expect(Date.parse(String(e.payload.timestamp))).not.toBeNaN();
			}
		}
	);

	it('refuses bad input with named 400s and unknown products with 404', async () => {
		const p = product(2);
		const patch = (id: string, json: unknown) =>
			call(server, `/api/v1/admin/products/${id}`, { method: 'PATCH', token: s.token, json });
		const cases: [unknown, RegExp][] = [
			[{}, /Nothing to change/],
			[{ reason: 'only a reason' }, /Nothing to change/],
			[{ price: 'mahal' }, /^price/],
			[{ price: -1 }, /^price/],
			[{ price: 1.5 }, /^price/],
			[{ is_available: 'yes' }, /^is_available/],
			[{ destination: 'garden' }, /^destination/],
			[{ bogus: 1 }, /bogus/],
			[{ category_id: '00000000-0000-4000-8000-000000000000' }, /category_id/],
			[[1], /./]
		];
		for (const [json, msg] of cases) {
			const r = await patch(p.id, json);
			expect(r.status, JSON.stringify(json)).toBe(400);
			expect(r.body.message, JSON.stringify(json)).toMatch(msg);
		}
		for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
			const r = await patch(id, { price: 1000 });
			expect(r.status).toBe(404);
			expect(r.body).toEqual({ status: 'error', message: 'Product not found' });
		}
		const broken = await call(server, `/api/v1/admin/products/${p.id}`, {
			method: 'PATCH',
			token: s.token,
			headers: { 'content-type': 'application/json' },
			body: '{"price": 1'
		});
		expect(broken.status).toBe(400);
		expect(broken.body.message).toMatch(/Malformed JSON/);
	});

	it("cannot touch another company's product", async () => {
		const other = await login(server, 'lestari', 'lestari1234');
		const r = await call(server, `/api/v1/admin/products/${product(3).id}`, {
			method: 'PATCH',
			token: other.access,
			json: { price: 1 }
		});
		expect(r.status).toBe(404);
		const d = await call(server, `/api/v1/admin/products/${product(3).id}`, {
			method: 'DELETE',
			token: other.access
		});
		expect(d.status).toBe(404);
	});
});

describe('DELETE /api/v1/admin/products/{id}', () => {
	it('soft-deletes: the product comes back as a tombstone after the checkpoint, and is gone for admin', async () => {
		const p = product(4);
		const since = await checkpointOf('products');
		const before = await lastEventId();
		const r = await call(server, `/api/v1/admin/products/${p.id}`, { method: 'DELETE', token: s.token });
		expect(r.status).toBe(200);
		expect(r.body.data).toMatchObject({ id: p.id });
		const pulled = await pullAll(server, s.token, 'products', s.companyId, { since });
		expect(pulled.rows).toHaveLength(1);
		expect(pulled.rows[0]).toMatchObject({ id: p.id, is_deleted: true });
		expect(pulled.rows[0]?.deleted_at).toBe((r.body.data as { deleted_at: string }).deleted_at);
		expect(
			(await call(server, `/api/v1/admin/products/${p.id}`, { method: 'DELETE', token: s.token })).status
		).toBe(404);
		expect(
			(
				await call(server, `/api/v1/admin/products/${p.id}`, {
					method: 'PATCH',
					token: s.token,
					json: { price: 1 }
				})
			).status
		).toBe(404);
		if (onPostgres) {
			const events = await eventsAfter(before);
			expect(events.length).toBeGreaterThanOrEqual(3);
			for (const e of events) {
				expect(e.event).toBe('entity.deleted');
				expect(e.payload).toMatchObject({
					event: 'entity.deleted',
					entity_type: 'product',
					cloud_id: p.id,
					local_id: p.id
				});
				expect(e.payload.deleted_at).toBe(pulled.rows[0]?.deleted_at);
			}
		}
	});
});

describe('POST /api/v1/admin/broadcasts', () => {
	it('sends to every outlet of the company and validates the body', async () => {
		const before = await lastEventId();
		const r = await call(server, '/api/v1/admin/broadcasts', {
			method: 'POST',
			token: s.token,
			json: { title: 'Stok Habis', message: 'Ayam bakar habis untuk hari ini', level: 'warning' }
		});
		expect(r.status).toBe(200);
		expect(r.body.data).toMatchObject({ outlets: 3 });
		if (onPostgres) {
			const events = await eventsAfter(before);
			expect(events).toHaveLength(3);
			for (const e of events)
				expect(e.payload).toMatchObject({
					event: 'broadcast.message',
					message_id: (r.body.data as { message_id: string }).message_id,
					title: 'Stok Habis',
					level: 'warning'
				});
		}
		for (const json of [
			{ message: 'x' },
			{ title: 'x', message: '' },
			{ title: 'x', message: 'y', level: 'panic' }
		]) {
			const bad = await call(server, '/api/v1/admin/broadcasts', { method: 'POST', token: s.token, json });
			expect(bad.status, JSON.stringify(json)).toBe(400);
		}
	});
});

describe('PATCH /api/v1/admin/stores/{id}/config', () => {
	it('merges into the config (sync_intervals too) and the store shows after the checkpoint', async () => {
		const since = await checkpointOf('stores');
		const before = await lastEventId();
		const r = await call(server, `/api/v1/admin/stores/${s.jktStoreId}/config`, {
			method: 'PATCH',
			token: s.token,
			json: { tax_rate: 11, receipt_footer: 'Sampai jumpa lagi', sync_intervals: { pull_seconds: 15 } }
		});
		expect(r.status).toBe(200);
		const config = (r.body.data as { config: Record<string, unknown> }).config;
		expect(config).toMatchObject({ tax_rate: 11, service_rate: 5, receipt_footer: 'Sampai jumpa lagi' });
		expect(config.sync_intervals).toMatchObject({ pull_seconds: 15, push_seconds: 30 });
		const pulled = await pullAll(server, s.token, 'stores', s.companyId, { since });
		expect(pulled.rows.map((x) => x.id)).toEqual([s.jktStoreId]);
		expect(pulled.rows[0]?.config).toEqual(config);
		if (onPostgres) {
			const events = await eventsAfter(before);
			expect(events).toHaveLength(1);
			expect(events[0]).toMatchObject({ outlet_id: s.jktStoreId, event: 'config.updated' });
			expect(events[0]?.payload).toMatchObject({ event: 'config.updated', outlet_id: s.jktStoreId, config });
		}
	});

	it('400 for bad settings, 404 for unknown or foreign stores', async () => {
		const put = (id: string, json: unknown, token = s.token) =>
			call(server, `/api/v1/admin/stores/${id}/config`, { method: 'PATCH', token, json });
		for (const json of [
			{ tax_rate: 'ten' },
			{ tax_rate: 101 },
			{ service_rate: -1 },
			{ colour: 'red' },
			{ sync_intervals: { pull_seconds: 'x' } }
		])
			expect((await put(s.jktStoreId, json)).status, JSON.stringify(json)).toBe(400);
		expect((await put('00000000-0000-4000-8000-000000000000', { tax_rate: 5 })).status).toBe(404);
		expect((await put('x', { tax_rate: 5 })).status).toBe(404);
		const other = await login(server, 'lestari', 'lestari1234');
		expect((await put(s.jktStoreId, { tax_rate: 5 }, other.access)).status).toBe(404);
	});
});

describe('PUT /api/v1/admin/products/{id}/photo', () => {
	it('stores an uploaded PNG (new checksum, version + 1) and generates one for an empty body', async () => {
		const p = product(6);
		const png = encodePngForTest(32, 32, [200, 30, 60]);
		const r = await call(server, `/api/v1/admin/products/${p.id}/photo`, {
			method: 'PUT',
			token: s.token,
			headers: { 'content-type': 'image/png' },
			body: new Uint8Array(png)
		});
		expect(r.status).toBe(200);
		const photo = PhotoResponse.parse(r.body).data.photo;
		expect(photo).toMatchObject({
			product_id: p.id,
			version: 2,
			size: png.length,
			content_type: 'image/png'
		});
		const res = await fetch(
			`${server.url}/api/v1/sync/product-photos/${photo.id}/download/?store_id=${s.jktStoreId}`,
			{
				headers: { authorization: `Bearer ${s.token}` }
			}
		);
		expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
		expect(res.headers.get('x-version')).toBe('2');
		const gen = await call(server, `/api/v1/admin/products/${p.id}/photo`, { method: 'PUT', token: s.token });
		const generated = PhotoResponse.parse(gen.body).data.photo;
		expect(generated.version).toBe(3);
		expect(generated.checksum).not.toBe(photo.checksum);
	});

	it('refuses non-images and unknown products', async () => {
		const p = product(7);
		const r = await call(server, `/api/v1/admin/products/${p.id}/photo`, {
			method: 'PUT',
			token: s.token,
			headers: { 'content-type': 'image/png' },
			body: 'not a picture'
		});
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/not a PNG, JPEG or WebP/);
		const u = await call(server, '/api/v1/admin/products/00000000-0000-4000-8000-000000000000/photo', {
			method: 'PUT',
			token: s.token
		});
		expect(u.status).toBe(404);
		const huge = await call(server, `/api/v1/admin/products/${p.id}/photo`, {
			method: 'PUT',
			token: s.token,
			headers: { 'content-type': 'image/png' },
			body: new Uint8Array(6 * 1024 * 1024)
		});
		expect(huge.status).toBe(413);
		expect(huge.body.message).toMatch(/too large/);
	});
});

describe('test hooks and the reference', () => {
	it('the corrupt hook does not exist unless KASIR_TEST_HOOKS=1', async () => {
		const r = await call(server, '/api/v1/admin/photos/00000000-0000-4000-8000-000000000000/corrupt', {
			method: 'POST',
			token: s.token,
			json: {}
		});
		expect(r.status).toBe(404);
	});

	it('/api/openapi.json documents every HO route', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
			paths: Record<string, Record<string, unknown>>;
		};
		const expected: [string, string][] = [
			['/api/auth/login/', 'post'],
			['/api/auth/refresh/', 'post'],
			...['companies', 'brands', 'stores', 'categories', 'products', 'modifiers'].map(
				(e): [string, string] => [`/api/sync/${e}/`, 'get']
			),
			['/api/v1/sync/product-photos/', 'get'],
			['/api/v1/sync/product-photos/{photo_id}/download/', 'get'],
			['/api/v1/sync/product-photos/status/', 'post'],
			['/api/v1/admin/products/{id}', 'patch'],
			['/api/v1/admin/products/{id}', 'delete'],
			['/api/v1/admin/products/{id}/photo', 'put'],
			['/api/v1/admin/broadcasts', 'post'],
			['/api/v1/admin/stores/{id}/config', 'patch']
		];
		for (const [path, method] of expected)
			expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
	});
});

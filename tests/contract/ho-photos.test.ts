// Product photo sync (seed 002) over real HTTP: list, paging, download headers and MD5, status, errors.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoListResponse, type Photo } from '../../src/lib/contract/ho.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, session, type Session } from './ho-helpers.ts';

const run = promisify(execFile);
let server: TestServer;
let s: Session;
let dir: string;
beforeAll(async () => {
	server = await startServer({ env: { KASIR_TEST_HOOKS: '1' } });
	s = await session(server);
	dir = mkdtempSync(join(tmpdir(), 'kasir-photos-'));
});
afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const list = async (query: string, token = s.token) =>
	call(server, `/api/v1/sync/product-photos/?${query}`, { token });
const download = (photoId: string, storeId = s.jktStoreId, token = s.token) =>
	fetch(`${server.url}/api/v1/sync/product-photos/${photoId}/download/?store_id=${storeId}`, {
		headers: { authorization: `Bearer ${token}` }
	});

async function listAll(query = ''): Promise<Photo[]> {
	const out: Photo[] = [];
	let offset = 0;
	for (;;) {
		const r = await list(`store_id=${s.jktStoreId}&limit=10&offset=${offset}${query}`);
		expect(r.status).toBe(200);
		const data = PhotoListResponse.parse(r.body).data;
		out.push(...data.photos);
		if (!data.has_more) return out;
		expect(data.next_offset).toBe(offset + data.photos.length);
		offset = data.next_offset ?? 0;
	}
}

describe('GET /api/v1/sync/product-photos/', () => {
	it('lists one photo per product with every field the seed lists, in its envelope', async () => {
		const r = await list(`store_id=${s.jktStoreId}&limit=10&offset=0`);
		expect(r.status).toBe(200);
		const body = PhotoListResponse.parse(r.body);
		expect(body.data.photos).toHaveLength(10);
		expect(body.data.has_more).toBe(true);
		expect(body.data.next_offset).toBe(10);
		const p = body.data.photos[0];
		for (const key of [
			'id',
			'product_id',
			'product_sku',
			'product_name',
			'object_key',
			'filename',
			'size',
			'content_type',
			'checksum',
			'version',
			'is_primary',
			'sort_order',
			'updated_at',
			'image_url'
		])
			expect(p, key).toHaveProperty(key);
		expect(p?.object_key).toBe(`products/${p?.product_id}/primary.png`);
		expect(p?.content_type).toBe('image/png');
		expect(p?.checksum).toMatch(/^[0-9a-f]{32}$/);
		expect(p?.version).toBe(1);
		expect(p?.image_url).toBe(
			`${server.url}/api/v1/sync/product-photos/${p?.id}/download/?store_id=${s.jktStoreId}`
		);
	});

	it('pages by offset through every product photo exactly once; total matches', async () => {
		const photos = await listAll();
		const first = await list(`store_id=${s.jktStoreId}`);
		expect(first.body.data?.total).toBe(photos.length);
		expect(photos.length).toBeGreaterThanOrEqual(75);
		expect(new Set(photos.map((p) => p.id)).size).toBe(photos.length);
		expect(new Set(photos.map((p) => p.product_id)).size).toBe(photos.length);
		expect(new Set(photos.map((p) => p.checksum)).size).toBe(photos.length); // distinct pictures
		const beyond = await list(`store_id=${s.jktStoreId}&offset=100000`);
		expect(beyond.body.data).toMatchObject({
			photos: [],
			has_more: false,
			next_offset: null,
			total: photos.length
		});
	});

	it('400 "store_id is required", 404 "Store not found", 400 for malformed parameters', async () => {
		expect((await list('')).body).toEqual({ status: 'error', message: 'store_id is required' });
		expect((await list('')).status).toBe(400);
		const unknown = await list('store_id=00000000-0000-4000-8000-000000000000');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ status: 'error', message: 'Store not found' });
		for (const [q, msg] of [
			['store_id=x', /^store_id /],
			[`store_id=${s.jktStoreId}&since=garbage`, /^since /],
			[`store_id=${s.jktStoreId}&limit=0`, /^limit /],
			[`store_id=${s.jktStoreId}&limit=99999999999`, /^limit /],
			[`store_id=${s.jktStoreId}&offset=-5`, /^offset /]
		] as const) {
			const r = await list(q);
			expect(r.status, q).toBe(400);
			expect(r.body.message, q).toMatch(msg);
		}
	});

	it("403 for another company's store", async () => {
		const other = await login(server, 'lestari', 'lestari1234');
		const r = await list(`store_id=${s.jktStoreId}`, other.access);
		expect(r.status).toBe(403);
		const d = await download((await listAll())[0]?.id ?? '', s.jktStoreId, other.access);
		expect(d.status).toBe(403);
	});
});

describe('GET /api/v1/sync/product-photos/<id>/download/', () => {
	it('sends the bytes with the seed headers; MD5 of the bytes equals X-Checksum and the list checksum', async () => {
		const photos = (await listAll()).slice(0, 8);
		for (const p of photos) {
			const res = await download(p.id);
			expect(res.status).toBe(200);
			const bytes = new Uint8Array(await res.arrayBuffer());
			expect(res.headers.get('content-type')).toBe('image/png');
			expect(res.headers.get('content-length')).toBe(String(bytes.length));
			expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${p.filename}"`);
			expect(res.headers.get('x-checksum')).toBe(md5(bytes));
			expect(res.headers.get('x-version')).toBe('1');
			expect(md5(bytes)).toBe(p.checksum);
			expect(bytes.length).toBe(p.size);
			expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		}
	});

	it('404 "Photo not found" for unknown or malformed ids; 400 without store_id', async () => {
		for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
			const res = await download(id);
			expect(res.status).toBe(404);
			expect(await res.json()).toEqual({ status: 'error', message: 'Photo not found' });
		}
		const p = (await listAll())[0];
		const res = await fetch(`${server.url}/api/v1/sync/product-photos/${p?.id}/download/`, {
			headers: { authorization: `Bearer ${s.token}` }
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ status: 'error', message: 'store_id is required' });
	});

	it('the test hook sends altered bytes under the true checksum, then recovers', async () => {
		const p = (await listAll())[3];
		if (!p) throw new Error('no photo');
		const armed = await call(server, `/api/v1/admin/photos/${p.id}/corrupt`, {
			method: 'POST',
			token: s.token,
			json: { count: 1 }
		});
		expect(armed.status).toBe(200);
		const bad = await download(p.id);
		const badBytes = new Uint8Array(await bad.arrayBuffer());
		expect(bad.headers.get('x-checksum')).toBe(p.checksum);
		expect(md5(badBytes)).not.toBe(p.checksum);
		const good = await download(p.id);
		expect(md5(new Uint8Array(await good.arrayBuffer()))).toBe(p.checksum);
	});
});

describe('POST /api/v1/sync/product-photos/status/', () => {
	it('stores a batch and answers the seed message', async () => {
		const [a, b] = await listAll();
		const r = await call(server, '/api/v1/sync/product-photos/status/', {
			method: 'POST',
			token: s.token,
			json: {
				store_id: s.jktStoreId,
				sync_batch: [
					{ photo_id: a?.id, status: 'synced', synced_at: '2026-02-03T10:05:00Z', error: null },
					{ photo_id: b?.id, status: 'failed', synced_at: null, error: 'Network timeout' }
				]
			}
		});
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ status: 'success', message: 'Sync status updated for 2 photos' });
	});

	it('validates the batch: names the field, 404 for an unknown store, 400 for broken JSON', async () => {
		const post = (json: unknown) =>
			call(server, '/api/v1/sync/product-photos/status/', { method: 'POST', token: s.token, json });
		const photoId = (await listAll())[0]?.id;
		let r = await post({ sync_batch: [{ photo_id: photoId, status: 'synced' }] });
		expect(r.status).toBe(400);
		expect(r.body.message).toBe('store_id is required');
		r = await post({ store_id: s.jktStoreId, sync_batch: [{ photo_id: photoId, status: 'done' }] });
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/^sync_batch\.0\.status/);
		r = await post({ store_id: s.jktStoreId, sync_batch: [] });
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/^sync_batch /);
		r = await post({ store_id: s.jktStoreId, sync_batch: 'x' });
		expect(r.status).toBe(400);
		r = await post({
			store_id: '00000000-0000-4000-8000-000000000000',
			sync_batch: [{ photo_id: photoId, status: 'synced' }]
		});
		expect(r.status).toBe(404);
		expect(r.body.message).toBe('Store not found');
		r = await call(server, '/api/v1/sync/product-photos/status/', {
			method: 'POST',
			token: s.token,
			headers: { 'content-type': 'application/json' },
			body: '{"store_id":'
		});
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/Malformed JSON/);
	});
});

describe('incremental sync: replaced and deleted photos', () => {
	it('a replaced photo comes back after since with version 2 and a new checksum; a deleted product’s photo as is_deleted', async () => {
		const before = await listAll();
		const since =
			before
				.map((p) => p.updated_at)
				.sort()
				.at(-1) ?? '';
		const [replaced, gone] = before;
		if (!replaced || !gone) throw new Error('no photos');
		const put = await call(server, `/api/v1/admin/products/${replaced.product_id}/photo`, {
			method: 'PUT',
			token: s.token
		});
		expect(put.status).toBe(200);
		const del = await call(server, `/api/v1/admin/products/${gone.product_id}`, {
			method: 'DELETE',
			token: s.token
		});
		expect(del.status).toBe(200);

		const changed = await listAll(`&since=${encodeURIComponent(since)}`);
		expect(changed.map((p) => p.id).sort()).toEqual([replaced.id, gone.id].sort());
		const r2 = changed.find((p) => p.id === replaced.id);
		expect(r2).toMatchObject({ version: 2, is_deleted: false });
		expect(r2?.checksum).not.toBe(replaced.checksum);
		const res = await download(replaced.id);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect(md5(bytes)).toBe(r2?.checksum);
		expect(res.headers.get('x-version')).toBe('2');
		expect(changed.find((p) => p.id === gone.id)?.is_deleted).toBe(true);
		expect((await download(gone.id)).status).toBe(404);

		const full = await listAll();
		expect(full.map((p) => p.id)).not.toContain(gone.id);
		expect(full).toHaveLength(before.length - 1);
		const latest =
			changed
				.map((p) => p.updated_at)
				.sort()
				.at(-1) ?? '';
		expect(await listAll(`&since=${encodeURIComponent(latest)}`)).toEqual([]);
	});
});

describe('the seed 002 curl examples against the demo server with a real token', () => {
	it('list, download (-o file) and status report work as written', async () => {
		const auth = `Authorization: Bearer ${s.token}`;
		const listOut = await run('curl', [
			'-s',
			'-X',
			'GET',
			`${server.url}/api/v1/sync/product-photos/?store_id=${s.jktStoreId}&limit=10&offset=0`,
			'-H',
			auth
		]);
		const listed = PhotoListResponse.parse(JSON.parse(listOut.stdout));
		expect(listed.data.photos).toHaveLength(10);
		const photo = listed.data.photos[0];
		const file = join(dir, 'product_image.png');
		const dl = await run('curl', [
			'-s',
			'-D',
			'-',
			'-X',
			'GET',
			`${server.url}/api/v1/sync/product-photos/${photo?.id}/download/?store_id=${s.jktStoreId}`,
			'-H',
			auth,
			'-o',
			file
		]);
		expect(dl.stdout).toMatch(/x-checksum: [0-9a-f]{32}/i);
		expect(md5(readFileSync(file))).toBe(photo?.checksum);
		const body = JSON.stringify({
			store_id: s.jktStoreId,
			sync_batch: [{ photo_id: photo?.id, status: 'synced', synced_at: '2026-02-03T10:05:00Z', error: null }]
		});
		const st = await run('curl', [
			'-s',
			'-X',
			'POST',
			`${server.url}/api/v1/sync/product-photos/status/`,
			'-H',
			auth,
			'-H',
			'Content-Type: application/json',
			'-d',
			body
		]);
		expect(JSON.parse(st.stdout)).toEqual({ status: 'success', message: 'Sync status updated for 1 photos' });
	});
});

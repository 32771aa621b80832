// The outlet edge over real HTTP: an upstream reference server (demo data) and an edge process in
// front of it. The edge mirrors the outlet's company with the same ids, serves it on its own
// /api/sync/* with its own checkpoints, logs tablets in (upstream decides while it answers; the kept
// password works while it is down), and says all of it on /api/edge/status.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoListResponse, PhotoResponse, type MasterEntity } from '../../src/lib/contract/ho.ts';
import { hashPassword } from '../../server/auth.ts';
import { edgeStatus, mirrorPulled, startEdgeServer } from '../helpers/edge-server.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';
import { authHeaders, JKT } from './cloud-helpers.ts';
import { call, login, pullAll, session, type Session } from './ho-helpers.ts';

let up: TestServer;
let edge: TestServer;
let s: Session;

beforeAll(async () => {
	up = await startServer({ env: { KASIR_TEST_HOOKS: '1' } });
	s = await session(up);
	edge = await startEdgeServer(up);
	await mirrorPulled(edge);
}, 150_000);
afterAll(async () => {
	await edge?.stop();
	await up?.stop();
});

const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

const listPhotos = async (server: TestServer, token: string) =>
	PhotoListResponse.parse(
		(await call(server, `/api/v1/sync/product-photos/?store_id=${s.jktStoreId}&limit=1000`, { token })).body
	).data.photos;

async function setUpstreamPassword(password: string) {
	const r = await call(up, '/api/test/sql', {
		method: 'POST',
		json: {
			sql: 'update users set password_hash = $1 where username = $2',
			params: [hashPassword(password), 'demo']
		}
	});
	expect(r.status).toBe(200);
}

describe('outlet edge', () => {
	it("mirrors the outlet's company: the edge serves the upstream rows with the same ids, and the photos", async () => {
		const tablet = await login(edge);
		expect(tablet.user.company_id).toBe(s.companyId);
		const entities: MasterEntity[] = ['companies', 'brands', 'stores', 'categories', 'products', 'modifiers'];
		for (const entity of entities) {
			const upstream = await pullAll(up, s.token, entity, s.companyId, { limit: 1000 });
			const mirrored = await pullAll(edge, tablet.access, entity, s.companyId, { limit: 1000 });
			expect(mirrored.rows.length, entity).toBe(upstream.rows.length);
			// Same rows, field for field (the edge's own change stamps are not on the wire).
			expect(byId(mirrored.rows), entity).toEqual(byId(upstream.rows));
		}
		const products = await pullAll(edge, tablet.access, 'products', s.companyId, { limit: 1000 });
		expect(products.rows.length).toBeGreaterThan(50);

		const upPhotos = await listPhotos(up, s.token);
		const edgePhotos = await listPhotos(edge, tablet.access);
		expect(edgePhotos.map((p) => [p.id, p.checksum]).sort()).toEqual(
			upPhotos.map((p) => [p.id, p.checksum]).sort()
		);
		const photo = edgePhotos[0];
		if (!photo) throw new Error('no photo at the edge');
		const res = await fetch(
			`${edge.url}/api/v1/sync/product-photos/${photo.id}/download/?store_id=${s.jktStoreId}`,
			{ headers: { authorization: `Bearer ${tablet.access}` } }
		);
		expect(res.status).toBe(200);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect(md5(bytes)).toBe(photo.checksum);
		expect(res.headers.get('x-checksum')).toBe(photo.checksum);
	});

	it('takes a changed photo only with bytes that match its checksum, retrying a corrupt download', async () => {
		const tablet = await login(edge);
		const photos = await listPhotos(up, s.token);
		const target = photos[5];
		if (!target) throw new Error('no photo');
		const rejectedBefore = (await edgeStatus(edge)).parts.mirror?.photos_rejected;
		// The edge's next two downloads of this photo get altered bytes under the true checksum.
		const armed = await call(up, `/api/v1/admin/photos/${target.id}/corrupt`, {
			method: 'POST',
			token: s.token,
			json: { count: 2 }
		});
		expect(armed.status).toBe(200);
		const replaced = await fetch(`${up.url}/api/v1/admin/products/${target.product_id}/photo`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${s.token}` }
		});
		expect(replaced.status).toBe(200);
		const fresh = PhotoResponse.parse(await replaced.json()).data.photo;
		expect(fresh.id).toBe(target.id);
		expect(fresh.checksum).not.toBe(target.checksum);
		await until(
			async () =>
				(await listPhotos(edge, tablet.access)).find((p) => p.id === fresh.id)?.checksum === fresh.checksum,
			{ what: 'the replaced photo at the edge', timeoutMs: 40_000 }
		);
		expect((await edgeStatus(edge)).parts.mirror?.photos_rejected).toBe(Number(rejectedBefore) + 2);
		const res = await fetch(
			`${edge.url}/api/v1/sync/product-photos/${fresh.id}/download/?store_id=${s.jktStoreId}`,
			{ headers: { authorization: `Bearer ${tablet.access}` } }
		);
		expect(md5(new Uint8Array(await res.arrayBuffer()))).toBe(fresh.checksum);
	}, 60_000);

	it("lets a tablet use the outlet's cloud API key at the edge", async () => {
		const r = await fetch(`${edge.url}/api/v1/outlets/${JKT.id}/sync/status`, { headers: authHeaders(JKT) });
		expect(r.status).toBe(200);
		const wrong = await fetch(`${edge.url}/api/v1/outlets/${JKT.id}/sync/status`, {
			headers: authHeaders({ ...JKT, key: 'demo-key-bdg-001' })
		});
		expect(wrong.status).toBe(401);
	});

	it("brings a price change upstream to the edge on its next pull, after the edge's own checkpoint", async () => {
		const tablet = await login(edge);
		const before = await pullAll(edge, tablet.access, 'products', s.companyId, { limit: 1000 });
		const target = before.rows[3];
		if (!target) throw new Error('no product');
		const price = Number(target.price) + 1500;
		const patched = await call(up, `/api/v1/admin/products/${target.id}`, {
			method: 'PATCH',
			token: s.token,
			json: { price, reason: 'HQ price change' }
		});
		expect(patched.status).toBe(200);
		const changed = await until(
			async () => {
				const page = await pullAll(edge, tablet.access, 'products', s.companyId, {
					since: before.checkpoint
				});
				return page.rows.length ? page.rows : null;
			},
			{ what: 'the price change at the edge', timeoutMs: 40_000 }
		);
		expect(changed).toEqual([(patched.body.data as { product: unknown }).product]);
		expect(changed[0]?.price).toBe(price);
	}, 60_000);

	it('follows two products that swapped SKUs upstream', async () => {
		const tablet = await login(edge);
		const before = await pullAll(edge, tablet.access, 'products', s.companyId, { limit: 1000 });
		const [a, b] = [before.rows[10], before.rows[11]];
		if (!a || !b) throw new Error('no products');
		const sql = async (statement: string, params: unknown[]) =>
			expect(
				(await call(up, '/api/test/sql', { method: 'POST', json: { sql: statement, params } })).status
			).toBe(200);
		// Three steps upstream; the edge only ever sees the end state.
		await sql("update products set sku = 'SWAP-TMP' where id = $1", [a.id]);
		await sql('update products set sku = $1 where id = $2', [a.sku, b.id]);
		await sql('update products set sku = $1 where id = $2', [b.sku, a.id]);
		await until(
			async () => {
				const now = (await pullAll(edge, tablet.access, 'products', s.companyId, { limit: 1000 })).rows;
				const skuOf = (id: string) => now.find((r) => r.id === id)?.sku;
				return skuOf(a.id) === b.sku && skuOf(b.id) === a.sku;
			},
			{ what: 'the swapped SKUs at the edge', timeoutMs: 40_000 }
		);
		expect((await edgeStatus(edge)).parts.mirror?.last_error).toBeNull();
	}, 60_000);

	it('answers its status (no secrets) and a small status page', async () => {
		const st = await edgeStatus(edge);
		expect(st).toMatchObject({
			mode: 'edge',
			outlet: { id: JKT.id, code: 'JKT-001' },
			upstream: { reachable: true, last_error: null }
		});
		expect(typeof st.edge_id).toBe('string');
		expect(typeof st.upstream.last_ok_at).toBe('string');
		expect(st.parts.mirror).toMatchObject({
			state: expect.stringMatching(/^(ok|pulling)$/),
			last_error: null
		});
		expect((st.parts.mirror?.rows as Record<string, number>).products).toBeGreaterThan(50);
		const page = await fetch(`${edge.url}/edge`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		const html = await page.text();
		expect(html).toContain('JKT-001');
		for (const secret of ['demo-key-jkt-001', 'demo1234']) {
			expect(html).not.toContain(secret);
			expect(JSON.stringify(st)).not.toContain(secret);
		}
	});

	it('refuses a password upstream refuses, even one the edge kept before it changed upstream', async () => {
		expect((await login(edge)).user.username).toBe('demo');
		const wrong = await call(edge, '/api/auth/login/', {
			method: 'POST',
			json: { username: 'demo', password: 'not-the-password' }
		});
		expect(wrong.status).toBe(401);
		try {
			await setUpstreamPassword('changed-at-hq-5678');
			const old = await call(edge, '/api/auth/login/', {
				method: 'POST',
				json: { username: 'demo', password: 'demo1234' }
			});
			expect(old.status).toBe(401);
			expect((await login(edge, 'demo', 'changed-at-hq-5678')).user.username).toBe('demo');
		} finally {
			await setUpstreamPassword('demo1234');
		}
		// The edge keeps the password of the last successful login.
		expect((await login(edge, 'demo', 'demo1234')).user.username).toBe('demo');
	});

	it('with upstream stopped: the same user logs in at the edge, a wrong password is refused, the mirror stays, also across a restart', async () => {
		const before = await pullAll(edge, (await login(edge)).access, 'products', s.companyId, { limit: 1000 });
		await up.halt();
		const tablet = await login(edge, 'demo', 'demo1234');
		const during = await pullAll(edge, tablet.access, 'products', s.companyId, { limit: 1000 });
		expect(byId(during.rows)).toEqual(byId(before.rows));
		const wrong = await call(edge, '/api/auth/login/', {
			method: 'POST',
			json: { username: 'demo', password: 'not-the-password' }
		});
		expect(wrong.status).toBe(401);
		const st = await until(
			async () => {
				const x = await edgeStatus(edge);
				return !x.upstream.reachable && x.parts.mirror?.state === 'error' ? x : null;
			},
			{ what: 'the edge to show the upstream outage', timeoutMs: 40_000 }
		);
		expect(st.upstream.last_error).toEqual(expect.any(String));
		expect(st.parts.mirror?.last_error).toEqual(expect.any(String));
		expect(st.outlet).toEqual({ id: JKT.id, code: 'JKT-001' });
		expect((st.parts.mirror?.rows as Record<string, number>).products).toBe(before.rows.length);

		// Restarted while upstream is still down: it knows its outlet, its users and its mirror at once.
		await edge.restart();
		const again = await edgeStatus(edge);
		expect(again.outlet).toEqual({ id: JKT.id, code: 'JKT-001' });
		const after = await login(edge, 'demo', 'demo1234');
		const served = await pullAll(edge, after.access, 'products', s.companyId, { limit: 1000 });
		expect(byId(served.rows)).toEqual(byId(before.rows));
		const key = await fetch(`${edge.url}/api/v1/outlets/${JKT.id}/sync/status`, {
			headers: authHeaders(JKT)
		});
		expect(key.status).toBe(200);
	}, 120_000);
});

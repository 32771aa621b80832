// Input the database cannot hold is refused at the edge with a 400 naming the field (NUL, lone
// surrogates, impossible calendar dates, deep nesting), a bad batch item fails alone, a 413 closes
// its connection cleanly, idempotency conflicts answer 422, concurrent analytics pushes tell the
// truth about `replaced`, and photo uploads are decoded, not sniffed.
import { request as httpRequest, Agent } from 'node:http';
import { deflateSync, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchResponse, CloudErrorBody, PushResponse } from '../../src/lib/contract/cloud.ts';
import { OTHER } from '../../server/seed/demo.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order, transaction } from './cloud-helpers.ts';
import { encodePngForTest } from './ho-png.ts';
import { call, login, pullAll, session, type Session } from './ho-helpers.ts';

let server: TestServer;
let s: Session;
beforeAll(async () => {
	server = await startServer();
	s = await session(server);
});
afterAll(async () => {
	await server?.stop();
});

const BAD_TIMESTAMPS = [
	'2026-02-30T00:00:00Z',
	'2026-04-31T10:00:00Z',
	'2026-01-01T00:00:00+14:30',
	'2026-01-01T00:00:00-15:00',
	'0000-01-01T00:00:00Z',
	'2026-01-01T24:00:00Z'
];

describe('impossible timestamps and dates', () => {
	it.each(BAD_TIMESTAMPS)(
		'refuses %s in an order, in since, and inside a batch item (naming the field)',
		async (t) => {
			const r = await cloud(server, JKT, '/orders', { json: order(JKT, { created_at: t }) });
			expect(r.status).toBe(400);
			expect(r.body).toMatchObject({ success: false, error: 'validation_error' });
			expect(r.body.message).toMatch(/^created_at /);
			const u = await cloud(server, JKT, `/updates?since=${encodeURIComponent(t)}`);
			expect(u.status).toBe(400);
			expect(u.body.message).toMatch(/^since /);
			const h = await call(
				server,
				`/api/sync/products/?company_id=${s.companyId}&since=${encodeURIComponent(t)}`,
				{
					token: s.token
				}
			);
			expect(h.status).toBe(400);
			expect(h.body).toMatchObject({ status: 'error', message: expect.stringMatching(/^since /) });
			const b = await cloud(server, JKT, '/sync/batch', {
				json: {
					items: [
						{
							entity_type: 'order',
							data: order(JKT, { payment_info: { method: 'cash', amount: 1, paid_at: t } })
						},
						{ entity_type: 'order', data: order(JKT) }
					]
				}
			});
			expect(b.status).toBe(200);
			const results = BatchResponse.parse(b.body).data.results;
			expect(results[0]).toMatchObject({ status: 'failed', code: 'validation_error' });
			expect(results[0]?.error).toMatch(/^data\.payment_info\.paid_at /);
			expect(results[1]?.status).toBe('success');
		}
	);

	it('refuses year 0000 and Feb 30 as an analytics date, accepts Feb 29 of a leap year', async () => {
		for (const date of ['0000-01-01', '2026-02-30', '2025-02-29']) {
			const r = await cloud(server, JKT, `/analytics/daily?date=${date}`);
			expect(r.status).toBe(400);
			expect(r.body.message).toMatch(/^date /);
		}
		expect((await cloud(server, JKT, '/analytics/daily?date=2028-02-29')).status).toBe(404);
	});
});

describe('NUL characters, lone surrogates, deep nesting', () => {
	const bad = ['a\u0000b', 'x\ud800', '\udfffy'];
	it.each(bad)(
		'refuses %j in HO and cloud bodies and query strings with a 400 naming the field',
		async (v) => {
			const login = await call(server, '/api/auth/login/', {
				method: 'POST',
				json: { username: v, password: 'x' }
			});
			expect(login.status).toBe(400);
			expect(login.body).toMatchObject({
				status: 'error',
				message: expect.stringMatching(/^username must not contain/)
			});
			const broadcast = await call(server, '/api/v1/admin/broadcasts', {
				method: 'POST',
				token: s.token,
				json: { title: v, message: 'm' }
			});
			expect(broadcast.status).toBe(400);
			expect(broadcast.body.message).toMatch(/^title must not contain/);
			const config = await call(server, `/api/v1/admin/stores/${s.jktStoreId}/config`, {
				method: 'PATCH',
				token: s.token,
				json: { receipt_footer: v }
			});
			expect(config.status).toBe(400);
			expect(config.body.message).toMatch(/^receipt_footer must not contain/);
			const o = await cloud(server, JKT, '/orders', {
				json: order(JKT, { items: [{ product_name: v, qty: 1, price: 1, subtotal: 1 }] })
			});
			expect(o.status).toBe(400);
			expect(CloudErrorBody.parse(o.body).message).toMatch(/^items\.0\.product_name must not contain/);
			// A query string cannot carry a lone surrogate (URLs are UTF-8); NUL it can.
			if (v.includes('\u0000')) {
				const q = await cloud(server, JKT, `/updates?since=${encodeURIComponent(v)}`);
				expect(q.status).toBe(400);
				expect(q.body.message).toMatch(/^since must not contain/);
			}
			const b = await cloud(server, JKT, '/sync/batch', {
				json: { items: [{ entity_type: 'transaction', data: transaction(JKT, 'o-1', { cashier_name: v }) }] }
			});
			expect(BatchResponse.parse(b.body).data.results[0]).toMatchObject({
				status: 'failed',
				code: 'validation_error',
				error: expect.stringMatching(/^data\.cashier_name must not contain/)
			});
		}
	);

	it('refuses JSON nested thousands deep with a 400 (and a batch item alone)', async () => {
		const deep = '['.repeat(5000) + ']'.repeat(5000);
		const body = JSON.stringify(order(JKT)).replace('"items":[', `"items":[${deep},`);
		const r = await cloud(server, JKT, '/orders', { body });
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/nested deeper than/);
		const h = await call(server, '/api/v1/admin/broadcasts', {
			method: 'POST',
			token: s.token,
			headers: { 'content-type': 'application/json' },
			body: `{"title":"t","message":"m","x":${deep}}`
		});
		expect(h.status).toBe(400);
		const item = `{"entity_type":"order","data":{"x":${deep}}}`;
		const b = await cloud(server, JKT, '/sync/batch', {
			body: `{"items":[${item},${JSON.stringify({ entity_type: 'order', data: order(JKT) })}]}`
		});
		const results = BatchResponse.parse(b.body).data.results;
		expect(results[0]).toMatchObject({ status: 'failed', code: 'validation_error' });
		expect(results[1]?.status).toBe('success');
	});
});

/** Raw HTTP/1.1 over one keep-alive agent: the connection a 413 leaves behind must not be reused broken. */
function post(agent: Agent, path: string, body: Buffer, headers: Record<string, string> = {}) {
	return new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
		const req = httpRequest(
			`${server.url}${path}`,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers }
			},
			(res) => {
				let text = '';
				res.on('data', (d: Buffer) => (text += d.toString()));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text })
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

describe('body limits', () => {
	it('a 413 on login (16 KB) and on a cloud push is read to the end, and the next request on the connection works', async () => {
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });
		try {
			const big = await post(
				agent,
				'/api/auth/login/',
				Buffer.from(JSON.stringify({ username: 'x'.repeat(50_000), password: 'y' }))
			);
			expect(big.status).toBe(413);
			expect(big.connection).toBe('keep-alive');
			expect(JSON.parse(big.text)).toMatchObject({
				status: 'error',
				message: expect.stringMatching(/too large/)
			});
			const next = await post(
				agent,
				'/api/auth/login/',
				Buffer.from(JSON.stringify({ username: 'demo', password: 'demo1234' }))
			);
			expect(next.status).toBe(200);
			const auth = { authorization: `Bearer ${JKT.key}`, 'x-outlet-id': JKT.id, 'x-outlet-code': JKT.code };
			const huge = await post(
				agent,
				`/api/v1/outlets/${JKT.id}/orders`,
				Buffer.alloc(3 * 1024 * 1024, 0x20),
				auth
			);
			expect(huge.status).toBe(413);
			expect(JSON.parse(huge.text)).toMatchObject({ success: false, error: 'payload_too_large' });
			const after = await post(
				agent,
				`/api/v1/outlets/${JKT.id}/orders`,
				Buffer.from(JSON.stringify(order(JKT))),
				auth
			);
			expect(after.status).toBe(200);
		} finally {
			agent.destroy();
		}
	});
});

describe('idempotency', () => {
	it('the same local_id and version with another body answers 422 idempotency_conflict; the same body again is fine', async () => {
		const o = order(JKT);
		const first = PushResponse.parse((await cloud(server, JKT, '/orders', { json: o })).body).data;
		// The same order, keys reordered and the same instants spelled with an offset: a true retry.
		const retry = {
			...Object.fromEntries(Object.entries(o).reverse()),
			created_at: '2026-01-27T17:00:00+07:00'
		};
		const again = await cloud(server, JKT, '/orders', { json: retry });
		expect(again.status).toBe(200);
		expect(again.body.data.cloud_id).toBe(first.cloud_id);
		const changed = await cloud(server, JKT, '/orders', { json: { ...o, total_amount: 1 } });
		expect(changed.status).toBe(422);
		expect(changed.body).toMatchObject({ success: false, error: 'idempotency_conflict' });
		const t = transaction(JKT, o.local_id);
		expect((await cloud(server, JKT, '/transactions', { json: t })).status).toBe(200);
		expect(
			(await cloud(server, JKT, '/transactions', { json: { ...t, payment_method: 'qris' } })).status
		).toBe(422);
		const b = await cloud(server, JKT, '/sync/batch', {
			json: {
				items: [
					{ entity_type: 'order', data: { ...o, status: 'void' } },
					{ entity_type: 'order', data: o }
				]
			}
		});
		const results = BatchResponse.parse(b.body).data.results;
		expect(results[0]).toMatchObject({
			status: 'failed',
			code: 'idempotency_conflict',
			local_id: o.local_id
		});
		expect(results[1]).toMatchObject({ status: 'success', cloud_id: first.cloud_id });
		// A higher version still updates.
		expect(
			(await cloud(server, JKT, '/orders', { json: { ...o, total_amount: 1, version: 2 } })).status
		).toBe(200);
	});
});

describe('analytics', () => {
	it('two concurrent first pushes of one date answer replaced false once and true once', async () => {
		const summary = {
			total_orders: 1,
			total_revenue: 1,
			total_transactions: 1,
			payment_methods: {},
			top_products: [],
			hourly_breakdown: []
		};
		const date = '2026-03-0' + String(1 + Math.floor(Math.random() * 8));
		const replies = await Promise.all(
			[0, 1].map(() => cloud(server, JKT, '/analytics/daily', { json: { date, summary } }))
		);
		expect(replies.map((r) => r.status)).toEqual([200, 200]);
		expect(replies.map((r) => r.body.data.replaced as boolean).sort()).toEqual([false, true]);
	});
});

const chunk = (type: string, data: Buffer) => {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])) >>> 0);
	return Buffer.concat([len, Buffer.from(type), data, crc]);
};

describe('photo uploads and photo status', () => {
	it('refuses a PNG header followed by garbage, a bad CRC, bytes after IEND and an HTML polyglot; takes a real PNG', async () => {
		const products = await pullAll(server, s.token, 'products', s.companyId);
		const id = String(products.rows[3]?.id);
		const put = (body: Buffer) =>
			call(server, `/api/v1/admin/products/${id}/photo`, {
				method: 'PUT',
				token: s.token,
				headers: { 'content-type': 'image/png' },
				body: new Uint8Array(body)
			});
		const png = encodePngForTest(8, 8, [10, 20, 30]);
		const sig = png.subarray(0, 8);
		const garbage = Buffer.concat([sig, Buffer.from('garbage garbage garbage garbage')]);
		const badCrc = Buffer.from(png);
		badCrc[30] = (badCrc[30] ?? 0) ^ 0xff;
		const trailing = Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')]);
		const iend = png.subarray(png.length - 12);
		const polyglot = Buffer.concat([
			png.subarray(0, png.length - 12),
			chunk('tEXt', Buffer.from('Comment\u0000<script>alert(document.cookie)</script>', 'latin1')),
			iend
		]);
		const shortData = Buffer.concat([
			sig,
			chunk('IHDR', png.subarray(16, 29)),
			chunk('IDAT', deflateSync(Buffer.alloc(3))),
			iend
		]);
		for (const body of [garbage, badCrc, trailing, polyglot, shortData]) {
			const r = await put(body);
			expect(r.status).toBe(400);
			expect(r.body.status).toBe('error');
		}
		expect((await put(png)).status).toBe(200);
	});

	it("refuses a status report naming another company's photo", async () => {
		const other = await login(server, OTHER.username, OTHER.password);
		const theirs = await call(server, `/api/v1/sync/product-photos/?store_id=${OTHER.storeId}&limit=1`, {
			token: other.access
		});
		const theirPhoto = (theirs.body.data?.photos as { id: string }[])[0]?.id;
		expect(theirPhoto).toBeTruthy();
		const mine = await call(server, `/api/v1/sync/product-photos/?store_id=${s.jktStoreId}&limit=1`, {
			token: s.token
		});
		const myPhoto = (mine.body.data?.photos as { id: string }[])[0]?.id;
		const report = (photo_id: string | undefined) =>
			call(server, '/api/v1/sync/product-photos/status/', {
				method: 'POST',
				token: s.token,
				json: { store_id: s.jktStoreId, sync_batch: [{ photo_id, status: 'synced' }] }
			});
		const r = await report(theirPhoto);
		expect(r.status).toBe(404);
		expect(r.body.message).toMatch(/^sync_batch\.0\.photo_id/);
		expect((await report(myPhoto)).status).toBe(200);
	});
});

// The per-outlet event stream over real HTTP: SSE framing, HMAC signatures the client recomputes,
// tenant isolation, and Last-Event-ID resume that delivers exactly what was missed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	BroadcastEvent,
	ConfigUpdatedEvent,
	EntityDeletedEvent,
	EntityUpdatedEvent
} from '../../src/lib/contract/cloud.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login } from './ho-helpers.ts';
import { authHeaders, cloud, JKT, MLG, openStream, pullUpdates, type UpdatedRow } from './cloud-helpers.ts';

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

const broadcast = async (title: string, as = token) => {
	const r = await call(server, '/api/v1/admin/broadcasts', {
		method: 'POST',
		token: as,
		json: { title, message: `${title} body`, level: 'info' }
	});
	expect(r.status).toBe(200);
};
const lastIdOf = async () => {
	const s = await cloud(server, JKT, '/sync/status');
	return Number(s.body.data.last_event_id);
};

describe('GET …/events', () => {
	it('streams signed events as SSE: retry hint, id/event/data framing, payloads per seed', async () => {
		const res = await fetch(`${server.url}/api/v1/outlets/${JKT.id}/events`, { headers: authHeaders(JKT) });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		await res.body?.cancel();

		const s = await openStream(server, JKT);
		const wrongKey = await openStream(server, JKT, { signingKey: 'demo-key-bdg-001' });
		try {
			await broadcast('Menu baru');
			const ev = await s.waitFor((e) => e.event === 'broadcast.message', 'broadcast');
			expect(s.retry).toBe(3000);
			expect(ev.signatureValid).toBe(true);
			expect(BroadcastEvent.parse(ev.payload)).toMatchObject({
				title: 'Menu baru',
				message: 'Menu baru body',
				level: 'info'
			});
			// The same message checked with another outlet's key must fail: the check can fail.
			const forged = await wrongKey.waitFor((e) => e.id === ev.id, 'same event on the second stream');
			expect(forged.signatureValid).toBe(false);
		} finally {
			await s.close();
			await wrongKey.close();
		}
	});

	it("does not carry another company's events", async () => {
		const mlg = await openStream(server, MLG);
		try {
			await broadcast('Hanya untuk Nusantara');
			const lestari = (await login(server, 'lestari', 'lestari1234')).access;
			await broadcast('Untuk Lestari', lestari);
			await mlg.waitFor(
				(e) => e.event === 'broadcast.message' && e.payload.title === 'Untuk Lestari',
				'own broadcast'
			);
			expect(mlg.events.map((e) => e.payload.title)).toEqual(['Untuk Lestari']);
			expect(mlg.events.every((e) => e.signatureValid)).toBe(true);
		} finally {
			await mlg.close();
		}
	});

	it('resumes with Last-Event-ID: exactly the missed events in order, then live ones', async () => {
		const before = await lastIdOf();
		const p = products[30] as UpdatedRow;
		const gone = products[31] as UpdatedRow;
		expect(
			(
				await call(server, `/api/v1/admin/products/${p.cloud_id}`, {
					method: 'PATCH',
					token,
					json: { price: 51000, reason: 'Harga baru' }
				})
			).status
		).toBe(200);
		expect(
			(await call(server, `/api/v1/admin/products/${gone.cloud_id}`, { method: 'DELETE', token })).status
		).toBe(200);
		expect(
			(
				await call(server, `/api/v1/admin/stores/${JKT.id}/config`, {
					method: 'PATCH',
					token,
					json: { receipt_footer: 'Sampai jumpa' }
				})
			).status
		).toBe(200);

		const s = await openStream(server, JKT, { lastEventId: before });
		try {
			await s.until((evs) => evs.length >= 3, 'three replayed events');
			expect(s.events.map((e) => e.event)).toEqual(['entity.updated', 'entity.deleted', 'config.updated']);
			expect(s.events.every((e) => e.id > before && e.signatureValid)).toBe(true);
			expect(EntityUpdatedEvent.parse(s.events[0]?.payload)).toMatchObject({
				cloud_id: p.cloud_id,
				local_id: p.cloud_id,
				reason: 'Harga baru',
				data: expect.objectContaining({ price: 51000 })
			});
			expect(EntityDeletedEvent.parse(s.events[1]?.payload)).toMatchObject({
				cloud_id: gone.cloud_id,
				entity_type: 'product'
			});
			expect(ConfigUpdatedEvent.parse(s.events[2]?.payload)).toMatchObject({
				outlet_id: JKT.id,
				config: expect.objectContaining({ receipt_footer: 'Sampai jumpa' })
			});
			const ids = s.events.map((e) => e.id);
			expect([...ids].sort((a, b) => a - b)).toEqual(ids);

			await broadcast('Live setelah replay');
			await s.until((evs) => evs.length === 4, 'a live event after the replay');
			expect(s.events[3]?.payload.title).toBe('Live setelah replay');

			// ?last_event_id= works like the header (for clients that cannot set it).
			const q = await openStream(server, JKT, { query: `?last_event_id=${ids[1]}` });
			try {
				await q.until((evs) => evs.length >= 2, 'replay from the query parameter');
				expect(q.events.map((e) => e.id)).toEqual(s.events.slice(2).map((e) => e.id));
			} finally {
				await q.close();
			}
		} finally {
			await s.close();
		}
	});

	it('misses nothing written while a resuming stream connects (subscribe, replay, dedupe by id)', async () => {
		const before = await lastIdOf();
		const patches = products.slice(40, 52).map((p, i) =>
			call(server, `/api/v1/admin/products/${p.cloud_id}`, {
				method: 'PATCH',
				token,
				json: { stock: 100 + i }
			})
		);
		const racing = openStream(server, JKT, { lastEventId: before });
		const results = await Promise.all(patches);
		expect(results.every((r) => r.status === 200)).toBe(true);
		const s = await racing;
		const check = await openStream(server, JKT, { lastEventId: before });
		try {
			await check.until((evs) => evs.length >= 12, 'all twelve in the replay-only stream');
			const expected = check.events.map((e) => e.id);
			await s.until((evs) => evs.length >= expected.length, 'the racing stream to catch up');
			expect(s.events.map((e) => e.id)).toEqual(expected);
		} finally {
			await s.close();
			await check.close();
		}
	});

	it('answers 400 for a malformed Last-Event-ID and 401 without a key', async () => {
		const bad = await cloud(server, JKT, '/events', { headers: { 'last-event-id': 'yesterday' } });
		expect(bad.status).toBe(400);
		expect(bad.body.message).toMatch(/Last-Event-ID/);
		const anon = await cloud(server, JKT, '/events', { headers: { authorization: '' } });
		expect(anon.status).toBe(401);
	});
	it('ends open streams on shutdown, and a resume after the restart replays what came meanwhile', async () => {
		const s = await openStream(server, JKT);
		await broadcast('Sebelum restart');
		const seen = await s.waitFor((e) => e.payload.title === 'Sebelum restart', 'event before restart');
		await server.restart();
		await s.until(() => s.ended, 'the stream to end on shutdown').catch(() => undefined);
		expect(s.ended).toBe(true);
		await s.close();
		token = (await login(server)).access;
		await broadcast('Setelah restart');
		const again = await openStream(server, JKT, { lastEventId: seen.id });
		try {
			await again.until((evs) => evs.length >= 1, 'replay after restart');
			expect(again.events.map((e) => e.payload.title)).toEqual(['Setelah restart']);
			expect(again.events[0]?.signatureValid).toBe(true);
		} finally {
			await again.close();
		}
	});
});

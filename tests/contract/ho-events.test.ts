// HQ admin actions reach outlets through the cloud event stream: signed seed-004 payloads, one per
// outlet of the company, never another company's outlets.
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
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

interface StreamEvent {
	id: number;
	event: string;
	signature: string;
	payload: Record<string, unknown>;
	raw: string;
}

/** Reads an outlet's stream with fetch (EventSource cannot send headers). */
async function openStream(outletId: string, outletCode: string, apiKey: string) {
	const ac = new AbortController();
	const res = await fetch(`${server.url}/api/v1/outlets/${outletId}/events`, {
		headers: {
			authorization: `Bearer ${apiKey}`,
			'x-outlet-id': outletId,
			'x-outlet-code': outletCode,
			'last-event-id': '0'
		},
		signal: ac.signal
	});
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
	const reader = (res.body as ReadableStream<Uint8Array>).getReader();
	const decoder = new TextDecoder();
	let buf = '';
	const queue: StreamEvent[] = [];
	const next = async (): Promise<StreamEvent> => {
		for (;;) {
			const shifted = queue.shift();
			if (shifted) return shifted;
			const { value, done } = await reader.read();
			if (done) throw new Error('stream ended');
			buf += decoder.decode(value, { stream: true });
			let at: number;
			while ((at = buf.indexOf('\n\n')) >= 0) {
				const block = buf.slice(0, at);
				buf = buf.slice(at + 2);
				const fields = Object.fromEntries(
					block
						.split('\n')
						.filter((l) => !l.startsWith(':') && l.includes(':'))
						.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()])
				) as Record<string, string>;
				if (!fields.data) continue;
				const data = JSON.parse(fields.data) as { signature: string; payload: Record<string, unknown> };
				queue.push({
					id: Number(fields.id),
					event: String(fields.event),
					signature: data.signature,
					payload: data.payload,
					raw: fields.data
				});
			}
		}
	};
	/** The next event named `name`, skipping others. */
	const until = async (name: string) => {
		for (;;) {
			const e = await next();
			if (e.event === name) return e;
		}
	};
	return { next, until, close: () => ac.abort() };
}

const verify = (apiKey: string, e: StreamEvent) => {
	const key = createHash('sha256').update(apiKey).digest('hex');
	return (
		createHmac('sha256', key)
			.update(`${e.id}.${JSON.stringify(e.payload)}`)
			.digest('hex') === e.signature
	);
};

describe('admin actions on the event stream', () => {
	it('entity.updated, entity.deleted, config.updated and broadcast.message arrive signed at JKT-001', async () => {
		const stream = await openStream(s.jktStoreId, 'JKT-001', 'demo-key-jkt-001');
		try {
			const [p, q] = (await pullAll(server, s.token, 'products', s.companyId)).rows;
			if (!p || !q) throw new Error('no products');
			await call(server, `/api/v1/admin/products/${p.id}`, {
				method: 'PATCH',
				token: s.token,
				json: { price: 40000, reason: 'Price adjustment from headquarters' }
			});
			const updated = await stream.until('entity.updated');
			expect(verify('demo-key-jkt-001', updated)).toBe(true);
			expect(updated.payload).toMatchObject({
				event: 'entity.updated',
				entity_type: 'product',
				cloud_id: p.id,
				local_id: p.id,
				version: 2,
				updated_by: 'central-system',
				reason: 'Price adjustment from headquarters',
				data: { price: 40000, name: p.name, version: 2 }
			});

			await call(server, `/api/v1/admin/products/${q.id}`, { method: 'DELETE', token: s.token });
			const deleted = await stream.until('entity.deleted');
			expect(verify('demo-key-jkt-001', deleted)).toBe(true);
			expect(deleted.id).toBeGreaterThan(updated.id);
			expect(deleted.payload).toMatchObject({
				event: 'entity.deleted',
				entity_type: 'product',
				cloud_id: q.id,
				local_id: q.id
			});
			expect(typeof deleted.payload.deleted_at).toBe('string');

			await call(server, `/api/v1/admin/stores/${s.jktStoreId}/config`, {
				method: 'PATCH',
				token: s.token,
				json: { service_rate: 7 }
			});
			const config = await stream.until('config.updated');
			expect(verify('demo-key-jkt-001', config)).toBe(true);
			expect(config.payload).toMatchObject({
				event: 'config.updated',
				outlet_id: s.jktStoreId,
				config: { tax_rate: 10, service_rate: 7 }
			});

			const sent = await call(server, '/api/v1/admin/broadcasts', {
				method: 'POST',
				token: s.token,
				json: { title: 'Rapat', message: 'Briefing jam 9', level: 'info' }
			});
			const b = await stream.until('broadcast.message');
			expect(verify('demo-key-jkt-001', b)).toBe(true);
			expect(b.payload).toMatchObject({
				event: 'broadcast.message',
				message_id: (sent.body.data as { message_id: string }).message_id,
				title: 'Rapat',
				message: 'Briefing jam 9',
				level: 'info'
			});
		} finally {
			stream.close();
		}
	});

	it("another company's outlet gets its own broadcasts only", async () => {
		const other = await login(server, 'lestari', 'lestari1234');
		const otherStores = (await pullAll(server, other.access, 'stores', other.user.company_id)).rows;
		const mlg = otherStores.find((x) => x.code === 'MLG-001');
		if (!mlg) throw new Error('no MLG-001');
		const stream = await openStream(mlg.id, 'MLG-001', 'demo-key-mlg-001');
		try {
			await call(server, '/api/v1/admin/broadcasts', {
				method: 'POST',
				token: s.token,
				json: { title: 'NRG only', message: 'x' }
			});
			await call(server, '/api/v1/admin/broadcasts', {
				method: 'POST',
				token: other.access,
				json: { title: 'Lestari', message: 'y' }
			});
			// Events arrive in id order, so an NRG broadcast delivered here would come before Lestari's.
			const first = await stream.until('broadcast.message');
			expect(first.payload.title).toBe('Lestari');
			expect(verify('demo-key-mlg-001', first)).toBe(true);
		} finally {
			stream.close();
		}
	});
});

// A small cloud client for the contract tests: the seed's auth headers, JSON calls, and an event
// stream reader (fetch + SSE) that checks every message's HMAC the way an outlet must.
import { createHash, createHmac } from 'node:crypto';
import { SignedEventData, UpdatesResponse, type UpdatedProduct } from '../../src/lib/contract/cloud.ts';
import { SseParser } from '../../worker/cloud/sse.ts';
import { demoStoreId, OTHER } from '../../server/seed/demo.ts';
import type { TestServer } from '../helpers/server.ts';

export interface OutletCreds {
	id: string;
	code: string;
	key: string;
}
export const JKT: OutletCreds = { id: demoStoreId('JKT-001'), code: 'JKT-001', key: 'demo-key-jkt-001' };
export const BDG: OutletCreds = { id: demoStoreId('BDG-001'), code: 'BDG-001', key: 'demo-key-bdg-001' };
export const SBY: OutletCreds = { id: demoStoreId('SBY-001'), code: 'SBY-001', key: 'demo-key-sby-001' };
export const MLG: OutletCreds = { id: OTHER.storeId, code: OTHER.storeCode, key: OTHER.apiKey };

export interface CloudReply {
	status: number;
	// Tests read into arbitrary depth of the JSON; the contract schemas parse where shape matters.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: { success?: boolean; error?: string; message?: string; retry_after?: number; data?: any } & Record<
		string,
		unknown
	>;
	headers: Headers;
}

export const authHeaders = (o: OutletCreds): Record<string, string> => ({
	authorization: `Bearer ${o.key}`,
	'x-outlet-id': o.id,
	'x-outlet-code': o.code
});

/** Calls /api/v1/outlets/{o.id}{rest} with o's headers (override any with `headers`). */
export async function cloud(
	server: TestServer,
	o: OutletCreds,
	rest: string,
	init: {
		method?: string;
		json?: unknown;
		body?: string;
		headers?: Record<string, string>;
		path?: string;
	} = {}
): Promise<CloudReply> {
	const headers: Record<string, string> = { ...authHeaders(o), ...init.headers };
	let body = init.body;
	if (init.json !== undefined) body = JSON.stringify(init.json);
	if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
		headers['content-type'] = 'application/json';
	const path = init.path ?? `/api/v1/outlets/${o.id}${rest}`;
	const res = await fetch(`${server.url}${path}`, {
		method: init.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body
	});
	const text = await res.text();
	try {
		return { status: res.status, body: JSON.parse(text) as CloudReply['body'], headers: res.headers };
	} catch {
		throw new Error(`${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
	}
}

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export function order(o: OutletCreds, over: Record<string, unknown> = {}) {
	return {
		local_id: `ORD-20260127-${o.code.replace('-', '')}-${uniq()}`,
		outlet_id: o.id,
		outlet_code: o.code,
		table_number: 'A-05',
		customer_name: 'John Doe',
		pax: 4,
		total_amount: 150000,
		status: 'paid',
		items: [
			{
				product_name: 'Nasi Goreng',
				category: 'Food',
				qty: 2,
				price: 35000,
				subtotal: 70000,
				destination: 'kitchen',
				status: 'served'
			}
		],
		payment_info: { method: 'cash', amount: 150000, paid_at: '2026-01-27T10:30:00Z' },
		version: 1,
		created_at: '2026-01-27T10:00:00Z',
		updated_at: '2026-01-27T10:30:00Z',
		...over
	};
}

export function transaction(o: OutletCreds, orderId: string, over: Record<string, unknown> = {}) {
	return {
		local_id: `tx-${uniq()}`,
		outlet_id: o.id,
		outlet_code: o.code,
		order_id: orderId,
		total_amount: 150000,
		payment_method: 'cash',
		cash_amount: 200000,
		change_amount: 50000,
		cashier_name: 'Admin User',
		version: 1,
		created_at: '2026-01-27T10:30:00Z',
		...over
	};
}

export type UpdatedRow = UpdatedProduct;

/** Every page of updates from a checkpoint, each parsed with the contract's UpdatesResponse. */
export async function pullUpdates(server: TestServer, o: OutletCreds, since?: string, limit = 1000) {
	const products: UpdatedRow[] = [];
	const categories: UpdatesResponse['data']['categories'] = [];
	const deleted: UpdatesResponse['data']['deleted'] = [];
	let config: Record<string, unknown> | undefined;
	let checkpoint = since;
	for (let pages = 0; pages < 10_000; pages++) {
		const q = new URLSearchParams({ limit: String(limit) });
		if (checkpoint) q.set('since', checkpoint);
		const r = await cloud(server, o, `/updates?${q}`);
		if (r.status !== 200) throw new Error(`updates failed: ${r.status} ${JSON.stringify(r.body)}`);
		const page = UpdatesResponse.parse(r.body).data;
		products.push(...page.products);
		categories.push(...page.categories);
		deleted.push(...page.deleted);
		config = page.config ?? config;
		checkpoint = page.sync_checkpoint;
		if (!page.has_more) return { products, categories, deleted, config, checkpoint, pages: pages + 1 };
	}
	throw new Error('updates paging does not end');
}

export interface StreamEvent {
	id: number;
	event: string;
	payload: Record<string, unknown> & { event: string };
	signatureValid: boolean;
}

/**
 * Opens the outlet's event stream with fetch and parses it. Each message's signature is recomputed
 * (HMAC-SHA256, key = sha256 hex of the API key, over `${id}.${JSON.stringify(payload)}`).
 */
export async function openStream(
	server: TestServer,
	o: OutletCreds,
	opts: { lastEventId?: number; query?: string; signingKey?: string } = {}
) {
	const ac = new AbortController();
	const headers: Record<string, string> = { ...authHeaders(o), accept: 'text/event-stream' };
	if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
	const res = await fetch(`${server.url}/api/v1/outlets/${o.id}/events${opts.query ?? ''}`, {
		headers,
		signal: ac.signal
	});
	if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
	const hmacKey = createHash('sha256')
		.update(opts.signingKey ?? o.key)
		.digest('hex');
	const events: StreamEvent[] = [];
	const parser = new SseParser({ keepComments: true });
	const waiters = new Set<() => void>();
	let ended = false;
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	const pump = (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				for (const m of parser.push(value)) {
					const id = Number(m.id);
					if (m.id === null || !Number.isSafeInteger(id) || !m.data) continue;
					const signed = SignedEventData.parse(JSON.parse(m.data));
					const expected = createHmac('sha256', hmacKey)
						.update(`${id}.${JSON.stringify(signed.payload)}`)
						.digest('hex');
					events.push({
						id,
						event: m.event,
						payload: signed.payload as StreamEvent['payload'],
						signatureValid: expected === signed.signature
					});
				}
				for (const w of waiters) w();
			}
		} catch {
			// aborted by close()
		} finally {
			ended = true;
			for (const w of waiters) w();
		}
	})();
	/** Waits until `pred` holds for the events so far (fails after timeoutMs, reporting what came). */
	const until = async (pred: (evs: StreamEvent[]) => boolean, what: string, timeoutMs = 15_000) => {
		const deadline = Date.now() + timeoutMs;
		while (!pred(events)) {
			if (ended)
				throw new Error(
					`stream ended before ${what}; got ${JSON.stringify(events.map((e) => [e.id, e.event]))}`
				);
			const left = deadline - Date.now();
			if (left <= 0)
				throw new Error(
					`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => [e.id, e.event]))}`
				);
			await new Promise<void>((r) => {
				const t = setTimeout(done, left);
				function done() {
					clearTimeout(t);
					waiters.delete(done);
					r();
				}
				waiters.add(done);
			});
		}
		return events;
	};
	return {
		events,
		comments: parser.comments,
		get retry() {
			return parser.retry ?? undefined;
		},
		get ended() {
			return ended;
		},
		until,
		waitFor: async (pred: (e: StreamEvent) => boolean, what: string) => {
			await until((evs) => evs.some(pred), what);
			return events.find(pred) as StreamEvent;
		},
		close: async () => {
			ac.abort();
			await pump;
		}
	};
}

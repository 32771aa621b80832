// Why: the ingest benches' outlet side, written once: a `/sync/batch` body of `n` new orders, and one POST of it as a
// till sends it (the answer read whole and checked: a 200 with every order stored under the ids sent, else an error).
// The load generator must not be what is measured: a batch goes out through `node:http` with one keep-alive socket per
// outlet, as a till holds one; `BENCH_INGEST_CLIENT=fetch` sends it through Node's `fetch` (undici) instead, which
// costs ~3 ms of CPU a request more on the same cores as the server (docs/performance.md, twelfth pass).
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { authHeaders, order, type OutletCreds } from '../tests/contract/cloud-helpers';

export const INGEST_CLIENTS = ['http', 'fetch'] as const;
export type IngestClient = (typeof INGEST_CLIENTS)[number];

/** The client the ingest benches push with: `BENCH_INGEST_CLIENT` (`http`, the default, or `fetch`). */
export function ingestClient(value = process.env.BENCH_INGEST_CLIENT): IngestClient {
	const kind = value || 'http';
	const known = INGEST_CLIENTS.find((k) => k === kind);
	if (!known) throw new Error(`BENCH_INGEST_CLIENT=${kind}: expected one of ${INGEST_CLIENTS.join(', ')}`);
	return known;
}

const CLIENT = ingestClient();

/** One batch as it goes on the wire, and the orders' ids its answer must name, in order. */
export interface Batch {
	text: string;
	localIds: string[];
}

export function batchBody(o: OutletCreds, n: number): Batch {
	const orders = Array.from({ length: n }, () => order(o));
	return batchOf(o, orders);
}

/** The envelope around `orders` (built by `order(o, …)`), as a till sends it. */
export function batchOf(o: OutletCreds, orders: { local_id: string }[]): Batch {
	const text = JSON.stringify({
		outlet_id: o.id,
		outlet_code: o.code,
		sync_timestamp: new Date().toISOString(),
		items: orders.map((data) => ({ entity_type: 'order', operation: 'create', data }))
	});
	return { text, localIds: orders.map((d) => d.local_id) };
}

/** A clock every process on the machine shares (CLOCK_MONOTONIC), in ms: the ingest profile's timeline across processes. */
export const sharedClock = () => Number(process.hrtime.bigint()) / 1e6;

/** What undici's `fetch` sends over `http:` (no `br`: it offers brotli on `https:` only), so both clients get one answer. */
const ACCEPT_ENCODING = 'gzip, deflate';

/** What the answer said, once checked. */
export interface Posted {
	/** The answer's `content-encoding` (`gzip` from Kasir for a batch of 100), or `identity`. */
	encoding: string;
}

/** One keep-alive agent per outlet and server, each holding at most one socket: the outlet's requests go one at a time. */
const agents = new Map<string, Agent>();
function agentFor(url: string, o: OutletCreds): Agent {
	const key = `${url} ${o.id}`;
	let agent = agents.get(key);
	if (!agent) {
		agent = new Agent({ keepAlive: true, maxSockets: 1, noDelay: true });
		agents.set(key, agent);
	}
	return agent;
}

/** Closes the outlets' sockets (the `http` client's); the next POST opens them again. */
export function closeIngestClients(): void {
	for (const a of agents.values()) a.destroy();
	agents.clear();
}

interface Answer {
	status: number;
	encoding: string;
	wire: Buffer;
}

function postHttp(url: string, o: OutletCreds, text: string, onHeaders?: () => void): Promise<Answer> {
	const body = Buffer.from(text);
	return new Promise((resolve, reject) => {
		const req = request(
			`${url}/api/v1/outlets/${o.id}/sync/batch`,
			{
				method: 'POST',
				agent: agentFor(url, o),
				headers: {
					...authHeaders(o),
					'content-type': 'application/json',
					'accept-encoding': ACCEPT_ENCODING,
					'content-length': body.byteLength
				}
			},
			(res) => {
				onHeaders?.();
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('error', reject);
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						encoding: res.headers['content-encoding'] ?? 'identity',
						wire: Buffer.concat(chunks)
					})
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

function decode({ encoding, wire }: Answer): string {
	if (encoding === 'gzip') return gunzipSync(wire).toString();
	if (encoding === 'br') return brotliDecompressSync(wire).toString();
	if (encoding === 'deflate') return inflateSync(wire).toString();
	if (encoding === 'identity') return wire.toString();
	throw new Error(`batch answered in an unknown content-encoding ${encoding}`);
}

/** Throws unless the answer is a 200 that stored every order of `batch`, each under the id sent, in order. */
export function checkAnswer(status: number, text: string, batch: Batch): void {
	if (status !== 200) throw new Error(`batch answered ${status}: ${text.slice(0, 300)}`);
	const answer = JSON.parse(text) as {
		success?: boolean;
		data?: { success?: number; results?: { local_id?: string; status?: string; cloud_id?: string }[] };
	};
	const results = answer.data?.results ?? [];
	const n = batch.localIds.length;
	if (answer.success !== true || answer.data?.success !== n || results.length !== n)
		throw new Error(`batch of ${n} answered: ${text.slice(0, 300)}`);
	results.forEach((r, i) => {
		if (r.status !== 'success' || r.local_id !== batch.localIds[i] || typeof r.cloud_id !== 'string')
			throw new Error(`batch item ${i} (${batch.localIds[i]}) answered ${JSON.stringify(r).slice(0, 300)}`);
	});
}

/** POSTs `batch` for outlet `o` to the server at `url` with `client`; `onHeaders` runs when the answer's headers are in. */
export async function postBatch(
	url: string,
	o: OutletCreds,
	batch: Batch,
	onHeaders?: () => void,
	client: IngestClient = CLIENT
): Promise<Posted> {
	if (client === 'http') {
		const answer = await postHttp(url, o, batch.text, onHeaders);
		checkAnswer(answer.status, decode(answer), batch);
		return { encoding: answer.encoding };
	}
	const r = await fetch(`${url}/api/v1/outlets/${o.id}/sync/batch`, {
		method: 'POST',
		headers: { ...authHeaders(o), 'content-type': 'application/json' },
		body: batch.text
	});
	onHeaders?.();
	const text = Buffer.from(await r.arrayBuffer()).toString();
	checkAnswer(r.status, text, batch);
	return { encoding: r.headers.get('content-encoding') ?? 'identity' };
}

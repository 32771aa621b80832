// Why: where one `/sync/batch` request spends its time on PostgreSQL (body, JSON, zod, the bulk SQL and its change
// stamps, the response), for batches of 100 and 1000 items, one outlet alone and 50 outlets at once; `bench/ingest.ts`
// gives the totals, this gives the parts.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { BatchItem, BatchRequest, OrderPush } from '../src/lib/contract/cloud';
import { findUnsafeJson } from '../src/lib/contract/safe';
import { openDb } from '../server/db/open';
import type { Db } from '../server/db/types';
import { ORDERS, pushNewInBulk } from '../server/cloud/push-bulk';
import { order, type OutletCreds } from '../tests/contract/cloud-helpers';
import { startPostgresCluster } from '../tests/helpers/postgres-global-setup';
import { createDatabase, startServer, type TestServer } from '../tests/helpers/server';
import { addOutlets } from './ingest';
import { batchBody, closeIngestClients, postBatch } from './ingest-http';
import { profileUnderLoad } from './ingest-load';
import { median, percentile, SMOKE } from './lib';

const BATCHES = SMOKE ? [10] : [100, 1000];
const REPEAT = SMOKE ? 2 : 10;

function time<T>(fn: () => T): [T, number] {
	const t0 = performance.now();
	const r = fn();
	return [r, performance.now() - t0];
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
	const t0 = performance.now();
	const r = await fn();
	return [r, performance.now() - t0];
}

const fmt = (ms: number) => (ms >= 10 ? Math.round(ms).toString() : ms.toFixed(1));

/** One outlet, one request at a time, over HTTP: what the till sees. */
async function overHttp(server: TestServer, o: OutletCreds, n: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < REPEAT; i++) {
		const b = batchBody(o, n);
		const t0 = performance.now();
		await postBatch(server.url, o, b);
		out.push(performance.now() - t0);
	}
	return out;
}

/** The same request's parts, in-process, in the order the route runs them. */
async function parts(db: Db, o: OutletCreds, n: number) {
	const rows: Record<string, number[]> = {};
	const add = (k: string, v: number) => (rows[k] ??= []).push(v);
	const outlet = { id: o.id, code: o.code, companyId: '', keyHash: '' };
	for (let i = 0; i < REPEAT; i++) {
		const { text } = batchBody(o, n);
		const [raw, tParse] = time(() => JSON.parse(text) as unknown);
		add('JSON.parse', tParse);
		const [req, tReq] = time(() => BatchRequest.parse(raw));
		add('zod BatchRequest (route)', tReq);
		const [items, tItems] = time(() =>
			req.items.flatMap((it, index) => {
				if (findUnsafeJson(it)) return [];
				const b = BatchItem.safeParse(it);
				if (!b.success) return [];
				const p = OrderPush.safeParse(b.data.data);
				return p.success ? [{ index, data: p.data }] : [];
			})
		);
		add('unsafe-JSON scan + zod BatchItem + OrderPush, every item', tItems);
		const [, tAuth] = await timeAsync(() =>
			db.query('select id::text from stores where api_key_hash = $1 and not is_deleted', ['x'])
		);
		add('one round trip (auth lookup; rate limit is another)', tAuth);
		const [stored, tSql] = await timeAsync(() => pushNewInBulk(db, outlet, ORDERS, items));
		add('bulk SQL (pushNewInBulk: everything the route writes for these items)', tSql);
		const results = [...stored.values()].map((r) => ({ entity_type: 'order', status: 'success', ...r }));
		const [, tRes] = time(() => JSON.stringify({ success: true, data: { results } }));
		add('response JSON.stringify', tRes);
	}
	return rows;
}

/**
 * What each kind of statement costs, one by one on one connection (begin, a `local_id = any(…)` lookup, the multi-row
 * insert, the push stamp, commit: the bulk path before it became one statement), with and without the change-stamp trigger.
 */
async function sqlParts(url: string, o: OutletCreds, n: number) {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	const rows: Record<string, number[]> = {};
	const add = (k: string, v: number) => (rows[k] ??= []).push(v);
	const insert = (prefix: string) => {
		const params: unknown[] = [];
		const values: string[] = [];
		for (let i = 0; i < n; i++) {
			const d = OrderPush.parse(order(o));
			const vals = [randomUUID(), o.id, `${prefix}-${d.local_id}`, o.code, ...ORDERS.values(d)];
			values.push(`(${vals.map((_, k) => `$${params.length + k + 1}`).join(',')}, now())`);
			params.push(...vals);
		}
		return c.query(
			`insert into orders (cloud_id, outlet_id, local_id, outlet_code, ${ORDERS.columns}, changed_at) values ${values.join(',')}
			 on conflict (outlet_id, local_id) do nothing returning local_id`,
			params
		);
	};
	for (let i = 0; i < REPEAT; i++) {
		for (const triggers of [true, false]) {
			const tag = triggers ? '' : ' (triggers off)';
			await c.query('begin');
			if (!triggers) await c.query('set local session_replication_role = replica');
			add(
				`lookup local_id = any(…)${tag}`,
				(
					await timeAsync(() =>
						c.query('select local_id from orders where outlet_id = $1 and local_id = any($2::text[])', [
							o.id,
							Array.from({ length: n }, () => randomUUID())
						])
					)
				)[1]
			);
			add(`multi-row insert${tag}`, (await timeAsync(() => insert(triggers ? 'P' : 'Q')))[1]);
			add(
				`push stamp${tag}`,
				(
					await timeAsync(() =>
						c.query(
							`insert into outlet_checkpoints (outlet_id, last_push_at) values ($1, now())
				 on conflict (outlet_id) do update set last_push_at = now()`,
							[o.id]
						)
					)
				)[1]
			);
			add(`commit${tag}`, (await timeAsync(() => c.query('commit')))[1]);
		}
	}
	await c.end();
	return rows;
}

/** 50 outlets at once through one pool: per-call SQL time, and what the backends wait on (sampled). */
async function concurrent(db: Db, url: string, outlets: OutletCreds[], n: number, rounds: number) {
	const sampler = new pg.Client({ connectionString: url });
	await sampler.connect();
	const waits = new Map<string, number>();
	let samples = 0;
	let running = true;
	const sampling = (async () => {
		while (running) {
			const { rows } = await sampler.query<{ w: string }>(
				`select coalesce(wait_event_type || ':' || wait_event, state) as w from pg_stat_activity
				  where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`
			);
			samples++;
			for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
			await new Promise((r) => setTimeout(r, 5));
		}
	})();
	const lat: number[] = [];
	const t0 = performance.now();
	await Promise.all(
		outlets.map(async (o) => {
			const outlet = { id: o.id, code: o.code, companyId: '', keyHash: '' };
			for (let i = 0; i < rounds; i++) {
				const items = Array.from({ length: n }, (_, index) => ({ index, data: OrderPush.parse(order(o)) }));
				const [, ms] = await timeAsync(() => pushNewInBulk(db, outlet, ORDERS, items));
				lat.push(ms);
			}
		})
	);
	const total = performance.now() - t0;
	running = false;
	await sampling;
	await sampler.end();
	return { total, lat, waits, samples, rows: outlets.length * rounds * n };
}

export async function benchIngestProfile(): Promise<void> {
	const cluster = process.env.TEST_DATABASE_URL
		? { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
		: await startPostgresCluster();
	const url = await createDatabase(cluster.url, 'kasir_prof');
	let server: TestServer | undefined;
	let db: Db | undefined;
	try {
		server = await startServer({
			db: 'postgres',
			databaseUrl: url,
			env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' }
		});
		db = await openDb({ databaseUrl: url });
		const outlets = await addOutlets(db, SMOKE ? 2 : 50);
		await server.restart();
		const one = outlets[0]!;
		// BENCH_INGEST_PROFILE=load: only the many-outlets-over-HTTP part (the quick one to repeat before and after).
		const onlyLoad = process.env.BENCH_INGEST_PROFILE === 'load';
		for (const n of onlyLoad ? [] : BATCHES) {
			const http = await overHttp(server, one, n);
			console.log(
				`[profile] ${n} items, one outlet over HTTP: median ${fmt(median(http))} ms, p95 ${fmt(percentile(http, 95))} ms`
			);
			for (const [k, v] of Object.entries(await parts(db, one, n)))
				console.log(`[profile]   ${n} items, ${k}: median ${fmt(median(v))} ms`);
			for (const [k, v] of Object.entries(await sqlParts(url, one, n)))
				console.log(`[profile]   ${n} items, SQL ${k}: median ${fmt(median(v))} ms`);
		}
		for (const n of onlyLoad ? [] : BATCHES) {
			const rounds = Math.max(1, Math.round((SMOKE ? 20 : 5000) / outlets.length / n));
			const r = await concurrent(db, url, outlets, n, rounds);
			const waits = [...r.waits.entries()]
				.sort((a, b) => b[1] - a[1])
				.map(([k, v]) => `${k} ${(v / r.samples).toFixed(1)}`)
				.join(', ');
			console.log(
				`[profile] ${outlets.length} outlets at once, ${n} items, bulk SQL only (pool of 10): ${Math.round((r.rows / r.total) * 1000)} orders/s, ` +
					`per call median ${fmt(median(r.lat))} ms p95 ${fmt(percentile(r.lat, 95))} ms; backends on average: ${waits}`
			);
		}
		// The whole request with 50, 10 and 1 outlets at once, batches of 100: the server's parts, CPU and waits. One
		// outlet is the fixed cost of a request (one at a time); BENCH_INGEST_OUTLETS=1 (or 50,10) runs only those.
		const loads = process.env.BENCH_INGEST_OUTLETS?.split(',').map(Number) ?? [50, 10, 1];
		for (const k of SMOKE ? [2] : loads)
			await profileUnderLoad(
				url,
				outlets.slice(0, k),
				SMOKE ? 10 : 100,
				SMOKE ? 1 : Math.max(2, 200 / k),
				// The server's default pool (DATABASE_POOL_SIZE); BENCH_INGEST_POOL tries another size.
				Number(process.env.BENCH_INGEST_POOL ?? 20)
			);
	} finally {
		closeIngestClients();
		await db?.close();
		await server?.stop();
		await cluster.stop();
	}
}

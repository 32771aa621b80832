// Why: the cloud's batch ingest with 1, 10 and 50 outlets pushing at once, on PGlite and PostgreSQL, against a raw
// multi-row INSERT of the same rows into the same table (the floor), in one run.
import { randomUUID } from 'node:crypto';
import { hashApiKey } from '../server/auth';
import { openDb } from '../server/db/open';
import type { Db } from '../server/db/types';
import { demoStoreId } from '../server/seed/demo';
import { order, type OutletCreds } from '../tests/contract/cloud-helpers';
import { startPostgresCluster } from '../tests/helpers/postgres-global-setup';
import { createDatabase, startServer, type TestServer } from '../tests/helpers/server';
import { batchOf, closeIngestClients, ingestClient, postBatch } from './ingest-http';
import { median, percentile, report, size, SMOKE, type Figure } from './lib';

/** `BENCH_INGEST_OUTLETS=1` (or `1,50`): only those rows, for quick before/after runs of one cell. */
const listEnv = (name: string) => process.env[name]?.split(',').map(Number);
const OUTLET_COUNTS = listEnv('BENCH_INGEST_OUTLETS') ?? (SMOKE ? [1, 2] : [1, 10, 50]);
/** 100 items per request, and 1000: what a till's push sends when it has a backlog (the contract's maximum). `BENCH_INGEST_BATCHES=100`: one size only. */
const BATCHES = listEnv('BENCH_INGEST_BATCHES') ?? (SMOKE ? [10] : [100, 1000]);
/** PostgreSQL: each row's Kasir and floor runs alternate this many times (`BENCH_INGEST_REPEATS`); the medians are reported. */
const REPEATS = Number(process.env.BENCH_INGEST_REPEATS ?? (SMOKE ? 1 : 3));
// `BENCH_INGEST_CLIENT=fetch`: the outlets push through Node's `fetch` instead of `node:http` (`bench/ingest-http.ts`).

/** Extra outlets with their own API keys, copied from JKT-001's company and brand. */
export async function addOutlets(db: Db, n: number): Promise<OutletCreds[]> {
	const { rows } = await db.query<{ company_id: string; brand_id: string }>(
		'select company_id::text, brand_id::text from stores where id = $1',
		[demoStoreId('JKT-001')]
	);
	const base = rows[0];
	if (!base) throw new Error('demo store JKT-001 missing');
	const out: OutletCreds[] = [];
	for (let i = 1; i <= n; i++) {
		const o = { id: randomUUID(), code: `BEN-${String(i).padStart(3, '0')}`, key: `bench-key-${i}` };
		await db.query(
			`insert into stores (id, company_id, brand_id, code, name, api_key_hash, changed_at)
			 values ($1, $2, $3, $4, $5, $6, now())`,
			[o.id, base.company_id, base.brand_id, o.code, `Bench outlet ${i}`, hashApiKey(o.key)]
		);
		out.push(o);
	}
	return out;
}

async function pushAll(server: TestServer, outlets: OutletCreds[], perOutlet: number, batch: number) {
	const latencies: number[] = [];
	const t0 = performance.now();
	await Promise.all(
		outlets.map(async (o) => {
			for (let sent = 0; sent < perOutlet; sent += batch) {
				const orders = Array.from({ length: Math.min(batch, perOutlet - sent) }, () => order(o));
				// The body's JSON inside the latency, as when `fetch` was given the object to stringify.
				const s = performance.now();
				await postBatch(server.url, o, batchOf(o, orders));
				latencies.push(performance.now() - s);
			}
		})
	);
	return { ms: performance.now() - t0, p95: percentile(latencies, 95) };
}

/**
 * The floor: the same number of order rows in multi-row INSERTs of 1000, one connection, each outlet's rows together
 * (as they arrive: a batch is one outlet's), through the same table and its change-stamp trigger.
 */
async function rawInsert(db: Db, outlets: OutletCreds[], total: number): Promise<number> {
	const perOutlet = Math.ceil(total / outlets.length);
	const t0 = performance.now();
	for (let done = 0; done < total; done += 1000) {
		const n = Math.min(1000, total - done);
		const params: unknown[] = [];
		const values: string[] = [];
		for (let i = 0; i < n; i++) {
			const o = outlets[Math.floor((done + i) / perOutlet)]!;
			const d = order(o);
			const b = params.length;
			values.push(`(${Array.from({ length: 14 }, (_, k) => `$${b + k + 1}`).join(',')})`);
			params.push(
				randomUUID(),
				o.id,
				`RAW-${d.local_id}`,
				o.code,
				d.table_number,
				d.customer_name,
				d.pax,
				d.total_amount,
				d.status,
				JSON.stringify(d.items),
				JSON.stringify(d.payment_info),
				d.version,
				d.created_at,
				d.updated_at
			);
		}
		await db.query(
			`insert into orders (cloud_id, outlet_id, local_id, outlet_code, table_number, customer_name, pax, total_amount,
			                     status, items, payment_info, version, created_at, updated_at) values ${values.join(',')}`,
			params
		);
	}
	return performance.now() - t0;
}

async function onDatabase(kind: 'pglite' | 'postgres', adminUrl: string | null): Promise<Figure[]> {
	let databaseUrl: string | undefined;
	if (kind === 'postgres' && adminUrl) databaseUrl = await createDatabase(adminUrl, 'kasir_bench');
	const server = await startServer({
		db: kind,
		databaseUrl,
		env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' }
	});
	const figures: Figure[] = [];
	try {
		await server.halt();
		let db = await openDb({ databaseUrl, dataDir: server.dataDir });
		const outlets = await addOutlets(db, Math.max(...OUTLET_COUNTS));
		await db.close();
		await server.restart();
		const perOutletTotal = size(5000, 20);
		// Warm the server up (JIT, zod, prepared pools) so the first row measured is not its start-up.
		await pushAll(server, outlets.slice(0, 2), size(1000, 10), Math.min(...BATCHES));
		const rows: { n: number; batch: number; total: number; perOutlet: number }[] = [];
		for (const batch of BATCHES)
			for (const n of OUTLET_COUNTS) {
				// The same total each time, spread over n outlets: what changes is only how many push at once.
				const perOutlet = Math.max(batch, Math.ceil(perOutletTotal / n / batch) * batch);
				rows.push({ n, batch, total: perOutlet * n, perOutlet });
			}
		const results: {
			n: number;
			batch: number;
			total: number;
			ms: number[];
			p95: number[];
			floorMs: number[];
		}[] = rows.map((r) => ({ ...r, ms: [], p95: [], floorMs: [] }));
		if (kind === 'postgres') {
			// Each row's Kasir run and floor run alternate, REPEATS times, so both meet the same moment of a loaded
			// machine; the medians are reported (the server idles while the floor runs on its own connection).
			const floorDb = await openDb({ databaseUrl });
			try {
				for (let rep = 0; rep < REPEATS; rep++)
					for (const [i, r] of rows.entries()) {
						const k = await pushAll(server, outlets.slice(0, r.n), r.perOutlet, r.batch);
						results[i]!.ms.push(k.ms);
						results[i]!.p95.push(k.p95);
						results[i]!.floorMs.push(await rawInsert(floorDb, outlets.slice(0, r.n), r.total));
					}
			} finally {
				await floorDb.close();
			}
		} else {
			// PGlite has one connection and its directory one process: the floors run after the server stops.
			for (const [i, r] of rows.entries()) {
				const k = await pushAll(server, outlets.slice(0, r.n), r.perOutlet, r.batch);
				results[i]!.ms.push(k.ms);
				results[i]!.p95.push(k.p95);
			}
			await server.halt();
			db = await openDb({ databaseUrl, dataDir: server.dataDir });
			for (const [i, r] of rows.entries())
				results[i]!.floorMs.push(await rawInsert(db, outlets.slice(0, r.n), r.total));
			await db.close();
		}
		for (const r of results) {
			const ms = median(r.ms);
			const floorMs = median(r.floorMs);
			figures.push({
				measure: `batch ingest on ${kind}, ${r.n} outlet${r.n > 1 ? 's' : ''} at once, ${r.total} orders in batches of ${r.batch}`,
				kasir: (r.total / ms) * 1000,
				floor: (r.total / floorMs) * 1000,
				unit: 'orders/s',
				detail: {
					kasir_ms: ms,
					floor_ms: floorMs,
					batch_p95_ms: median(r.p95),
					batch_size: r.batch,
					client: ingestClient(),
					runs: r.ms.length,
					ratios: r.ms.map((k, i) => (k / (r.floorMs[i] ?? NaN)).toFixed(2)).join(' ')
				}
			});
		}
	} finally {
		closeIngestClients();
		await server.stop();
	}
	return figures;
}

export async function benchIngest(): Promise<void> {
	// BENCH_INGEST_DB=postgres (or pglite): one database only, for quick before/after runs.
	const only = process.env.BENCH_INGEST_DB;
	const figures = only === 'postgres' ? [] : await onDatabase('pglite', null);
	if (only === 'pglite') {
		report('ingest', figures);
		return;
	}
	let cluster: Awaited<ReturnType<typeof startPostgresCluster>> | null = null;
	try {
		cluster = process.env.TEST_DATABASE_URL
			? { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
			: await startPostgresCluster();
	} catch (e) {
		console.log(`[bench ingest] PostgreSQL skipped: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (cluster) {
		try {
			figures.push(...(await onDatabase('postgres', cluster.url)));
		} finally {
			await cluster.stop();
		}
	}
	report('ingest', figures);
}

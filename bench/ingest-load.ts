// Why: where a `/sync/batch` request's time goes when many outlets push at once (`npm run bench -- ingest-profile`): the
// real app in this process over a timed pool (each statement's wait for a connection and its round trip, per request),
// the outlets in a child process (`bench/ingest-client.ts`), CPU of the server, the client and PostgreSQL's backends.
import { fork } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance as nodePerformance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { createApp } from '../server/app';
import { EventHub } from '../server/cloud/event-hub';
import { readConfig } from '../server/config';
import { postgresDb } from '../server/db/open';
import type { OutletCreds } from '../tests/contract/cloud-helpers';
import { ROOT } from '../tests/helpers/server';
import type { ClientJob, ClientResult } from './ingest-client';
import { sharedClock } from './ingest-http';
import { median, percentile } from './lib';

interface Span {
	label: string;
	/** Asked for a connection, got it, got the answer (performance.now()). */
	start: number;
	acquired: number;
	end: number;
}
interface RequestRecord {
	t0: number;
	end: number;
	spans: Span[];
	/** On `sharedClock`: Node's HTTP server has the request (its headers parsed), and has written the answer. */
	http: { arrived: number; written: number };
}

/** What a statement is, by the text the server sends. */
function labelOf(sql: string): string {
	if (sql.includes('rate_windows') && sql.includes('api_key_hash')) return 'auth + rate limit';
	if (sql.includes('api_key_hash')) return 'auth';
	if (sql.includes('insert into rate_windows')) return 'rate limit';
	if (sql.includes('with ins as')) return 'insert + stamp';
	return sql.trim().split(/\s+/).slice(0, 4).join(' ');
}

const requests = new AsyncLocalStorage<RequestRecord>();

/** The server's PostgreSQL `Db`, with each statement's connection wait and round trip recorded against its request. */
const timedPostgres = (url: string, max: number) =>
	postgresDb(url, max, ({ sql, start, acquired, end }) =>
		requests
			.getStore()
			?.spans.push({ label: sql === null ? 'transaction' : labelOf(sql), start, acquired, end })
	);

/** CPU ms (user + system) of the PostgreSQL cluster's processes: the postmaster's children, read from /proc. */
function clusterCpuMs(postmaster: number): number {
	const tick = 10; // USER_HZ is 100 on Linux
	let ms = 0;
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// After the command: state, ppid, …; utime and stime are fields 14 and 15 of the whole line.
			if (Number(d) === postmaster || Number(f[1]) === postmaster)
				ms += (Number(f[11]) + Number(f[12])) * tick;
		} catch {
			// gone meanwhile
		}
	}
	return ms;
}

/** Samples what the database's client backends are doing every 5 ms until stopped. */
async function sampleBackends(url: string) {
	const sampler = new pg.Client({ connectionString: url });
	await sampler.connect();
	const { rows } = await sampler.query<{ pid: number }>('select pg_backend_pid() as pid');
	const self = rows[0]?.pid ?? 0;
	const stat = readFileSync(`/proc/${self}/stat`, 'utf8');
	const postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	const waits = new Map<string, number>();
	let samples = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			const r = await sampler.query<{ w: string }>(
				`select coalesce(wait_event_type || ':' || wait_event, state) as w from pg_stat_activity
				  where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`
			);
			samples++;
			for (const x of r.rows) waits.set(x.w, (waits.get(x.w) ?? 0) + 1);
			await new Promise((res) => setTimeout(res, 5));
		}
	})();
	return {
		postmaster,
		async stop() {
			running = false;
			await loop;
			await sampler.end();
			return [...waits.entries()]
				.sort((a, b) => b[1] - a[1])
				.map(([k, v]) => `${k} ${(v / Math.max(1, samples)).toFixed(1)}`)
				.join(', ');
		}
	};
}

/** One request's time in segments: before its first statement, each statement's wait and round trip, the gaps, the rest. */
function segments(r: RequestRecord): [string, number][] {
	const out: [string, number][] = [];
	let at = r.t0;
	let previous = 'request start';
	for (const s of r.spans) {
		out.push([`between ${previous} and ${s.label} (Node)`, s.start - at]);
		out.push([`${s.label}: waiting for a connection`, s.acquired - s.start]);
		out.push([`${s.label}: round trip`, s.end - s.acquired]);
		at = s.end;
		previous = s.label;
	}
	out.push([`after ${previous}, to the response (Node)`, r.end - at]);
	return out;
}

const fmt = (ms: number) => (ms >= 10 ? Math.round(ms).toString() : ms.toFixed(1));

/**
 * One outlet's requests (one at a time, so the client's n-th is the server's n-th) end to end on the clock both
 * processes share: the client's send, the server's parse and checks, the statement, the answer, its write, the client's
 * read. The app's own times are on this process's `performance.now()`, moved onto the shared clock.
 */
function endToEnd(records: RequestRecord[], marks: ClientResult['marks']) {
	if (records.length !== marks.length) return;
	const shift = sharedClock() - performance.now();
	const parts = new Map<string, number[]>();
	const add = (k: string, v: number) => parts.set(k, [...(parts.get(k) ?? []), v]);
	records.forEach((rec, i) => {
		const c = marks[i]!;
		const s = rec.spans[0];
		if (!s) return;
		add('client sends → the server has the request (headers parsed)', rec.http.arrived - c.sent);
		add('→ the app starts (@hono/node-server)', rec.t0 + shift - rec.http.arrived);
		add(
			'→ the statement is sent (body read, parsed, checked; the rows built)',
			s.acquired + shift - (rec.t0 + shift)
		);
		add('→ PostgreSQL answers (the statement and its commit)', s.end - s.acquired);
		add('→ the answer is made (results, JSON, compression, headers)', rec.end - s.end);
		add('→ it is written to the socket', rec.http.written - (rec.end + shift));
		add('→ the client has its headers', c.headers - rec.http.written);
		add('→ the client has read it (decompressed)', c.read - c.headers);
		add('whole, as the client sees it', c.read - c.sent);
	});
	console.log(`[profile]   end to end, one request at a time (${records.length}), median (p95):`);
	for (const [k, v] of parts)
		console.log(`[profile]     ${k}: ${median(v).toFixed(2)} ms (${percentile(v, 95).toFixed(1)})`);
}

/**
 * `outlets` push `rounds` batches of `n` orders each at once to the app served from this process. Prints the throughput,
 * the CPU of each side, what the backends waited on, and each part of a request (median and p95 over every request).
 */
export async function profileUnderLoad(
	url: string,
	outlets: OutletCreds[],
	n: number,
	rounds: number,
	poolSize: number
): Promise<void> {
	const { db } = timedPostgres(url, poolSize);
	const config = readConfig({
		...process.env,
		DATABASE_URL: url,
		DATA_DIR: mkdtempSync(join(tmpdir(), 'kasir-prof-')),
		STATIC_DIR: '',
		RATE_LIMIT_PER_MINUTE: '1000000'
	});
	const hub = await EventHub.start(db);
	const app = createApp({ db, config, hub });
	const records: RequestRecord[] = [];
	// @hono/node-server calls `fetch` synchronously from its 'request' listener, so the listener put first sees each
	// request just before its `fetch`, concurrent or not.
	const arrivals: RequestRecord['http'][] = [];
	const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
		const s = serve(
			{
				hostname: '127.0.0.1',
				port: 0,
				fetch: async (req, env) => {
					const http = arrivals.shift() ?? { arrived: NaN, written: NaN };
					const rec: RequestRecord = { t0: performance.now(), end: 0, spans: [], http };
					const res = await requests.run(rec, () => app.fetch(req, env));
					rec.end = performance.now();
					records.push(rec);
					return res;
				}
			},
			() => resolve(s)
		);
		s.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
			const http = { arrived: sharedClock(), written: NaN };
			arrivals.push(http);
			res.once('finish', () => (http.written = sharedClock()));
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const job = async (j: ClientJob) => {
		const child = fork(join(ROOT, 'bench/ingest-client.ts'), [], { execArgv: ['--import', 'tsx'] });
		const reply = new Promise<ClientResult>((resolve, reject) => {
			child.once('message', (m) => resolve(m as ClientResult));
			child.once('exit', (code) => reject(new Error(`ingest client exited ${code}`)));
		});
		child.send(j);
		return reply;
	};
	try {
		const base = `http://127.0.0.1:${port}`;
		// Warm-up: JIT, zod, the pool's connections.
		await job({ url: base, outlets, n, rounds: 1 });
		records.length = 0;
		// BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of this process (the server) over the measured run only.
		const profileDir = process.env.BENCH_CPU_PROFILE;
		const inspector = profileDir ? new Session() : null;
		if (inspector) {
			inspector.connect();
			await inspector.post('Profiler.enable');
			await inspector.post('Profiler.start');
		}
		const sampler = await sampleBackends(url);
		const pg0 = clusterCpuMs(sampler.postmaster);
		const cpu0 = process.cpuUsage();
		const elu0 = nodePerformance.eventLoopUtilization();
		const r = await job({ url: base, outlets, n, rounds });
		const elu = nodePerformance.eventLoopUtilization(elu0);
		const cpu = process.cpuUsage(cpu0);
		const pgMs = clusterCpuMs(sampler.postmaster) - pg0;
		const waits = await sampler.stop();
		if (inspector && profileDir) {
			const { profile } = await inspector.post('Profiler.stop');
			const file = join(profileDir, `ingest-${outlets.length}x${n}-${Date.now()}.cpuprofile`);
			writeFileSync(file, JSON.stringify(profile));
			inspector.disconnect();
			console.log(`[profile]   CPU profile of the server over the run: ${file}`);
		}
		const cores = (ms: number) => (ms / r.ms).toFixed(2);
		const rows = outlets.length * rounds * n;
		console.log(
			`[profile] ${outlets.length} outlets at once over HTTP, ${n} items × ${rounds} each (app in-process, pool of ${poolSize}): ` +
				`${Math.round((rows / r.ms) * 1000)} orders/s in ${fmt(r.ms)} ms, batch median ${fmt(median(r.latencies))} ms p95 ${fmt(percentile(r.latencies, 95))} ms`
		);
		const perOrder = (ms: number) => `${Math.round((ms * 1000) / rows)} µs`;
		console.log(
			`[profile]   CPU per order: server ${perOrder((cpu.user + cpu.system) / 1000)}, PostgreSQL ${perOrder(pgMs)}, ` +
				`the outlets' client ${perOrder(r.cpuMs)} (what the load average does not change much)`
		);
		console.log(
			`[profile]   CPU in cores over the run: server ${cores((cpu.user + cpu.system) / 1000)} (event loop busy ${Math.round(elu.utilization * 100)}%), ` +
				`PostgreSQL ${cores(pgMs)}, the outlets' client ${cores(r.cpuMs)}; backends on average: ${waits}`
		);
		const parts = new Map<string, number[]>();
		for (const rec of records)
			for (const [k, v] of segments(rec)) {
				const list = parts.get(k) ?? [];
				list.push(v);
				parts.set(k, list);
			}
		const whole = records.map((rec) => rec.end - rec.t0);
		console.log(
			`[profile]   per request (${records.length}): whole ${fmt(median(whole))} ms (p95 ${fmt(percentile(whole, 95))})`
		);
		for (const [k, v] of parts)
			console.log(
				`[profile]     ${k}: median ${fmt(median(v))} ms, p95 ${fmt(percentile(v, 95))} ms (${v.length})`
			);
		if (outlets.length === 1) endToEnd(records, r.marks);
	} finally {
		server.close();
		await hub.stop();
		await db.close();
	}
}

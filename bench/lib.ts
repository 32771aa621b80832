// Why: what every benchmark shares: the built PWA on the real server with a browser, smoke sizes, repetition, percentiles, the one-line "kasir | floor | ratio" report and the JSON file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser';
import { startPostgresCluster } from '../tests/helpers/postgres-global-setup';
import { createDatabase, ROOT, startServer, type TestServer } from '../tests/helpers/server';

/** `BENCH_SMOKE=1`: tiny sizes and one repetition, so a test can prove the suite still runs (timings meaningless). */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** Full size, or the smoke size. */
export const size = (full: number, smoke: number): number => (SMOKE ? smoke : full);

export interface Figure {
	/** What was measured, e.g. `first sync (master + cloud pull), 10000 products`. */
	measure: string;
	/** Kasir's figure and the floor's, same unit, same run. */
	kasir: number;
	floor: number | null;
	unit: 'ms' | 'orders/s' | 'KB';
	/** Anything else worth keeping (counts, p95, per-phase times). */
	detail?: Record<string, number | string>;
}

export interface BenchReport {
	bench: string;
	smoke: boolean;
	at: string;
	figures: (Figure & { ratio: number | null })[];
}

export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Runs `fn` `times` times (once in smoke mode) and returns each duration in ms. */
export async function repeat(times: number, fn: (run: number) => Promise<void>): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < (SMOKE ? 1 : times); i++) {
		const t0 = performance.now();
		await fn(i);
		out.push(performance.now() - t0);
	}
	return out;
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 10) / 10);

/** Lower is better for ms, higher for throughput: the ratio is always "how many times worse than the floor". */
function ratioOf(f: Figure): number | null {
	if (f.floor === null || f.floor === 0 || f.kasir === 0) return null;
	return Math.round((f.unit === 'orders/s' ? f.floor / f.kasir : f.kasir / f.floor) * 100) / 100;
}

/** Prints one line per figure and writes `artifacts/bench/<bench>.json`; returns the report. */
export function report(bench: string, figures: Figure[]): BenchReport {
	const r: BenchReport = {
		bench,
		smoke: SMOKE,
		at: new Date().toISOString(),
		figures: figures.map((f) => ({ ...f, ratio: ratioOf(f) }))
	};
	for (const f of r.figures) {
		const detail = Object.entries(f.detail ?? {})
			.map(([k, v]) => `${k}=${typeof v === 'number' ? round(v) : v}`)
			.join(' ');
		const floor = f.floor === null ? '—' : `${round(f.floor)} ${f.unit}`;
		const ratio = f.ratio === null ? '—' : `${f.ratio}×`;
		console.log(
			`[bench ${bench}] ${f.measure}: kasir ${round(f.kasir)} ${f.unit} | floor ${floor} | ratio ${ratio}${detail ? ` | ${detail}` : ''}`
		);
	}
	const dir = join(ROOT, 'artifacts', 'bench');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `${bench}${SMOKE ? '.smoke' : ''}.json`), JSON.stringify(r, null, 2));
	return r;
}

/** A private copy of the built PWA (`BENCH_STATIC_DIR` reuses one, as the smoke test does). */
export function builtApp(): { dir: string; cleanup: () => void } {
	if (process.env.BENCH_STATIC_DIR) return { dir: process.env.BENCH_STATIC_DIR, cleanup: () => {} };
	if (!(process.env.SKIP_BUILD === '1' && existsSync(join(ROOT, 'build/index.html'))))
		execFileSync(
			'flock',
			[
				'/tmp/kasir-build.lock',
				process.execPath,
				join(ROOT, 'node_modules/vite/bin/vite.js'),
				'build',
				'--logLevel',
				'warn'
			],
			{ cwd: ROOT, stdio: 'inherit' }
		);
	const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-build-'));
	execFileSync('flock', ['/tmp/kasir-build.lock', 'cp', '-rT', join(ROOT, 'build'), dir]);
	return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The built PWA served by the real server (no rate limit, quiet logs unless `logLevel`) and a Chromium; `close()` ends all three. */
export async function benchRig(opts: { logLevel?: 'info' | 'warn' } = {}): Promise<{
	server: TestServer;
	browser: Browser;
	close: () => Promise<void>;
}> {
	const app = builtApp();
	const server = await startServer({
		staticDir: app.dir,
		env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: opts.logLevel ?? 'warn' }
	});
	const browser = await launchBrowser();
	return {
		server,
		browser,
		close: async () => {
			await browser.close();
			await server.stop();
			app.cleanup();
		}
	};
}

/**
 * How the first-sync benches run the head office and the cloud: `pglite`, one process on the embedded PGlite (the
 * row's figure since the first pass); `postgres`, one process on PostgreSQL; `split`, the HO (and the PWA) in one
 * process and the cloud in another over one PostgreSQL database, the device set up with each one's URL, as a
 * deployment whose head office and cloud are two systems. `BENCH_SYNC_SERVERS`: a comma-separated list, by default
 * `pglite,split`.
 */
export const SYNC_SERVERS = ['pglite', 'postgres', 'split'] as const;
export type SyncServers = (typeof SYNC_SERVERS)[number];

export function syncServerShapes(): SyncServers[] {
	const asked = (process.env.BENCH_SYNC_SERVERS ?? 'pglite,split').split(',').map((s) => s.trim());
	const unknown = asked.filter((s) => !(SYNC_SERVERS as readonly string[]).includes(s));
	if (unknown.length)
		throw new Error(`BENCH_SYNC_SERVERS: unknown ${unknown.join(', ')}; known: ${SYNC_SERVERS.join(', ')}`);
	return SYNC_SERVERS.filter((s) => asked.includes(s));
}

/** The HO and cloud of one shape, seeded with `products` products; `ho` serves the PWA (the floor fetches from it too). */
export interface SyncServersRig {
	shape: SyncServers;
	ho: TestServer;
	cloud: TestServer;
	stop(): Promise<void>;
}

/** Starts one shape's servers (and, for PostgreSQL, a throwaway cluster or a database in `TEST_DATABASE_URL`'s). */
export async function startSyncServers(
	shape: SyncServers,
	staticDir: string,
	products: number
): Promise<SyncServersRig> {
	const env = { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' };
	if (shape === 'pglite') {
		const server = await startServer({ db: 'pglite', staticDir, env });
		await seedProducts(server, products);
		return { shape, ho: server, cloud: server, stop: () => server.stop() };
	}
	const cluster = process.env.TEST_DATABASE_URL
		? { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
		: await startPostgresCluster();
	const started: TestServer[] = [];
	const stop = async () => {
		for (const s of started.reverse()) await s.stop();
		await cluster.stop();
	};
	try {
		const databaseUrl = await createDatabase(cluster.url, 'kasir_sync');
		const ho = await startServer({ db: 'postgres', databaseUrl, staticDir, env });
		started.push(ho);
		await seedProducts(ho, products);
		if (shape === 'postgres') return { shape, ho, cloud: ho, stop };
		// The cloud answers the PWA the HO serves, from another origin (its port): CORS for that origin.
		const cloud = await startServer({
			db: 'postgres',
			databaseUrl,
			env: { ...env, CORS_ORIGINS: new URL(ho.url).origin }
		});
		started.push(cloud);
		return { shape, ho, cloud, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

/** Grows the server's catalogue to `products` products (server stopped meanwhile, same data and port after). */
export async function seedProducts(server: TestServer, products: number): Promise<void> {
	await server.halt();
	execFileSync(
		process.execPath,
		['--import', 'tsx', join(ROOT, 'server/seed-cli.ts'), '--products', String(products)],
		{
			cwd: ROOT,
			env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: server.databaseUrl ?? '' },
			stdio: 'ignore'
		}
	);
	await server.restart();
}

/** How many of the page's local orders the replicator has pushed. */
export async function syncedCount(page: Page): Promise<number> {
	return page.evaluate(async () =>
		(await window.__kasir!.database()).orders.count({ selector: { sync_status: 'synced' } }).exec()
	);
}

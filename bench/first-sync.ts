// Why: the client benchmarks in real Chromium against the real server on a grown catalogue: the wizard's first sync
// (scope "all") beside its floor (the same HO pages fetched and put into a raw IndexedDB store in one page), the
// search queries, and the drain of offline orders beside direct batch POSTs of as many orders from Node; the first sync
// again with the HO and the cloud in two server processes over one PostgreSQL database (`BENCH_SYNC_SERVERS`).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { productSchema } from '../src/lib/db/schemas';
import type { SyncJobDoc } from '../src/lib/db/types';
import { launchBrowser } from '../tests/helpers/browser';
import {
	hoToken,
	makeOrders,
	type DemoOutlet,
	openDiagnostics,
	pickDemoOutlet,
	saveDemoOutlet,
	setupDemoOutlet,
	startSync
} from '../tests/e2e/replication-support';
import { floorDrain } from './drain';
import {
	builtApp,
	median,
	percentile,
	report,
	size,
	startSyncServers,
	syncServerShapes,
	syncedCount,
	type Figure,
	type SyncServers,
	type SyncServersRig
} from './lib';

const ENTITIES = ['companies', 'brands', 'stores', 'categories', 'products', 'modifiers'] as const;

/**
 * The products table's IndexedDB indexes as RxDB's Dexie storage keeps them: each schema index with `_deleted` before
 * it and the primary key after it, plus RxDB's own `[_deleted, id]`, `[_meta.lwt, id]` and `_meta.lwt` (its cleanup's;
 * left out of this floor before the eighth pass).
 */
export const PRODUCT_INDEXES: string[][] = [
	...(productSchema.indexes ?? []).map((i) => ['_deleted', ...(typeof i === 'string' ? [i] : i), 'id']),
	['_deleted', 'id'],
	['lwt', 'id'],
	['lwt']
];

/**
 * The floor of the first sync: every HO page at the server's limit, each put into a raw IndexedDB store in one
 * transaction. `indexes` gives the products store the indexes Kasir's products table has (the selling screen's
 * queries need them), with the fields they index derived as Kasir does (`name_lower`, `brand_key`; booleans as 0/1,
 * which IndexedDB can key); without it the stores have no index at all.
 */
export async function floorFirstSync(
	page: Page,
	url: string,
	token: string,
	companyId: string,
	indexes: string[][] = []
): Promise<{ ms: number; rows: number }> {
	return page.evaluate(
		async ({ url, token, companyId, entities, indexes }) => {
			const name = `floor-${Math.random().toString(36).slice(2)}`;
			const t0 = performance.now();
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const r = indexedDB.open(name, 1);
				r.onupgradeneeded = () => {
					for (const e of entities) {
						const store = r.result.createObjectStore(e, { keyPath: 'id' });
						if (e === 'products') indexes.forEach((i, n) => store.createIndex(`i${n}`, i));
					}
				};
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
			let rows = 0;
			for (const e of entities) {
				let since: string | null = null;
				for (;;) {
					const q = new URLSearchParams({ company_id: companyId, limit: '1000' });
					if (since) q.set('since', since);
					const res = await fetch(`${url}/api/sync/${e}/?${q}`, {
						headers: { Authorization: `Bearer ${token}` }
					});
					const body = (await res.json()) as {
						data: Record<string, unknown> & { checkpoint: string; has_more: boolean };
					};
					const list = body.data[e] as { id: string }[];
					rows += list.length;
					await new Promise<void>((resolve, reject) => {
						const tx = db.transaction(e, 'readwrite');
						const store = tx.objectStore(e);
						if (e === 'products' && indexes.length)
							for (const row of list as {
								id: string;
								name: string;
								brand_id: string | null;
								is_deleted: boolean;
							}[])
								store.put({
									...row,
									name_lower: row.name.toLowerCase().slice(0, 200),
									brand_key: row.brand_id ?? '',
									is_deleted: row.is_deleted ? 1 : 0,
									_deleted: 0,
									lwt: Date.now()
								});
						else for (const row of list) store.put(row);
						tx.oncomplete = () => resolve();
						tx.onerror = () => reject(tx.error);
					});
					since = body.data.checkpoint;
					if (!body.data.has_more || list.length === 0) break;
				}
			}
			const ms = performance.now() - t0;
			db.close();
			indexedDB.deleteDatabase(name);
			return { ms, rows };
		},
		{ url, token, companyId, entities: [...ENTITIES], indexes }
	);
}

/**
 * The selling screen's search queries (name prefix + SKU prefix of live products, one range of the brand-keyed index per
 * shown brand key: the outlet's brand and no brand, limit 300; as `db/product-queries.ts` builds them), timed in the page.
 */
async function searchTimes(page: Page, brandId: string): Promise<number[]> {
	return page.evaluate(async (brand) => {
		const db = await window.__kasir!.database();
		const prefixes = [
			't',
			'te',
			'tem',
			'n',
			'na',
			'nas',
			'k',
			'ko',
			'kop',
			'e',
			'es',
			'gen-0',
			'a',
			'ay',
			'aya'
		];
		const out: number[] = [];
		for (let round = 0; round < 3; round++)
			for (const q of prefixes) {
				const t0 = performance.now();
				const found = await Promise.all(
					[brand, ''].flatMap((key) => [
						db.products
							.find({
								selector: {
									is_deleted: false,
									brand_key: key,
									name_lower: { $gte: q.toLowerCase(), $lt: q.toLowerCase() + '\uffff' }
								},
								sort: [{ name_lower: 'asc' }],
								limit: 300,
								index: ['is_deleted', 'brand_key', 'name_lower']
							})
							.exec(),
						db.products
							.find({
								selector: {
									is_deleted: false,
									brand_key: key,
									sku: { $gte: q.toUpperCase(), $lt: q.toUpperCase() + '\uffff' }
								},
								sort: [{ sku: 'asc' }],
								limit: 300,
								index: ['is_deleted', 'brand_key', 'sku']
							})
							.exec()
					])
				);
				void found.length;
				out.push(performance.now() - t0);
			}
		return out;
	}, brandId);
}

/** Waits for the job to end, noting when each step started (polling the job document). */
export async function timedJob(
	page: Page,
	id: string
): Promise<{ job: SyncJobDoc; stepMs: Record<string, number> }> {
	const starts: { name: string; at: number }[] = [];
	for (;;) {
		const j = await page.evaluate(
			async (jobId) =>
				(await (await window.__kasir!.database()).sync_jobs.findOne(jobId).exec())?.toMutableJSON() ?? null,
			id
		);
		const running = j ? Object.entries(j.results).find(([, r]) => r.status === 'running')?.[0] : undefined;
		if (running && starts.at(-1)?.name !== running) starts.push({ name: running, at: performance.now() });
		if (j && j.status !== 'running') {
			const end = performance.now();
			const stepMs: Record<string, number> = {};
			starts.forEach((s, i) => (stepMs[`${s.name}_ms`] = (starts[i + 1]?.at ?? end) - s.at));
			return { job: j, stepMs };
		}
		await new Promise((r) => setTimeout(r, 25));
	}
}

/** How each shape's figures are named: the PGlite one keeps the names it has had since the first pass. */
const SHAPE_LABEL: Record<SyncServers, string> = {
	pglite: '',
	postgres: ', one process on PostgreSQL',
	split: ', HO and cloud in two processes on PostgreSQL'
};

/**
 * The wizard's first sync ("all") on one shape's servers, beside its floors (fetched from the same HO process, before
 * and after it, and the indexed one after), in a page the HO serves; the page stays open for what the caller runs next.
 */
async function firstSyncOn(
	browser: Browser,
	rig: SyncServersRig
): Promise<{ figures: Figure[]; page: Page; ctx: BrowserContext; outlet: DemoOutlet; local: number }> {
	const { ho, cloud } = rig;
	const label = SHAPE_LABEL[rig.shape];
	const token = await hoToken(ho.url);
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await ctx.newPage();
	await openDiagnostics(page, ho.url);
	// The floor runs before the outlet is set up: saving the cloud key starts the replicator, whose cloud `updates`
	// pull of the whole catalogue would otherwise run beside this floor instead of beside Kasir's first sync (it did
	// until the fifth pass: the floor before was inflated ~3× and Kasir's job found that pull already done).
	const outlet = await pickDemoOutlet(page);
	const companyId = outlet.company_id;
	const floorBefore = await floorFirstSync(page, ho.url, token, companyId);

	// Kasir: what the wizard does, the cloud key saved (the replicator starts) and at once the first sync, everything
	// (master data, push, cloud pull, photos), timed from the key's save.
	const t0 = performance.now();
	await saveDemoOutlet(page, outlet, cloud === ho ? '' : cloud.url);
	const started = await startSync(page, 'all');
	if (!started.success) throw new Error(`sync refused: ${started.message}`);
	const { job, stepMs } = await timedJob(page, started.syncId);
	const kasirMs = performance.now() - t0;
	if (job.status !== 'completed')
		throw new Error(`first sync ended ${job.status}: ${JSON.stringify(job.results)}`);
	const local = await page.evaluate(async () => (await window.__kasir!.database()).products.count().exec());
	const floorAfter = await floorFirstSync(page, ho.url, token, companyId);
	const floorIndexed = await floorFirstSync(page, ho.url, token, companyId, PRODUCT_INDEXES);
	const floor = { ms: (floorBefore.ms + floorAfter.ms) / 2, rows: floorAfter.rows };
	const figures: Figure[] = [
		{
			measure: `wizard first sync ("all")${label}, ${local} products`,
			kasir: kasirMs,
			floor: floor.ms,
			unit: 'ms',
			detail: {
				floor_rows: floor.rows,
				floor_before_ms: floorBefore.ms,
				floor_after_ms: floorAfter.ms,
				...stepMs,
				...Object.fromEntries(Object.entries(job.results).map(([k, v]) => [`n_${k}`, v.count]))
			}
		},
		// The goal counts everything but photos (their floor would be the photo downloads).
		{
			measure: `wizard first sync ("all") without its photo step${label}, ${local} products`,
			kasir: kasirMs - (stepMs.photos_ms ?? 0),
			floor: floor.ms,
			unit: 'ms',
			detail: { photos_ms: stepMs.photos_ms ?? 0 }
		},
		// The same floor with the products store indexed as Kasir's products table is (what its screens' queries need).
		{
			measure: `wizard first sync ("all") without its photo step${label}, vs a floor with the products table's indexes`,
			kasir: kasirMs - (stepMs.photos_ms ?? 0),
			floor: floorIndexed.ms,
			unit: 'ms',
			detail: { floor_indexes: PRODUCT_INDEXES.length, floor_rows: floorIndexed.rows }
		}
	];
	return { figures, page, ctx, outlet, local };
}

/** After the first sync on one PGlite process: the master scope alone in a fresh profile, the search, the drain. */
async function onOneServer(browser: Browser, rig: SyncServersRig, orders: number): Promise<Figure[]> {
	const server = rig.ho;
	const { figures, page, ctx, outlet, local } = await firstSyncOn(browser, rig);
	const floorMs = figures[0]!.floor ?? NaN;
	const floorRows = figures[0]!.detail?.floor_rows ?? 0;

	// The master-data part alone, in a fresh profile (nothing stored yet).
	const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page2 = await ctx2.newPage();
	await openDiagnostics(page2, server.url);
	await setupDemoOutlet(page2);
	const m0 = performance.now();
	const master = await startSync(page2, 'master');
	if (!master.success) throw new Error(`master sync refused: ${master.message}`);
	const { job: masterJob, stepMs: masterSteps } = await timedJob(page2, master.syncId);
	const masterMs = performance.now() - m0;
	if (masterJob.status !== 'completed') throw new Error(`master sync ended ${masterJob.status}`);
	await ctx2.close();
	figures.push({
		measure: `master-data sync alone ("master"), ${local} products`,
		kasir: masterMs,
		floor: floorMs,
		unit: 'ms',
		detail: { floor_rows: floorRows, ...masterSteps }
	});

	const times = await searchTimes(page, outlet.brand_id);
	figures.push({
		measure: `search query (name + SKU prefix, brand-filtered, ≤300), ${local} products`,
		kasir: percentile(times, 95),
		floor: null,
		unit: 'ms',
		detail: { median_ms: median(times), samples: times.length }
	});

	// Drain: offline orders already stored go out through the replicator; floor = the same count POSTed from Node.
	const docs = makeOrders(outlet.id, orders, 100_000);
	// Timed from the moment they are stored: the bench's bulk insert of 5,000 documents is setup (`insert_ms`).
	const i0 = performance.now();
	await page.evaluate(async (d) => {
		const r = await (await window.__kasir!.database()).orders.bulkInsert(d);
		if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
	}, docs);
	const d0 = performance.now();
	const insertMs = d0 - i0;
	for (;;) {
		if ((await syncedCount(page)) >= orders) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	const drainMs = performance.now() - d0;
	const floorDrainMs = await floorDrain(server.url, orders);
	figures.push({
		measure: `drain ${orders} offline orders to the cloud`,
		kasir: drainMs,
		floor: floorDrainMs,
		unit: 'ms',
		detail: {
			insert_ms: insertMs,
			kasir_orders_per_s: (orders / drainMs) * 1000,
			floor_orders_per_s: (orders / floorDrainMs) * 1000
		}
	});
	await ctx.close();
	return figures;
}

export async function benchFirstSync(): Promise<void> {
	const products = size(10_000, 300);
	const orders = size(5000, 200);
	const app = builtApp();
	const browser = await launchBrowser();
	const figures: Figure[] = [];
	try {
		// One shape after the other (BENCH_SYNC_SERVERS), each on its own servers and database; the PGlite one, the
		// row's figure since the first pass, also runs the master scope alone, the search and the drain.
		for (const shape of syncServerShapes()) {
			let rig: SyncServersRig;
			try {
				rig = await startSyncServers(shape, app.dir, products);
			} catch (e) {
				if (shape === 'pglite') throw e;
				console.log(`[bench first-sync] ${shape} skipped: ${e instanceof Error ? e.message : String(e)}`);
				continue;
			}
			try {
				if (shape === 'pglite') figures.push(...(await onOneServer(browser, rig, orders)));
				else {
					const run = await firstSyncOn(browser, rig);
					await run.ctx.close();
					figures.push(...run.figures);
				}
			} finally {
				await rig.stop();
			}
		}
	} finally {
		await browser.close();
		app.cleanup();
	}
	report('first-sync', figures);
}

// Why: the drain alone, repeated: offline orders already stored go out through the replicator (the page open, as
// the till is), beside the floor of the same number of orders POSTed to `/sync/batch` from Node in batches of 1000.
// `first-sync` measures the same drain once after its catalogue sync; this one isolates and repeats it. Both time the
// drain from the moment the orders are stored (the bench's bulk insert of them is setup, reported as `insert_ms`).
// This one ends it when the till's own pending badge reads 0 (every order acknowledged and durably recorded, as the
// cashier sees it), and prints beside it the time until every order document says synced (the push's acknowledgement
// ledger folded into the orders, `worker/cloud/ack-ledger.ts`).
// `BENCH_DRAIN_RUNS=n` repeats it n times (the figures move a lot with the machine's load); `BENCH_PROFILE=1` keeps CPU
// profiles of the UI thread and the worker during each drain. Each run prints its timeline: the worker's push steps per
// batch (User Timing marks of `worker/cloud/push.ts`) beside the server's time per `/sync/batch` (its request log).
// The floor sends the drain's own orders (`floorDrain`'s `bodies: 'till'`, since the seventh pass); the floor of the
// passes before, the contract tests' smaller order, runs beside it (`floor_seed_orders_runs_ms`). `BENCH_DRAIN_CPU=1`
// prints the CPU time of the bench's processes (the server, Chromium's renderer and browser process, the bench)
// during each drain and each floor, from /proc (Linux), and the server's medians in the figure's detail.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { authHeaders, order, JKT } from '../tests/contract/cloud-helpers';
import { ROOT } from '../tests/helpers/server';
import { makeOrders, openDiagnostics, setupDemoOutlet } from '../tests/e2e/replication-support';
import { orderData } from '../worker/cloud/push';
import { SMOKE, syncedCount, benchRig, median, report, size, type Figure } from './lib';

/** Running numbers of the floor's orders (local ids), apart from the drained orders' (`100_000 + run * orders`). */
let floorNumber = 10_000_000;

/**
 * The floor of a drain: as many orders POSTed to `/sync/batch` from Node in batches of 1000, one request at a time; its
 * duration in ms. `bodies: 'till'` (the default) sends the orders the drain sends: orders made as the drain's are
 * (`makeOrders`), turned into the push's items by the push's own `orderData` and serialised in the timed part, as the
 * worker does (the same bytes per order: ~680, with `order_number` and the till's item fields). `'seed'` sends the
 * contract tests' order (`order(JKT)`, ~570 bytes, no `order_number`, the seed's item fields only), the floor of every
 * run before the seventh pass.
 */
export async function floorDrain(
	url: string,
	orders: number,
	opts: { bodies?: 'till' | 'seed' } = {}
): Promise<number> {
	const till = opts.bodies !== 'seed';
	// Made before the clock starts, as the drain's orders are stored before its clock starts.
	const docs = till ? makeOrders(JKT.id, orders, floorNumber) : [];
	floorNumber += orders;
	const t0 = performance.now();
	for (let sent = 0; sent < orders; sent += 1000) {
		const n = Math.min(1000, orders - sent);
		const items = till
			? docs
					.slice(sent, sent + n)
					.map((d) => ({ entity_type: 'order', operation: 'create', data: orderData(d, null) }))
			: Array.from({ length: n }, () => ({ entity_type: 'order', operation: 'create', data: order(JKT) }));
		const r = await fetch(`${url}/api/v1/outlets/${JKT.id}/sync/batch`, {
			method: 'POST',
			headers: { ...authHeaders(JKT), 'content-type': 'application/json' },
			body: JSON.stringify({
				outlet_id: JKT.id,
				outlet_code: JKT.code,
				sync_timestamp: new Date().toISOString(),
				items
			})
		});
		if (r.status !== 200) throw new Error(`floor batch answered ${r.status}`);
		const body = (await r.json()) as { data: { success: number } };
		if (body.data.success !== n) throw new Error(`floor batch stored ${body.data.success} of ${n}`);
	}
	return performance.now() - t0;
}

/** CPU ms (user + system) of this bench's processes (itself and its descendants), by pid, with a short name (`BENCH_DRAIN_CPU=1`). */
function processCpu(): Map<number, { name: string; ms: number }> {
	const all = new Map<number, { ppid: number; name: string; ms: number }>();
	for (const d of readdirSync('/proc')) {
		if (!/^\d+$/.test(d)) continue;
		try {
			const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its own as one line
			const type = cmd.find((a) => a.startsWith('--type='))?.slice(7);
			const name = type
				? `chromium-${type}`
				: cmd.some((a) => a.endsWith('server/main.ts'))
					? 'server'
					: (cmd[0]?.split('/').pop() ?? '?');
			all.set(Number(d), { ppid: Number(f[1]), name, ms: ((Number(f[11]) + Number(f[12])) * 1000) / 100 });
		} catch {
			// gone
		}
	}
	const mine = new Set([process.pid]);
	// Descendants: add children of what is already in until nothing new joins.
	for (let grew = true; grew;) {
		grew = false;
		for (const [pid, p] of all)
			if (!mine.has(pid) && mine.has(p.ppid)) {
				mine.add(pid);
				grew = true;
			}
	}
	const out = new Map<number, { name: string; ms: number }>();
	for (const pid of mine) {
		const p = all.get(pid);
		if (p) out.set(pid, { name: pid === process.pid ? 'bench' : p.name, ms: p.ms });
	}
	return out;
}
/** CPU ms per process name between two `processCpu()` readings. */
function cpuDelta(
	a: Map<number, { name: string; ms: number }>,
	b: Map<number, { name: string; ms: number }>
) {
	const by = new Map<string, number>();
	for (const [pid, x] of b) {
		const d = x.ms - (a.get(pid)?.ms ?? 0);
		if (d > 0) by.set(x.name, (by.get(x.name) ?? 0) + d);
	}
	return by;
}
const cpuText = (by: Map<string, number>) =>
	[...by]
		.sort((x, y) => y[1] - x[1])
		.map(([n, ms]) => `${n} ${Math.round(ms)}`)
		.join(', ');

type CdpAnswer = { result?: { profile?: unknown } };

/**
 * `BENCH_PROFILE=1`: CPU profiles of the UI thread and of the page's workers during each drain, written to
 * `artifacts/bench/drain-<run>-page.cpuprofile` and `drain-<run>-worker<k>.cpuprofile`. The workers are reached through
 * the page's CDP session (`Target.setAutoAttach`, messages relayed by `Target.sendMessageToTarget`).
 */
async function drainProfiler(ctx: BrowserContext, page: Page) {
	if (process.env.BENCH_PROFILE !== '1') return { start: async () => {}, stop: async (_run: number) => {} };
	const cdp = await ctx.newCDPSession(page);
	const workers: string[] = [];
	const waiting = new Map<number, (m: CdpAnswer) => void>();
	let next = 1;
	cdp.on('Target.attachedToTarget', (e) => {
		if (e.targetInfo.type === 'worker') workers.push(e.sessionId);
	});
	cdp.on('Target.detachedFromTarget', (e) => {
		if (workers.includes(e.sessionId)) workers.splice(workers.indexOf(e.sessionId), 1);
	});
	cdp.on('Target.receivedMessageFromTarget', (e) => {
		const m = JSON.parse(e.message) as CdpAnswer & { id?: number };
		if (m.id !== undefined) waiting.get(m.id)?.(m);
	});
	const inWorker = (sessionId: string, method: string, params: object = {}) =>
		new Promise<CdpAnswer>((done) => {
			const id = next++;
			waiting.set(id, done);
			cdp
				.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
				.catch(() => done({}));
		});
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	const dir = join(ROOT, 'artifacts', 'bench');
	mkdirSync(dir, { recursive: true });
	return {
		start: async () => {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
			for (const w of workers) {
				await inWorker(w, 'Profiler.enable');
				await inWorker(w, 'Profiler.setSamplingInterval', { interval: 200 });
				await inWorker(w, 'Profiler.start');
			}
		},
		stop: async (run: number) => {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(join(dir, `drain-${run}-page.cpuprofile`), JSON.stringify(profile));
			for (const [k, w] of workers.entries()) {
				const r = await inWorker(w, 'Profiler.stop');
				if (r.result?.profile)
					writeFileSync(join(dir, `drain-${run}-worker${k}.cpuprofile`), JSON.stringify(r.result.profile));
			}
		}
	};
}

/**
 * Watches the till's own pending badge (`[data-testid="pending-count"]`, the TopBar every page shows: the app's pending
 * count, which takes acknowledged orders as sent whether or not their acknowledgement is folded into them yet). Set up
 * before the insert; `untilAppSent` resolves once the badge, having shown the stored orders, reads 0 again: every order
 * acknowledged by the server and durably recorded, as the cashier sees it.
 */
async function watchBadge(page: Page): Promise<void> {
	await page.evaluate('globalThis.__name ??= (f) => f'); // tsx's wrapper of named closures (see writeBackFloor)
	await page.evaluate(() => {
		const w = window as unknown as { __benchBadge?: Promise<void> };
		w.__benchBadge = new Promise<void>((done) => {
			let seen = false;
			const check = () => {
				const n = Number(
					document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') ?? 0
				);
				if (n > 0) seen = true;
				else if (seen) {
					observer.disconnect();
					done();
				}
			};
			const observer = new MutationObserver(check);
			observer.observe(document.body, {
				subtree: true,
				childList: true,
				attributes: true,
				attributeFilter: ['data-count']
			});
		});
	});
}

async function untilAppSent(page: Page): Promise<void> {
	await page.evaluate(() => (window as unknown as { __benchBadge?: Promise<void> }).__benchBadge);
}

/**
 * Resolves once the page's RxDB counts `target` synced orders: a live count, re-run by RxDB once per write-back that
 * reaches the page (what the till's own pending badge does). `BENCH_DRAIN_POLL=1` polls a count every 50 ms instead,
 * as the bench did before: ~100 extra IndexedDB counts per drain, each walking every synced order's index entry, on
 * the same IndexedDB backend the write-backs are queued on.
 */
async function untilSynced(page: Page, target: number): Promise<void> {
	if (process.env.BENCH_DRAIN_POLL === '1') {
		while ((await syncedCount(page)) < target) await new Promise((r) => setTimeout(r, 50));
		return;
	}
	await page.evaluate(async (n) => {
		const db = await window.__kasir!.database();
		return new Promise<void>((done) => {
			const sub = db.orders.count({ selector: { sync_status: 'synced' } }).$.subscribe((count) => {
				if (count < n) return;
				done();
				queueMicrotask(() => sub.unsubscribe());
			});
		});
	}, target);
}

/**
 * The local floor of a drain's write-back: `orders` stored orders (read raw from RxDB's IndexedDB
 * database for the orders collection) rewritten with `sync_status: 'synced'` by plain IndexedDB puts, 1000 per
 * transaction, into a fresh database whose store has the same key and the same indexes as RxDB's. No read, no
 * revision check, no change events: what writing the results back costs the browser at the least. Its duration in ms.
 */
async function writeBackFloor(page: Page, orders: number): Promise<number> {
	// The helpers below get tsx's `__name` wrapper, which the page does not have: a no-op one (a string, so not wrapped).
	await page.evaluate('globalThis.__name ??= (f) => f');
	return page.evaluate(async (n) => {
		const req = <T>(r: IDBRequest<T>) =>
			new Promise<T>((ok, fail) => {
				r.onsuccess = () => ok(r.result);
				r.onerror = () => fail(r.error);
			});
		const done = (tx: IDBTransaction) =>
			new Promise<void>((ok, fail) => {
				tx.oncomplete = () => ok();
				tx.onerror = tx.onabort = () => fail(tx.error);
			});
		const open = (name: string, init?: (db: IDBDatabase) => void) =>
			new Promise<IDBDatabase>((ok, fail) => {
				const r = init ? indexedDB.open(name, 1) : indexedDB.open(name);
				if (init) r.onupgradeneeded = () => init(r.result);
				r.onsuccess = () => ok(r.result);
				r.onerror = () => fail(r.error);
			});
		const coll = (await window.__kasir!.database()).orders;
		const source = await open(`rxdb-dexie-${coll.database.name}--${coll.schema.version}--orders`);
		const store = source.transaction('docs').objectStore('docs');
		const docs = (await req(store.getAll(null, n))) as Record<string, unknown>[];
		const indexes = [...store.indexNames].map((i) => {
			const x = store.index(i);
			return { name: x.name, keyPath: x.keyPath, unique: x.unique, multiEntry: x.multiEntry };
		});
		const keyPath = store.keyPath;
		source.close();
		const name = `kasir-bench-writeback-${Date.now()}`;
		const db = await open(name, (d) => {
			const s = d.createObjectStore('docs', { keyPath });
			for (const i of indexes)
				s.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
		});
		const fill = db.transaction('docs', 'readwrite');
		for (const d of docs) fill.objectStore('docs').put(d);
		await done(fill);
		const t0 = performance.now();
		for (let at = 0; at < docs.length; at += 1000) {
			const tx = db.transaction('docs', 'readwrite');
			const s = tx.objectStore('docs');
			for (const d of docs.slice(at, at + 1000)) s.put({ ...d, sync_status: 'synced', synced_version: 1 });
			await done(tx);
		}
		const ms = performance.now() - t0;
		db.close();
		await req(indexedDB.deleteDatabase(name));
		return ms;
	}, orders);
}

type Mark = { name: string; at: number; batch?: number };

/** The push round's steps (`kasir:push:*` User Timing marks of `worker/cloud/push.ts`), read from the page's workers, epoch ms. */
async function pushMarks(page: Page): Promise<Mark[]> {
	const all: Mark[] = [];
	for (const w of page.workers())
		all.push(
			...(await w
				.evaluate(() =>
					performance
						.getEntriesByType('mark')
						.filter((m) => m.name.startsWith('kasir:push:'))
						.map((m) => ({
							name: m.name.slice('kasir:push:'.length),
							at: performance.timeOrigin + m.startTime,
							batch: ((m as PerformanceMark).detail as number | null) ?? undefined
						}))
				)
				.catch(() => []))
		);
	return all.sort((a, b) => a.at - b.at);
}

/** Forgets the marks of earlier drains, so a run's timeline holds its own round(s) only. */
async function clearPushMarks(page: Page): Promise<void> {
	for (const w of page.workers())
		await w
			.evaluate(() => {
				for (const m of performance.getEntriesByType('mark'))
					if (m.name.startsWith('kasir:push:')) performance.clearMarks(m.name);
			})
			.catch(() => {});
}

/** The server's `/sync/batch` requests logged since `since` (epoch ms): when each began and how long it took. */
function serverBatches(output: string, since: number): { start: number; ms: number }[] {
	const out: { start: number; ms: number }[] = [];
	for (const line of output.split('\n')) {
		if (!line.includes('/sync/batch')) continue;
		try {
			const r = JSON.parse(line) as { time: string; msg: string; path: string; ms: number };
			const end = Date.parse(r.time);
			if (r.msg === 'request' && end >= since) out.push({ start: end - r.ms, ms: r.ms });
		} catch {
			// not a log line
		}
	}
	return out.sort((a, b) => a.start - b.start);
}

/** Time covered by a set of intervals (their union), ms. */
function covered(spans: readonly { start: number; end: number }[]): number {
	let total = 0;
	let until = -Infinity;
	for (const s of [...spans].sort((a, b) => a.start - b.start)) {
		if (s.end <= until) continue;
		total += s.end - Math.max(s.start, until);
		until = s.end;
	}
	return total;
}

/**
 * One drain's timeline, ms from the moment the orders were stored (`t0`, epoch ms): the worker's steps per batch and
 * the server's time per request, and how much of the drain the server was busy. Printed, and returned for the JSON.
 */
function timeline(
	run: number,
	t0: number,
	end: number,
	marks: readonly Mark[],
	server: { start: number; ms: number }[]
) {
	const rel = (at: number) => Math.round(at - t0);
	const step = (name: string, batch?: number) => marks.find((m) => m.name === name && m.batch === batch)?.at;
	const batches = [...new Set(marks.filter((m) => m.batch !== undefined).map((m) => m.batch!))];
	const rows = batches.map((b) => {
		const at = (n: string) => {
			const t = step(n, b);
			return t === undefined ? null : rel(t);
		};
		return {
			batch: b,
			serialised: at('serialised'),
			sent: at('sent'),
			answered: at('answered'),
			write_start: at('write-start'),
			write_end: at('write-end')
		};
	});
	const spans = server.map((r) => ({ start: r.start, end: r.start + r.ms }));
	// Time spent writing back (coalesced write-backs share their span: counted once).
	const writes = covered(
		rows.flatMap((r) =>
			r.write_start !== null && r.write_end !== null ? [{ start: r.write_start, end: r.write_end }] : []
		)
	);
	const busy = covered(spans);
	const t = {
		run,
		drain_ms: Math.round(end - t0),
		rounds: marks.filter((m) => m.name === 'start').length,
		round_start: rel(step('start') ?? t0),
		collected: rel(step('collected') ?? t0),
		round_end: rel(marks.findLast((m) => m.name === 'end')?.at ?? end),
		fold_start: step('fold-start') === undefined ? null : rel(step('fold-start')!),
		fold_end: step('fold-end') === undefined ? null : rel(step('fold-end')!),
		batches: rows,
		server: server.map((r) => ({ start: rel(r.start), ms: r.ms })),
		server_busy_ms: Math.round(busy),
		write_back_ms: Math.round(writes),
		server_first_start: server.length ? rel(server[0]!.start) : null,
		server_last_end: spans.length ? rel(Math.max(...spans.map((s) => s.end))) : null
	};
	console.log(
		`[bench drain] run ${run}: drain ${t.drain_ms} ms; ${t.rounds} round(s), first start ${t.round_start}, collected ${t.collected}, end ${t.round_end}; fold ${t.fold_start}–${t.fold_end}; server busy ${t.server_busy_ms} ms (${t.server_first_start}–${t.server_last_end})`
	);
	for (const r of rows)
		console.log(
			`[bench drain]   batch ${r.batch}: serialised ${r.serialised} sent ${r.sent} answered ${r.answered} write-back ${r.write_start}–${r.write_end}`
		);
	if (process.env.BENCH_DRAIN_MARKS === '1')
		console.log(
			`[bench drain]   marks: ${marks.map((m) => `${m.name}${m.batch ?? ''}@${rel(m.at)}`).join(' ')}`
		);
	console.log(`[bench drain]   server: ${t.server.map((r) => `${r.start}+${r.ms}`).join(', ')}`);
	return t;
}

export async function benchDrain(): Promise<void> {
	const orders = size(5000, 200);
	const runs = Number(process.env.BENCH_DRAIN_RUNS ?? size(3, 1));
	const { server, browser, close } = await benchRig({ logLevel: 'info' });
	const timelines: (ReturnType<typeof timeline> & { write_back_floor_ms: number; folded_ms: number })[] = [];
	const writeBacks: number[] = [];
	const writeBackFloors: number[] = [];
	const kasir: number[] = [];
	const folded: number[] = [];
	const floor: number[] = [];
	const seedFloor: number[] = [];
	const cpuWanted = process.env.BENCH_DRAIN_CPU === '1';
	const serverCpu = { kasir: [] as number[], floor: [] as number[], seed: [] as number[] };
	const inserts: number[] = [];
	try {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await ctx.newPage();
		const profiler = await drainProfiler(ctx, page);
		await openDiagnostics(page, server.url);
		const { outletId } = await setupDemoOutlet(page);
		// Warm the server's batch path once (the first request of a fresh server is cold).
		await floorDrain(server.url, Math.min(orders, 1000));
		for (let run = 0; run < runs; run++) {
			// Kasir and the floor alternate, so both meet the same load from the machine.
			const cpu = async <T>(what: string, into: number[], fn: () => Promise<T>): Promise<T> => {
				if (!cpuWanted) return fn();
				const c0 = processCpu();
				const r = await fn();
				const by = cpuDelta(c0, processCpu());
				into.push(by.get('server') ?? 0);
				console.log(`[bench drain]   CPU ms during ${what}: ${cpuText(by)}`);
				return r;
			};
			floor.push(await cpu('the floor', serverCpu.floor, () => floorDrain(server.url, orders)));
			// The floor of the passes before the seventh (the contract tests' smaller order), for comparison.
			seedFloor.push(
				await cpu('the seed-order floor', serverCpu.seed, () =>
					floorDrain(server.url, orders, { bodies: 'seed' })
				)
			);
			const docs = makeOrders(outletId, orders, 100_000 + run * orders);
			const before = await syncedCount(page);
			// The drain starts once the orders are stored: the bench's own bulk insert (the page handing 5,000 documents to
			// RxDB) is setup, timed apart; a till stores its orders one sale at a time over the day.
			await clearPushMarks(page);
			// Started before the insert: starting a profiler takes a while, which would otherwise fall inside the drain.
			await profiler.start();
			await watchBadge(page);
			const i0 = performance.now();
			await page.evaluate(async (d) => {
				const r = await (await window.__kasir!.database()).orders.bulkInsert(d);
				if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
			}, docs);
			const cpu0 = cpuWanted ? processCpu() : null;
			const t0 = performance.now();
			const t0Epoch = performance.timeOrigin + t0;
			inserts.push(t0 - i0);
			await untilAppSent(page);
			kasir.push(performance.now() - t0);
			if (cpu0) {
				const by = cpuDelta(cpu0, processCpu());
				serverCpu.kasir.push(by.get('server') ?? 0);
				console.log(`[bench drain]   CPU ms during the drain (to the badge): ${cpuText(by)}`);
			}
			const end = performance.timeOrigin + performance.now();
			// The second end: every acknowledgement folded into its order (RxDB counts them all synced).
			await untilSynced(page, before + orders);
			folded.push(performance.now() - t0);
			await profiler.stop(run);
			const t = timeline(run, t0Epoch, end, await pushMarks(page), serverBatches(server.output(), t0Epoch));
			const floorWb = await writeBackFloor(page, orders);
			writeBacks.push(t.write_back_ms);
			writeBackFloors.push(floorWb);
			console.log(
				`[bench drain]   write-backs ${t.write_back_ms} ms in all; the same orders put raw into a store with the same indexes: ${Math.round(floorWb)} ms`
			);
			console.log(
				`[bench drain]   all orders synced (acknowledgements folded) at ${Math.round(folded.at(-1)!)} ms`
			);
			timelines.push({
				...t,
				write_back_floor_ms: Math.round(floorWb),
				folded_ms: Math.round(folded.at(-1)!)
			});
		}
		await ctx.close();
	} finally {
		await close();
	}
	const figures: Figure[] = [
		{
			measure: `drain ${orders} offline orders to the cloud (median of ${kasir.length})`,
			kasir: median(kasir),
			floor: median(floor),
			unit: 'ms',
			detail: {
				kasir_runs_ms: kasir.map((n) => Math.round(n)).join('/'),
				folded_runs_ms: folded.map((n) => Math.round(n)).join('/'),
				floor_runs_ms: floor.map((n) => Math.round(n)).join('/'),
				floor_seed_orders_runs_ms: seedFloor.map((n) => Math.round(n)).join('/'),
				ratio_to_seed_order_floor: median(kasir) / median(seedFloor),
				...(cpuWanted
					? {
							server_cpu_ms_kasir: median(serverCpu.kasir),
							server_cpu_ms_floor: median(serverCpu.floor),
							server_cpu_ms_seed_floor: median(serverCpu.seed)
						}
					: {}),
				insert_runs_ms: inserts.map((n) => Math.round(n)).join('/'),
				write_back_ms: median(writeBacks),
				write_back_raw_floor_ms: median(writeBackFloors),
				kasir_orders_per_s: (orders / median(kasir)) * 1000,
				floor_orders_per_s: (orders / median(floor)) * 1000
			}
		},
		{
			measure: `drain ${orders} offline orders until every order document says synced (median of ${folded.length})`,
			kasir: median(folded),
			floor: median(floor),
			unit: 'ms',
			detail: { folded_runs_ms: folded.map((n) => Math.round(n)).join('/') }
		}
	];
	report('drain', figures);
	const dir = join(ROOT, 'artifacts', 'bench');
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, `drain-timeline${SMOKE ? '.smoke' : ''}.json`), JSON.stringify(timelines, null, 2));
}

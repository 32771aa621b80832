// Why: where the wizard's first sync spends its time, beside its floor: runs alternate (floor, Kasir, indexed floor) on a
// warm server, each Kasir run in a fresh profile with the worker's per-page timeline (`kasir:ho:*` measures), and one more
// run under a V8 CPU trace summarised per thread (the worker, the page), so before/after figures come from one window;
// each shape of servers (`BENCH_SYNC_SERVERS`: one PGlite process, or the HO and the cloud in two PostgreSQL ones) in turn.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../tests/helpers/server';
import { hoToken, openDiagnostics, setupDemoOutlet, startSync } from '../tests/e2e/replication-support';
import { PRODUCT_INDEXES, floorFirstSync, timedJob } from './first-sync';
import { launchBrowser } from '../tests/helpers/browser';
import {
	builtApp,
	median,
	report,
	size,
	SMOKE,
	startSyncServers,
	syncServerShapes,
	type Figure,
	type SyncServers,
	type SyncServersRig
} from './lib';

interface Span {
	name: string;
	start: number;
	end: number;
	entity: string;
	rows: number;
}

/** The worker's `kasir:ho:*` measures, on the wall clock (ms since the epoch). */
async function workerTimeline(page: Page): Promise<Span[]> {
	const w = page.workers().find((x) => x.url().includes('worker'));
	if (!w) return [];
	return w.evaluate(() =>
		performance
			.getEntriesByType('measure')
			.filter((m) => m.name.startsWith('kasir:ho:') || m.name.startsWith('kasir:cloud:'))
			.map((m) => {
				const d = (m as PerformanceMeasure).detail as { entity?: string; rows?: number } | null;
				return {
					name: m.name.replace(/^kasir:(ho:)?/, ''),
					start: performance.timeOrigin + m.startTime,
					end: performance.timeOrigin + m.startTime + m.duration,
					entity: d?.entity ?? '',
					rows: d?.rows ?? 0
				};
			})
	);
}

/** How many requests the worker made to each origin (its resource timings): which process answered which side. */
async function workerRequests(page: Page): Promise<Record<string, number>> {
	const w = page.workers().find((x) => x.url().includes('worker'));
	if (!w) return {};
	return w.evaluate(() => {
		const out: Record<string, number> = {};
		for (const e of performance.getEntriesByType('resource')) {
			const origin = new URL(e.name).origin;
			out[origin] = (out[origin] ?? 0) + 1;
		}
		return out;
	});
}

/** One Kasir first sync ("all") in a fresh profile on one shape's servers; the time without its photo step and the
 * worker's timeline. */
async function kasirRun(
	browser: Browser,
	rig: SyncServersRig,
	trace = false
): Promise<{
	ms: number;
	stepMs: Record<string, number>;
	spans: Span[];
	t0: number;
	requests: Record<string, number>;
	trace?: Buffer;
}> {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	try {
		const page = await ctx.newPage();
		await openDiagnostics(page, rig.ho.url);
		await setupDemoOutlet(page, cloudUrlOf(rig));
		if (trace)
			await browser.startTracing(page, {
				categories: ['disabled-by-default-v8.cpu_profiler', 'v8.execute', '__metadata']
			});
		const t0 = Date.now();
		const p0 = performance.now();
		const started = await startSync(page, 'all');
		if (!started.success) throw new Error(`sync refused: ${started.message}`);
		const { job, stepMs } = await timedJob(page, started.syncId);
		const ms = performance.now() - p0 - (stepMs.photos_ms ?? 0);
		const buf = trace ? await browser.stopTracing() : undefined;
		if (job.status !== 'completed') throw new Error(`first sync ended ${job.status}`);
		return {
			ms,
			stepMs,
			spans: await workerTimeline(page),
			t0,
			requests: await workerRequests(page),
			...(buf ? { trace: buf } : {})
		};
	} finally {
		await ctx.close();
	}
}

/** Prints the products step's pages: when each fetch, parse, find, write and checkpoint ran, relative to the sync's start. */
function printTimeline(spans: Span[], t0: number): Record<string, number> {
	const rel = (n: number) => Math.round(n - t0);
	const sum: Record<string, number> = {};
	for (const s of spans) {
		console.log(
			`  ${s.name.padEnd(10)} ${s.entity.padEnd(10)} ${String(s.rows).padStart(5)} rows  ${String(rel(s.start)).padStart(6)} → ${String(rel(s.end)).padStart(6)} ms  (${Math.round(s.end - s.start)} ms)`
		);
		if (s.entity === 'products' || s.name === 'parse') sum[s.name] = (sum[s.name] ?? 0) + (s.end - s.start);
	}
	const last = spans.filter((s) => s.entity === 'products' && s.name === 'fetch').at(-1);
	const done = spans.filter((s) => s.entity === 'products').at(-1);
	if (last && done) sum.after_last_fetch = done.end - last.end;
	return sum;
}

/** Points of the timeline, ms from the sync's start: when the products' first page was asked and arrived, when their
 * step ended, when the cloud pull's first page arrived and its last was applied. */
function landmarks(spans: Span[], t0: number): Record<string, number> {
	const out: Record<string, number> = {};
	const products = spans.filter((s) => s.entity === 'products');
	const first = products.find((s) => s.name === 'fetch');
	if (first) {
		out.first_page_asked = first.start - t0;
		out.first_page_arrived = first.end - t0;
	}
	const done = products.at(-1);
	if (done) out.products_done = done.end - t0;
	const cloudFetch = spans.find((s) => s.name === 'cloud:fetch');
	if (cloudFetch) out.cloud_first_page = cloudFetch.end - t0;
	const cloudApplied = spans.filter((s) => s.name === 'cloud:page').at(-1);
	if (cloudApplied) out.cloud_applied = cloudApplied.end - t0;
	return out;
}

/** The device's cloud URL for a shape: empty (the page's origin) when one process serves both. */
const cloudUrlOf = (rig: SyncServersRig) => (rig.cloud === rig.ho ? '' : rig.cloud.url);

/** How each shape's figure is named: the PGlite one keeps its name. */
const SHAPE_LABEL: Record<SyncServers, string> = {
	pglite: '',
	postgres: ', one process on PostgreSQL',
	split: ', HO and cloud in two processes on PostgreSQL'
};

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	id?: string;
	args?: {
		name?: string;
		data?: {
			cpuProfile?: {
				nodes?: {
					id: number;
					parent?: number;
					callFrame?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number };
				}[];
				samples?: number[];
			};
			timeDeltas?: number[];
		};
	};
}

/** Self and total time per function of each profiled thread (V8 samples from the trace), the top `n` of each. */
function summariseTrace(buf: Buffer, n = 25): void {
	const parsed = JSON.parse(buf.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
	const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
	const threadName = new Map<string, string>();
	for (const e of events)
		if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
	const profiles = new Map<
		string,
		{ thread: string; nodes: Map<number, { parent?: number; label: string }>; self: Map<number, number> }
	>();
	for (const e of events) {
		if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
		const key = `${e.pid}:${e.id}`;
		let p = profiles.get(key);
		if (!p) {
			p = {
				thread: threadName.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`,
				nodes: new Map(),
				self: new Map()
			};
			profiles.set(key, p);
		}
		const cpu = e.args?.data?.cpuProfile;
		for (const node of cpu?.nodes ?? []) {
			const f = node.callFrame ?? {};
			const file = (f.url ?? '').split('/').pop() ?? '';
			p.nodes.set(node.id, {
				parent: node.parent,
				label: `${f.functionName || '(anonymous)'}${file ? ` ${file}:${(f.lineNumber ?? 0) + 1}:${(f.columnNumber ?? 0) + 1}` : ''}`
			});
		}
		const deltas = e.args?.data?.timeDeltas ?? [];
		(cpu?.samples ?? []).forEach((id, i) =>
			p.self.set(id, (p.self.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0))
		);
	}
	for (const p of profiles.values()) {
		const self = new Map<string, number>();
		const total = new Map<string, number>();
		let all = 0;
		for (const [id, us] of p.self) {
			const label = p.nodes.get(id)?.label ?? String(id);
			self.set(label, (self.get(label) ?? 0) + us);
			all += us;
			const seen = new Set<string>();
			for (let cur: number | undefined = id; cur !== undefined; cur = p.nodes.get(cur)?.parent) {
				const l = p.nodes.get(cur)?.label ?? String(cur);
				if (seen.has(l)) continue;
				seen.add(l);
				total.set(l, (total.get(l) ?? 0) + us);
			}
		}
		const idle = (self.get('(idle)') ?? 0) / 1000;
		if (all / 1000 - idle < 50) continue;
		console.log(
			`\n[profile] thread ${p.thread}: sampled ${Math.round(all / 1000)} ms, busy ${Math.round(all / 1000 - idle)} ms`
		);
		const top = (m: Map<string, number>) =>
			[...m]
				.filter(([l]) => l !== '(idle)' && l !== '(root)')
				.sort((a, b) => b[1] - a[1])
				.slice(0, n)
				.map(([l, us]) => `    ${String(Math.round(us / 1000)).padStart(6)} ms  ${l}`)
				.join('\n');
		console.log(`  self:\n${top(self)}\n  total:\n${top(total)}`);
	}
}

/** One shape's servers, its floor page (set up as a device, the floors fetched in it from the HO) and its samples. */
interface ShapeRun {
	rig: SyncServersRig;
	token: string;
	companyId: string;
	floorPage: Page;
	kasir: number[];
	floor: number[];
	floorIdx: number[];
	parts: Record<string, number[]>;
}

export async function benchFirstSyncProfile(): Promise<void> {
	// Summarise a trace written by an earlier run (no run).
	if (process.env.BENCH_TRACE_FILE) return summariseTrace(readFileSync(process.env.BENCH_TRACE_FILE));
	const products = size(10_000, 300);
	const reps = SMOKE ? 1 : Number(process.env.BENCH_REPS ?? 3);
	const app = builtApp();
	const browser = await launchBrowser();
	const figures: Figure[] = [];
	const runs: ShapeRun[] = [];
	try {
		// Every shape's servers up at once (BENCH_SYNC_SERVERS), so the shapes alternate run by run too.
		for (const shape of syncServerShapes()) {
			const rig = await startSyncServers(shape, app.dir, products);
			const floorPage = await (await browser.newContext()).newPage();
			const r: ShapeRun = {
				rig,
				token: '',
				companyId: '',
				floorPage,
				kasir: [],
				floor: [],
				floorIdx: [],
				parts: {}
			};
			runs.push(r);
			r.token = await hoToken(rig.ho.url);
			await openDiagnostics(floorPage, rig.ho.url);
			r.companyId = (await setupDemoOutlet(floorPage, cloudUrlOf(rig))).companyId;
			// Warm the server (its first pages are cold), then alternate so each pair meets the same load.
			await floorFirstSync(floorPage, rig.ho.url, r.token, r.companyId);
		}
		for (let i = 0; i < reps; i++)
			for (const r of runs) {
				const { rig, token, companyId, floorPage } = r;
				r.floor.push((await floorFirstSync(floorPage, rig.ho.url, token, companyId)).ms);
				const k = await kasirRun(browser, rig);
				r.kasir.push(k.ms);
				r.floorIdx.push((await floorFirstSync(floorPage, rig.ho.url, token, companyId, PRODUCT_INDEXES)).ms);
				const marks = landmarks(k.spans, k.t0);
				console.log(
					`[first-sync-profile] run ${i + 1} (${rig.shape}): kasir ${Math.round(k.ms)} ms (without photos) | floor ${Math.round(r.floor.at(-1) ?? 0)} | indexed floor ${Math.round(r.floorIdx.at(-1) ?? 0)} | ${Object.entries(
						{ ...k.stepMs, ...marks }
					)
						.map(([s, v]) => `${s}=${Math.round(v)}`)
						.join(' ')} | requests ${Object.entries(k.requests)
						.map(([o, n]) => `${o} ${n}`)
						.join(', ')}`
				);
				const sum = printTimeline(k.spans, k.t0);
				for (const [name, v] of Object.entries(sum)) (r.parts[`products_${name}`] ??= []).push(v);
				for (const [name, v] of Object.entries(marks)) (r.parts[name] ??= []).push(v);
			}
		for (const r of runs)
			figures.push({
				measure: `first sync without photos${SHAPE_LABEL[r.rig.shape]}, ${products} products, median of ${reps} alternating runs`,
				kasir: median(r.kasir),
				floor: median(r.floor),
				unit: 'ms',
				detail: {
					floor_indexed_ms: median(r.floorIdx),
					ratio_indexed: Math.round((median(r.kasir) / median(r.floorIdx)) * 100) / 100,
					...Object.fromEntries(Object.entries(r.parts).map(([k, v]) => [`${k}_ms`, median(v)]))
				}
			});
		if (!SMOKE && process.env.BENCH_TRACE !== '0')
			for (const r of runs) {
				const traced = await kasirRun(browser, r.rig, true);
				console.log(
					`[first-sync-profile] traced run (${r.rig.shape}): ${Math.round(traced.ms)} ms (tracing inflates it)`
				);
				if (traced.trace) {
					const dir = join(ROOT, 'artifacts', 'bench');
					mkdirSync(dir, { recursive: true });
					const file = join(
						dir,
						`first-sync-profile${r.rig.shape === 'pglite' ? '' : `.${r.rig.shape}`}.trace.json`
					);
					writeFileSync(file, traced.trace);
					console.log(`[first-sync-profile] trace: ${file}`);
					summariseTrace(traced.trace);
				}
			}
	} finally {
		for (const r of runs) await r.floorPage.context().close();
		await browser.close();
		for (const r of runs) await r.rig.stop();
		app.cleanup();
	}
	report('first-sync-profile', figures);
}

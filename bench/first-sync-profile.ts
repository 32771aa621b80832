// Why: where the wizard's first sync spends its time, beside its floor: runs alternate (floor, Kasir, indexed floor) on a
// warm server, each Kasir run in a fresh profile with the worker's per-page timeline (`kasir:ho:*` measures), and one more
// run under a V8 CPU trace summarised per thread (the worker, the page), so before/after figures come from one window.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../tests/helpers/server';
import { hoToken, openDiagnostics, setupDemoOutlet, startSync } from '../tests/e2e/replication-support';
import { PRODUCT_INDEXES, floorFirstSync, timedJob } from './first-sync';
import { benchRig, median, report, seedProducts, size, SMOKE, type Figure } from './lib';

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

/** One Kasir first sync ("all") in a fresh profile; the time without its photo step and the worker's timeline. */
async function kasirRun(
	browser: Browser,
	url: string,
	trace = false
): Promise<{ ms: number; stepMs: Record<string, number>; spans: Span[]; t0: number; trace?: Buffer }> {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	try {
		const page = await ctx.newPage();
		await openDiagnostics(page, url);
		await setupDemoOutlet(page);
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
		return { ms, stepMs, spans: await workerTimeline(page), t0, ...(buf ? { trace: buf } : {}) };
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

export async function benchFirstSyncProfile(): Promise<void> {
	// Summarise a trace written by an earlier run (no run).
	if (process.env.BENCH_TRACE_FILE) return summariseTrace(readFileSync(process.env.BENCH_TRACE_FILE));
	const products = size(10_000, 300);
	const reps = SMOKE ? 1 : Number(process.env.BENCH_REPS ?? 3);
	const { server, browser, close } = await benchRig();
	const figures: Figure[] = [];
	try {
		await seedProducts(server, products);
		const token = await hoToken(server.url);
		const ctx = await browser.newContext();
		const floorPage = await ctx.newPage();
		await openDiagnostics(floorPage, server.url);
		const { companyId } = await setupDemoOutlet(floorPage);
		// Warm the server (its first pages are cold), then alternate so each pair meets the same load.
		await floorFirstSync(floorPage, server.url, token, companyId);
		const kasir: number[] = [];
		const floor: number[] = [];
		const floorIdx: number[] = [];
		const parts: Record<string, number[]> = {};
		for (let i = 0; i < reps; i++) {
			floor.push((await floorFirstSync(floorPage, server.url, token, companyId)).ms);
			const k = await kasirRun(browser, server.url);
			kasir.push(k.ms);
			floorIdx.push((await floorFirstSync(floorPage, server.url, token, companyId, PRODUCT_INDEXES)).ms);
			console.log(
				`[first-sync-profile] run ${i + 1}: kasir ${Math.round(k.ms)} ms (without photos) | floor ${Math.round(floor.at(-1) ?? 0)} | indexed floor ${Math.round(floorIdx.at(-1) ?? 0)} | ${Object.entries(
					k.stepMs
				)
					.map(([s, v]) => `${s}=${Math.round(v)}`)
					.join(' ')}`
			);
			const sum = printTimeline(k.spans, k.t0);
			for (const [name, v] of Object.entries(sum)) (parts[name] ??= []).push(v);
		}
		figures.push({
			measure: `first sync without photos, ${products} products, median of ${reps} alternating runs`,
			kasir: median(kasir),
			floor: median(floor),
			unit: 'ms',
			detail: {
				floor_indexed_ms: median(floorIdx),
				ratio_indexed: Math.round((median(kasir) / median(floorIdx)) * 100) / 100,
				...Object.fromEntries(Object.entries(parts).map(([k, v]) => [`products_${k}_ms`, median(v)]))
			}
		});
		await ctx.close();
		if (!SMOKE && process.env.BENCH_TRACE !== '0') {
			const traced = await kasirRun(browser, server.url, true);
			console.log(`[first-sync-profile] traced run: ${Math.round(traced.ms)} ms (tracing inflates it)`);
			if (traced.trace) {
				const dir = join(ROOT, 'artifacts', 'bench');
				mkdirSync(dir, { recursive: true });
				const file = join(dir, 'first-sync-profile.trace.json');
				writeFileSync(file, traced.trace);
				console.log(`[first-sync-profile] trace: ${file}`);
				summariseTrace(traced.trace);
			}
		}
	} finally {
		await close();
	}
	report('first-sync-profile', figures);
}

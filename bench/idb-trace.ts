// Why: a slow read at a page's start is an IndexedDB request waiting for something (an earlier readwrite transaction
// on the same store, in this page or in the worker's connection; a busy main thread); this records every transaction
// of the page and of its worker with its creation, its first request, that request's answer and its end, plus the
// page's long tasks, on one clock (epoch ms), so a slow sample can be laid out beside what it waited for.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../tests/helpers/server';

/** One recorded IndexedDB transaction (or a long task of the page: `w: 'longtask'`), times in epoch ms. */
export type TraceRow = {
	w: 'page' | 'worker' | 'longtask';
	db?: string;
	s?: string;
	m?: string;
	/** Created, first request issued, its answer delivered, ended. */
	c: number;
	r?: number;
	ok?: number;
	e?: number;
	n?: number;
	how?: string;
};

/**
 * Installed in the page (addInitScript) and in its worker (evaluate, as early as Playwright sees it). Plain JS in a string:
 * tsx would wrap a compiled function's inner functions in helpers the page does not have.
 */
const INSTALL = `(() => {
	if (globalThis.__idbTrace) return;
	const rows = (globalThis.__idbTrace = []);
	const now = () => performance.timeOrigin + performance.now();
	const where = typeof window === 'undefined' ? 'worker' : 'page';
	const byTx = new WeakMap();
	const open = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (stores, mode, opts) {
		const tx = open.call(this, stores, mode, opts);
		const rec = {
			w: where,
			db: this.name.replace(/^rxdb-dexie-/, ''),
			s: (typeof stores === 'string' ? [stores] : Array.from(stores)).join(','),
			m: mode || 'readonly',
			c: now(),
			n: 0
		};
		rows.push(rec);
		byTx.set(tx, rec);
		tx.addEventListener('complete', () => ((rec.e = now()), (rec.how = 'complete')));
		tx.addEventListener('abort', () => ((rec.e = now()), (rec.how = 'abort')));
		return tx;
	};
	const methods = ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count', 'put', 'add', 'delete', 'clear'];
	for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype])
		for (const k of methods) {
			const f = proto[k];
			if (typeof f !== 'function') continue;
			proto[k] = function (...a) {
				const req = f.apply(this, a);
				const rec = byTx.get(req.transaction);
				if (rec) {
					rec.n++;
					if (!rec.r) {
						rec.r = now();
						req.addEventListener('success', () => { if (!rec.ok) rec.ok = now(); });
					}
				}
				return req;
			};
		}
	if (where === 'page')
		try {
			new PerformanceObserver((list) => {
				for (const e of list.getEntries())
					rows.push({ w: 'longtask', c: performance.timeOrigin + e.startTime, e: performance.timeOrigin + e.startTime + e.duration });
			}).observe({ type: 'longtask', buffered: true });
		} catch {
			// No long task timing: transactions alone.
		}
})()`;

/** Starts tracing every page load of `page` and its workers (BENCH_SHIFT_TRACE=1). */
export async function traceIdb(page: Page): Promise<void> {
	await page.addInitScript(INSTALL);
	// The worker's own script starts with the same recorder (its module body runs after its imports, before its first
	// transaction); Playwright cannot give a worker an init script.
	await page.route('**/_app/immutable/workers/**', async (route) => {
		const response = await route.fetch();
		const body = await response.text();
		await route.fulfill({ response, body: `${INSTALL};\n${body}` });
	});
}

/** The current page's and its workers' rows, and its marks/measures (epoch ms). */
export async function collectTrace(page: Page): Promise<{
	rows: TraceRow[];
	marks: { name: string; at: number; end?: number }[];
}> {
	const fromPage = await page.evaluate(() => {
		const g = globalThis as unknown as { __idbTrace?: unknown[] };
		const o = performance.timeOrigin;
		return {
			rows: g.__idbTrace ?? [],
			marks: performance
				.getEntries()
				.filter((e) => e.entryType === 'mark' || e.entryType === 'measure')
				.map((e) => ({
					name: e.name,
					at: o + e.startTime,
					...(e.entryType === 'measure' ? { end: o + e.startTime + e.duration } : {})
				}))
		};
	});
	const rows = fromPage.rows as TraceRow[];
	for (const w of page.workers())
		rows.push(
			...(((await w
				.evaluate(() => (globalThis as unknown as { __idbTrace?: unknown[] }).__idbTrace ?? [])
				.catch(() => [])) as TraceRow[]) ?? [])
		);
	return { rows, marks: fromPage.marks };
}

/** The rows around a window (ms relative to `zero`), as lines: what ran before and during `[zero, end]`. */
export function layOut(
	trace: { rows: TraceRow[]; marks: { name: string; at: number; end?: number }[] },
	zero: number,
	end: number
): string[] {
	const rel = (t?: number) => (t === undefined ? '   -   ' : (t - zero).toFixed(1).padStart(7));
	const lines: string[] = [];
	for (const m of trace.marks.filter((m) => m.at <= end))
		lines.push(`${rel(m.at)} ${m.end ? `..${rel(m.end)}` : '          '} mark ${m.name}`);
	const rows = trace.rows
		.filter((r) => r.c <= end && (r.e ?? Infinity) >= zero - 2_000)
		.sort((a, b) => a.c - b.c);
	for (const r of rows)
		lines.push(
			r.w === 'longtask'
				? `${rel(r.c)} ..${rel(r.e)} longtask ${((r.e ?? r.c) - r.c).toFixed(1)} ms`
				: `${rel(r.c)} ..${rel(r.e)} ${r.w} ${r.m === 'readwrite' ? 'RW' : 'r '} ${r.db}/${r.s} n=${r.n} first req ${rel(r.r)} answered ${rel(r.ok)} ${r.how ?? 'open'}`
		);
	return lines.sort((a, b) => parseFloat(a) - parseFloat(b));
}

/** Keeps a trace in artifacts/bench/<name>.json. */
export function keepTrace(name: string, value: unknown): string {
	const dir = join(ROOT, 'artifacts', 'bench');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${name}.json`);
	writeFileSync(file, JSON.stringify(value, null, 1));
	return file;
}

// Why: `BENCH_TRACE=1` on the till bench: a Chromium trace (devtools.timeline) of a few taps and no-op clicks at the bench's
// throttle, read back into where each one's time went on the page's main thread, from `pointerdown` to the end of the frame
// that shows its result: input delay, script (which handlers), style recalc (how many elements), layout (how many objects),
// paint (which area), and what the no-op floor pays of the same. The raw trace stays beside it for the DevTools panel.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** One trace event as Chromium writes it (only the fields read here). */
interface TraceEvent {
	name: string;
	cat: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	args?: {
		data?: Record<string, unknown>;
		beginData?: Record<string, unknown>;
		elementCount?: number;
	} & Record<string, unknown>;
}

/** Main-thread time by kind of work (self time, ms) in one stretch of an interaction, and the time with no task running. */
export interface Stretch {
	ms: number;
	busy: Record<string, number>;
	idle: number;
}

/** One traced interaction: the main thread's work from its `pointerdown` to the end of the frame that shows its result. */
export interface TracedInteraction {
	kind: 'tap' | 'noop';
	/** ms from the input's time stamp: → the new line in the DOM (the floor: → its click event), → the next frame's rAF, → that frame's end. */
	to_dom_ms: number;
	to_raf_ms: number;
	to_frame_end_ms: number;
	/** The input's time stamp → its `pointerdown` handlers start (the wait for the main thread). */
	input_delay_ms: number;
	/** Where each stretch went: input → DOM updated, → the frame's rAF, → the frame's end (style, layout, paint, commit). */
	to_dom: Stretch;
	to_raf: Stretch;
	frame: Stretch;
	/** Each script entry (event handler, microtasks, timer, rAF) over 0.05 ms: `<what> <ms>`. */
	scripts: string[];
	/** Style recalcs in the whole window: elements each. */
	style_elements: number[];
	/** Layouts: `<dirty>/<total> objects[ partial] <ms>` each. */
	layouts: string[];
	/** Paints: `<node> <w>×<h> <ms>` each (the document's, then each composited layer's). */
	paints: string[];
}

const CATEGORIES = [
	'devtools.timeline',
	'disabled-by-default-devtools.timeline',
	'disabled-by-default-devtools.timeline.frame',
	'blink.user_timing',
	'toplevel',
	'v8.execute',
	'cc',
	'benchmark',
	'latencyInfo',
	// Which node each style, layout and paint invalidation came from (`StyleRecalcInvalidationTracking`, …).
	'disabled-by-default-devtools.timeline.invalidationTracking'
];

/** What each top-level event counts as, in `busy_ms`. */
const KIND: Record<string, string> = {
	EventDispatch: 'script:event',
	FunctionCall: 'script:call',
	TimerFire: 'script:timer',
	FireAnimationFrame: 'script:raf',
	RunMicrotasks: 'script:microtasks',
	'v8.run': 'script:other',
	UpdateLayoutTree: 'style',
	Layout: 'layout',
	PrePaint: 'prepaint',
	Paint: 'paint',
	PaintImage: 'paint',
	Layerize: 'layerize',
	UpdateLayer: 'layerize',
	Commit: 'commit',
	HitTest: 'hittest',
	MinorGC: 'gc',
	MajorGC: 'gc',
	ParseHTML: 'parse',
	ScheduleStyleRecalculation: 'other'
};

/**
 * Traces `rounds` pairs of (no-op click, tap) with the page's probes marking `bench:<kind>:down|dom|raf|end`, then reads
 * the trace back. `noop` and `tap` arm and run one interaction each; both must leave the marks.
 */
export async function traceTaps(
	browser: Browser,
	page: Page,
	rounds: number,
	noop: () => Promise<void>,
	tap: (i: number) => Promise<void>,
	dir: string
): Promise<TracedInteraction[]> {
	await page.evaluate(() => performance.clearMarks());
	await browser.startTracing(page, { categories: CATEGORIES });
	for (let i = 0; i < rounds; i++) {
		await noop();
		await tap(i);
	}
	const buf = await browser.stopTracing();
	writeFileSync(join(dir, 'till-tap.trace.json'), buf);
	const trace = JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
	return readTrace(Array.isArray(trace) ? trace : trace.traceEvents);
}

const ms = (us: number) => Math.round(us / 10) / 100;

/** Self time (ms) of each kind of work inside [from, to), and the time no task ran. */
function stretch(events: TraceEvent[], from: number, to: number): Stretch {
	const busy: Record<string, number> = {};
	const clip = (e: TraceEvent) => Math.max(0, Math.min(e.ts + (e.dur ?? 0), to) - Math.max(e.ts, from));
	// Tasks can nest (RunTask in RunTask): their union is the busy time.
	let taskTime = 0;
	let taskEnd = -Infinity;
	for (const e of events) {
		if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
		const s = Math.max(e.ts, from, taskEnd);
		const f = Math.min(e.ts + (e.dur ?? 0), to);
		if (f > s) taskTime += f - s;
		taskEnd = Math.max(taskEnd, e.ts + (e.dur ?? 0));
	}
	// Self time: an event of a known kind minus the known kinds nested in it.
	const open: { end: number; kind: string }[] = [];
	for (const e of events) {
		const kind = KIND[e.name];
		if (!kind) continue;
		while (open.length && (open[open.length - 1]?.end ?? 0) <= e.ts) open.pop();
		const d = clip(e);
		busy[kind] = (busy[kind] ?? 0) + d;
		const parent = open[open.length - 1];
		if (parent) busy[parent.kind] = (busy[parent.kind] ?? 0) - d;
		open.push({ end: e.ts + (e.dur ?? 0), kind });
	}
	const known = Object.values(busy).reduce((a, b) => a + b, 0);
	busy.other = Math.max(0, taskTime - known);
	return {
		ms: ms(to - from),
		busy: Object.fromEntries(
			Object.entries(busy)
				.filter(([, v]) => v >= 10)
				.map(([k, v]) => [k, ms(v)])
		),
		idle: ms(Math.max(0, to - from - taskTime))
	};
}

const scriptName = (e: TraceEvent): string => {
	const d = e.args?.data ?? {};
	if (e.name === 'EventDispatch') return String(d.type ?? 'event');
	if (e.name !== 'FunctionCall') return e.name;
	const file =
		String(d.url ?? '')
			.split('/')
			.pop() ?? '';
	return `${String(d.functionName || '(anonymous)')}@${file}:${String(d.lineNumber ?? '')}`;
};

/**
 * Reads each `bench:<kind>:down@<ms>` … `bench:<kind>:end` window of the page's main thread (`<ms>`: how long after the
 * input's time stamp the `pointerdown` listener made the mark).
 */
export function readTrace(events: TraceEvent[]): TracedInteraction[] {
	const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name.startsWith('bench:'));
	const main = marks[0];
	if (!main) return [];
	const onMain = events
		.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
		.sort((a, b) => a.ts - b.ts);
	const out: TracedInteraction[] = [];
	for (const down of marks.filter((m) => m.name.includes(':down@'))) {
		const kind = down.name.startsWith('bench:tap') ? 'tap' : 'noop';
		const next = (what: string) =>
			marks.find((m) => m.name === `bench:${kind}:${what}` && m.ts >= down.ts) ?? null;
		const dom = next(kind === 'tap' ? 'dom' : 'click');
		const raf = next('raf');
		const end = next('end');
		if (!dom || !raf || !end) continue;
		const delay = Number(down.name.split('@')[1] ?? 0);
		const t0 = down.ts - (Number.isFinite(delay) ? delay : 0) * 1000;
		const inWindow = onMain.filter((e) => e.ts + (e.dur ?? 0) > t0 && e.ts < end.ts);
		const scripts: string[] = [];
		const style: number[] = [];
		const layouts: string[] = [];
		const paints: string[] = [];
		let scriptUntil = -Infinity;
		for (const e of inWindow) {
			const a = e.args ?? {};
			if (e.name === 'UpdateLayoutTree') style.push(Number(a.elementCount ?? a.beginData?.elementCount ?? 0));
			if (e.name === 'Layout') {
				const b = a.beginData ?? {};
				layouts.push(
					`${String(b.dirtyObjects ?? '?')}/${String(b.totalObjects ?? '?')}${b.partialLayout ? ' partial' : ''} ${ms(e.dur ?? 0)}`
				);
			}
			if (e.name === 'Paint') {
				const d = a.data ?? {};
				const q = Array.isArray(d.clip) ? (d.clip as number[]) : [];
				const w = Math.round(Math.abs((q[2] ?? 0) - (q[0] ?? 0)));
				const h = Math.round(Math.abs((q[5] ?? 0) - (q[1] ?? 0)));
				paints.push(`${String(d.nodeName ?? '?').split(' ')[0]} ${w}×${h} ${ms(e.dur ?? 0)}`);
			}
			// The outermost script entries only (a handler, not the functions it calls).
			if (KIND[e.name]?.startsWith('script') && e.ts >= scriptUntil) {
				scriptUntil = e.ts + (e.dur ?? 0);
				if ((e.dur ?? 0) >= 50) scripts.push(`${scriptName(e)} ${ms(e.dur ?? 0)}`);
			}
		}
		const firstHandler = inWindow.find(
			(e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointerdown'
		);
		out.push({
			kind,
			to_dom_ms: ms(dom.ts - t0),
			to_raf_ms: ms(raf.ts - t0),
			to_frame_end_ms: ms(end.ts - t0),
			input_delay_ms: firstHandler ? ms(firstHandler.ts - t0) : NaN,
			to_dom: stretch(inWindow, t0, dom.ts),
			to_raf: stretch(inWindow, dom.ts, raf.ts),
			frame: stretch(inWindow, raf.ts, end.ts),
			scripts,
			style_elements: style,
			layouts,
			paints
		});
	}
	return out;
}

const mid = (xs: number[]): number => {
	const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? NaN) : NaN;
};

/** One line per kind of interaction: the medians of each stretch and of each kind of work in it (ms). */
export function summarise(traced: TracedInteraction[]): string[] {
	return (['tap', 'noop'] as const).map((kind) => {
		const of = traced.filter((t) => t.kind === kind);
		const part = (pick: (t: TracedInteraction) => Stretch) => {
			const kinds = new Set(of.flatMap((t) => Object.keys(pick(t).busy)));
			const busy = [...kinds]
				.map((k) => [k, mid(of.map((t) => pick(t).busy[k] ?? 0))] as const)
				.filter(([, v]) => v >= 0.1)
				.map(([k, v]) => `${k} ${v}`)
				.join(', ');
			return `${mid(of.map((t) => pick(t).ms))} (${busy}; idle ${mid(of.map((t) => pick(t).idle))})`;
		};
		return (
			`${kind} ×${of.length}, medians ms: input delay ${mid(of.map((t) => t.input_delay_ms))}; ` +
			`→ ${kind === 'tap' ? 'DOM' : 'click'} ${part((t) => t.to_dom)}; → rAF ${part((t) => t.to_raf)}; ` +
			`frame ${part((t) => t.frame)}`
		);
	});
}

// Why: the selling screen's own speed in real Chromium on a grown catalogue and a till holding many past orders, each figure
// beside its floor measured on the same page in the same run: tap → cart line painted (4× CPU throttle) vs a no-op click →
// next frame; pay → order durably stored (1× and 4×) vs one raw IndexedDB transaction putting the same document; search
// keystroke → results painted (1×); offline cold start → first product tile vs a navigation to a file the service worker
// serves from its cache.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { screenshot } from '../tests/helpers/browser';
import { ROOT } from '../tests/helpers/server';
import { until } from '../tests/helpers/wait';
import { setupThroughWizard } from '../tests/e2e/pos-support';
import { makeOrders, DEMO } from '../tests/e2e/replication-support';
import { summarise, traceTaps } from './tap-trace';
import { seedProducts, benchRig, median, percentile, report, size, type Figure } from './lib';

/** What the in-page probes leave on `window` (a promise of one timing, the raw floor database). */
interface BenchWindow {
	__bench?: Promise<number>;
	/** keydown → the catalogue's `kasir:search:shown` mark for the box's text (the queries, before the paint). */
	__query?: number;
	/** keydown → the catalogue's `kasir:search:read` mark (its read starts). */
	__read?: number;
	/** keydown → the grid's DOM holds the results (Svelte's update done, before style, layout and paint). */
	__dom?: number;
	/**
	 * The timed input (a keystroke's keydown, a tap's pointerdown) → the end of the frame that showed its result (a task
	 * queued from that frame's `requestAnimationFrame`: its style, layout, paint and commit included).
	 */
	__frameEnd?: number;
	/** The rows the search read (every index range) and the rows it showed, from its `kasir:search:shown` mark. */
	__rows?: string;
	/** keydown → the last tile photo loaded or failed (so far), and how many did, since that keydown. */
	__photos?: { last: number; n: number; t0: number };
	__payT0?: number;
	__floorDb?: IDBDatabase;
	__firstTile?: number;
	__liveTile?: number;
	/** pointerdown → the new cart line in the DOM (before style, layout and paint). */
	__tapDom?: number;
}

const TILE = '[data-testid="product-grid"] button[data-sku]:not([disabled])';

async function throttle(cdp: CDPSession, rate: number): Promise<void> {
	await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** The demo outlet's id (its store document, synced by the wizard), to give the past orders their outlet. */
async function outletIdOf(page: Page): Promise<string> {
	const id = await page.evaluate(
		async (code) =>
			(await (await window.__kasir!.database()).stores.findOne({ selector: { code } }).exec())?.id ?? null,
		DEMO.outletCode
	);
	if (!id) throw new Error(`no ${DEMO.outletCode} store on the till`);
	return id;
}

/** `n` past orders, already acknowledged by the cloud, bulk-inserted into the real RxDB in chunks (the UI would take hours). */
async function insertPastOrders(page: Page, outletId: string, n: number): Promise<number> {
	const t0 = performance.now();
	const chunk = 5000;
	for (let done = 0; done < n; done += chunk) {
		const docs = makeOrders(outletId, Math.min(chunk, n - done), 1_000_000 + done).map((o, i) => ({
			...o,
			cloud_id: `00000000-0000-4000-8000-${String(done + i).padStart(12, '0')}`,
			synced_version: o.version,
			synced_at: o.updated_at,
			sync_status: 'synced' as const
		}));
		await page.evaluate(async (d) => {
			const r = await (await window.__kasir!.database()).orders.bulkInsert(d);
			if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
		}, docs);
	}
	return performance.now() - t0;
}

/**
 * Picks a category whose products open no modifier dialog and shows it; returns the SKUs of up to `want` (at least 3) of its
 * tiles the grid shows whole.
 */
/**
 * A category shown on the selling screen with a product without modifiers, read through the UI thread's own database:
 * called on the set-up page before the selling screen is reloaded, so the measured page never opens RxDB on its UI
 * thread (the selling screen does not: its reads are the worker's).
 */
async function plainCategory(page: Page): Promise<{ name: string; id: string } | null> {
	return page.evaluate(async () => {
		const db = await window.__kasir!.database();
		const names = [...document.querySelectorAll('[role="tablist"] [role="tab"]')].map(
			(b) => b.textContent?.trim() ?? ''
		);
		for (const c of await db.categories.find({ selector: { is_deleted: false } }).exec()) {
			if (!names.includes(c.name)) continue;
			const p = await db.products.findOne({ selector: { category_id: c.id, is_deleted: false } }).exec();
			if (p && p.modifier_group_ids.length === 0) return { name: c.name, id: c.id };
		}
		return null;
	});
}

async function plainTiles(
	page: Page,
	want: number,
	chosen: { name: string; id: string } | null
): Promise<string[]> {
	if (!chosen) throw new Error('no category without modifiers');
	await page.getByRole('tab', { name: chosen.name, exact: true }).click();
	return until(
		async () => {
			// Only tiles wholly inside the grid's visible box: a click on one the grid shows in part (its overscan rows)
			// scrolls the grid first, and that scroll's re-render would land in the timed tap.
			const skus = await page.locator(TILE).evaluateAll((els) => {
				const box = document.querySelector('[data-testid="product-grid"]')?.getBoundingClientRect();
				if (!box) return [];
				return els
					.filter((e) => {
						const r = e.getBoundingClientRect();
						return r.top >= box.top && r.bottom <= box.bottom && r.left >= box.left && r.right <= box.right;
					})
					.map((e) => e.getAttribute('data-sku') ?? '');
			});
			// Only once the grid shows the chosen category alone (not the list it replaces), so the tiles stay.
			// Through the worker's store area (as the selling screen reads), not a database of the page's own.
			const plain = await page.evaluate(
				async ({ s, category }) => {
					const found = await Promise.all(s.map((sku) => window.__kasir!.worker.api.productBySku(sku, null)));
					const docs = found.filter((d) => d !== null);
					if (!docs.length || docs.some((d) => d.category_id !== category)) return [];
					return docs.filter((d) => d.modifier_group_ids.length === 0 && d.is_available).map((d) => d.sku);
				},
				{ s: skus, category: chosen.id }
			);
			return plain.length >= Math.min(want, 3) ? plain.slice(0, want) : null;
		},
		{ what: `${want} tiles without modifiers in category ${chosen.name}` }
	);
}

/**
 * Arms a probe: pointer down → the first frame after a new cart line is in the DOM (its `requestAnimationFrame`, i.e. before
 * that frame's style, layout and paint), and → the end of that frame's main-thread work (a task posted from the frame's
 * `requestAnimationFrame` runs after its style, layout, paint and commit). Marks `bench:tap:*` for `BENCH_TRACE=1`.
 */
async function armTap(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as BenchWindow;
		const lines = document.querySelector('[data-testid="cart-lines"]');
		if (!lines) throw new Error('no cart');
		const before = lines.querySelectorAll('li.line').length;
		w.__bench = new Promise<number>((resolve) => {
			let t0 = NaN;
			document.addEventListener(
				'pointerdown',
				(e) => {
					t0 = e.timeStamp;
					performance.mark(`bench:tap:down@${(performance.now() - t0).toFixed(3)}`);
				},
				{ capture: true, once: true }
			);
			const mo = new MutationObserver(() => {
				if (lines.querySelectorAll('li.line').length <= before) return;
				mo.disconnect();
				// The tap's own work (click dispatch, pick, the cart's Svelte update) ends here; the rest is the frame.
				w.__tapDom = performance.now() - t0;
				performance.mark('bench:tap:dom');
				requestAnimationFrame(() => {
					const painted = performance.now() - t0;
					performance.mark('bench:tap:raf');
					const ch = new MessageChannel();
					ch.port1.onmessage = () => {
						w.__frameEnd = performance.now() - t0;
						performance.mark('bench:tap:end');
						resolve(painted);
					};
					ch.port2.postMessage(null);
				});
			});
			mo.observe(lines, { childList: true, subtree: true });
		});
	});
}

/** Arms the tap's floor: pointer down → the first frame after the click event (nothing handles it), and → that frame's end. */
async function armNoop(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as BenchWindow;
		w.__bench = new Promise<number>((resolve) => {
			let t0 = NaN;
			document.addEventListener(
				'pointerdown',
				(e) => {
					t0 = e.timeStamp;
					performance.mark(`bench:noop:down@${(performance.now() - t0).toFixed(3)}`);
				},
				{ capture: true, once: true }
			);
			document.addEventListener(
				'click',
				() => {
					performance.mark('bench:noop:click');
					requestAnimationFrame(() => {
						const painted = performance.now() - t0;
						performance.mark('bench:noop:raf');
						const ch = new MessageChannel();
						ch.port1.onmessage = () => {
							w.__frameEnd = performance.now() - t0;
							performance.mark('bench:noop:end');
							resolve(painted);
						};
						ch.port2.postMessage(null);
					});
				},
				{ capture: true, once: true }
			);
		});
	});
}

/** Arms a probe: key down → the first frame after the grid shows the results of what the search box holds. */
async function armKey(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as BenchWindow;
		const grid = document.querySelector('[data-shown-query]');
		const input = document.querySelector('[data-testid="search"]');
		if (!grid || !(input instanceof HTMLInputElement)) throw new Error('no grid or search box');
		w.__dom = NaN;
		w.__frameEnd = NaN;
		w.__rows = '';
		w.__bench = new Promise<number>((resolve) => {
			let t0 = NaN;
			document.addEventListener(
				'keydown',
				(e) => {
					t0 = e.timeStamp;
					// Photos of this keystroke's tiles (load and error do not bubble: caught on the way down).
					w.__photos = { last: NaN, n: 0, t0 };
				},
				{ capture: true, once: true }
			);
			const mo = new MutationObserver(() => {
				if (Number.isNaN(t0) || grid.getAttribute('data-shown-query') !== input.value.trim()) return;
				mo.disconnect();
				w.__dom = performance.now() - t0;
				const shown = performance
					.getEntriesByName('kasir:search:shown')
					.filter(
						(m) =>
							m instanceof PerformanceMark &&
							(m.detail === input.value.trim() ||
								(typeof m.detail === 'object' && m.detail?.q === input.value.trim())) &&
							m.startTime >= t0
					);
				const first = shown[0];
				w.__query = first ? first.startTime - t0 : NaN;
				const detail: unknown = first instanceof PerformanceMark ? first.detail : null;
				if (detail && typeof detail === 'object' && 'read' in detail && 'shown' in detail)
					w.__rows = `${String(detail.read)}>${String(detail.shown)}`;
				const read = performance
					.getEntriesByName('kasir:search:read')
					.filter(
						(m) => m instanceof PerformanceMark && m.detail === input.value.trim() && m.startTime >= t0
					);
				w.__read = read.length ? (read[0]?.startTime ?? NaN) - t0 : NaN;
				requestAnimationFrame(() => {
					resolve(performance.now() - t0);
					setTimeout(() => (w.__frameEnd = performance.now() - t0), 0);
				});
			});
			mo.observe(grid, { childList: true, subtree: true, attributes: true });
		});
	});
}

/** Once per page: every tile photo's load or error is noted against the last keystroke (see `armKey`). */
async function watchPhotos(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as BenchWindow;
		// No named inner functions here: tsx would wrap them in a `__name` helper the page does not have.
		for (const type of ['load', 'error'])
			document.addEventListener(
				type,
				(e) => {
					const ph = w.__photos;
					if (!ph || !(e.target instanceof HTMLImageElement)) return;
					ph.last = e.timeStamp - ph.t0;
					ph.n++;
				},
				{ capture: true }
			);
	});
}

const measured = (page: Page) => page.evaluate(() => (window as unknown as BenchWindow).__bench ?? NaN);

async function clearCart(page: Page): Promise<void> {
	const remove = page.locator('[data-testid="cart-lines"] li.line .controls button.ghost');
	while ((await remove.count()) > 0) await remove.first().click();
}

interface TapSamples {
	tap: number[];
	noop: number[];
	dom: number[];
	tapEnd: number[];
	noopEnd: number[];
}

const frameEnd = (page: Page) => page.evaluate(() => (window as unknown as BenchWindow).__frameEnd ?? NaN);

/** A no-op click on the cart's title (the floor): → its next frame; its frame's end into `into`. */
async function oneNoop(page: Page, into?: TapSamples): Promise<void> {
	await armNoop(page);
	await page.locator('[data-testid="cart"] header h2').click();
	const v = await measured(page);
	into?.noop.push(v);
	into?.noopEnd.push(await frameEnd(page));
}

/** A tap on the tile with `sku`: → the frame after its cart line is in the DOM. */
async function oneTap(page: Page, sku: string, into?: TapSamples): Promise<void> {
	await armTap(page);
	await page.locator(`${TILE}[data-sku="${sku}"]`).click();
	const v = await measured(page);
	into?.tap.push(v);
	into?.tapEnd.push(await frameEnd(page));
	into?.dom.push(await page.evaluate(() => (window as unknown as BenchWindow).__tapDom ?? NaN));
}

async function tapSamples(page: Page, skus: string[], rounds: number): Promise<TapSamples> {
	const out: TapSamples = { tap: [], noop: [], dom: [], tapEnd: [], noopEnd: [] };
	for (let r = 0; r < rounds; r++) {
		for (const sku of skus) {
			await oneNoop(page, out);
			await oneTap(page, sku, out);
		}
		await clearCart(page);
	}
	return out;
}

/** Opens the raw floor store (one object store keyed like the orders collection), once per page. */
async function openFloorDb(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const w = window as unknown as BenchWindow;
		if (w.__floorDb) return;
		w.__floorDb = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open(`bench-floor-${Math.random().toString(36).slice(2)}`, 1);
			r.onupgradeneeded = () => r.result.createObjectStore('orders', { keyPath: 'local_id' });
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
	});
}

/**
 * One sale through the UI (tap, pay, card, confirm). Kasir: confirm's pointer down → the `kasir:pay:stored` mark (the order
 * write resolved) and → `kasir:pay:done` (derived records, table, draft, all the dialog waits for). Floor: the same order
 * document put into a raw IndexedDB store in one readwrite transaction (default durability, as RxDB's Dexie storage writes).
 */
interface PaySample {
	stored: number;
	done: number;
	floor: number;
	begin: number;
	write: number;
}

async function paySample(page: Page, sku: string): Promise<PaySample> {
	await page.locator(`${TILE}[data-sku="${sku}"]`).click();
	await page.getByTestId('pay').click();
	await page.getByTestId('method-card').click();
	// The dialog reserved the sale's number as it opened (not part of the timed confirm).
	await until(
		async () => /ORD-/.test((await page.locator('[data-testid="cart"] header h2').textContent()) ?? ''),
		{
			what: 'the reserved order number'
		}
	);
	await page.evaluate(() => {
		const w = window as unknown as BenchWindow;
		performance.clearMarks('kasir:pay:stored');
		performance.clearMarks('kasir:pay:done');
		performance.clearMarks('kasir:pay:begin');
		performance.clearMarks('kasir:pay:write');
		document.addEventListener('pointerdown', (e) => (w.__payT0 = e.timeStamp), { capture: true, once: true });
	});
	await page.getByTestId('pay-confirm').click();
	await page.waitForURL(/\/receipt\//);
	const r = await until(
		() =>
			page.evaluate(async () => {
				const w = window as unknown as BenchWindow;
				const stored = performance.getEntriesByName('kasir:pay:stored')[0] as PerformanceMark | undefined;
				const done = performance.getEntriesByName('kasir:pay:done')[0];
				const begin = performance.getEntriesByName('kasir:pay:begin')[0];
				const write = performance.getEntriesByName('kasir:pay:write')[0];
				if (!stored || !done || w.__payT0 === undefined || !w.__floorDb) return null;
				const id = String(stored.detail);
				// Read through the worker (the selling page opens no database of its own).
				const doc = await window.__kasir!.worker.api.readOrder(id);
				if (!doc) throw new Error(`order ${id} not stored`);
				const floorDb = w.__floorDb;
				const t0 = performance.now();
				await new Promise<void>((resolve, reject) => {
					const tx = floorDb.transaction('orders', 'readwrite');
					tx.objectStore('orders').put({ ...doc, local_id: `${doc.local_id}:${Math.random()}` });
					tx.oncomplete = () => resolve();
					tx.onerror = () => reject(tx.error);
				});
				const floor = performance.now() - t0;
				return {
					stored: stored.startTime - w.__payT0,
					done: done.startTime - w.__payT0,
					floor,
					// pointerdown → pay starts (the click, the dialog's handler); → the order write starts (reads, the document)
					begin: (begin?.startTime ?? NaN) - w.__payT0,
					write: (write?.startTime ?? NaN) - w.__payT0
				};
			}),
		{ what: 'the pay marks' }
	);
	await page.getByTestId('new-sale').click();
	await page.getByTestId('product-grid').waitFor();
	return r;
}

/** One keystroke's timings, each in ms after its `keydown` (see `armKey`). */
interface KeySample {
	text: string;
	painted: number;
	read: number;
	query: number;
	dom: number;
	frameEnd: number;
	rows: string;
	/** The last tile photo loaded or failed before the next keystroke, and how many did. */
	photosLast: number;
	photos: number;
}

async function searchSamples(page: Page, words: string[]): Promise<KeySample[]> {
	const out: KeySample[] = [];
	const box = page.getByTestId('search');
	await watchPhotos(page);
	// The previous keystroke's photos, read just before the next one is armed (or at the end).
	const photosOfLast = async () => {
		const ph = await page.evaluate(() => (window as unknown as BenchWindow).__photos ?? null);
		const last = out[out.length - 1];
		if (last && ph) {
			last.photosLast = ph.last;
			last.photos = ph.n;
		}
	};
	for (const word of words) {
		await photosOfLast();
		await box.fill('');
		await until(
			() =>
				page.evaluate(
					() => document.querySelector('[data-shown-query]')?.getAttribute('data-shown-query') === ''
				),
			{ what: 'the browsing list back' }
		);
		await box.focus();
		for (let i = 0; i < word.length; i++) {
			if (i > 0) await photosOfLast();
			await armKey(page);
			await page.keyboard.press(word[i] ?? '');
			const painted = await measured(page);
			const probe = await page.evaluate(() => {
				const w = window as unknown as BenchWindow;
				return { query: w.__query, read: w.__read, dom: w.__dom, rows: w.__rows ?? '' };
			});
			const { frameEnd } = await until(
				() =>
					page.evaluate(() => {
						const v = (window as unknown as BenchWindow).__frameEnd ?? NaN;
						return Number.isNaN(v) ? null : { frameEnd: v };
					}),
				{ what: 'the end of the painted frame', everyMs: 5 }
			);
			out.push({
				text: word.slice(0, i + 1),
				painted,
				read: probe.read ?? NaN,
				query: probe.query ?? NaN,
				dom: probe.dom ?? NaN,
				frameEnd,
				rows: probe.rows,
				photosLast: NaN,
				photos: 0
			});
		}
	}
	await photosOfLast();
	await box.fill('');
	return out;
}

/** Medians and p95s of a keystroke's parts, and every keystroke as one short entry (which ones were slow, and where). */
function keyDetail(keys: KeySample[]): Record<string, number | string> {
	const part = (name: string, xs: number[]) => {
		const ok = xs.filter((x) => !Number.isNaN(x));
		return { [`${name}_median_ms`]: median(ok), [`${name}_p95_ms`]: p95(ok) };
	};
	const r = (n: number) => Math.round(n);
	return {
		// Wait: keydown → the read starts (the input event, Svelte, an older search still running).
		...part(
			'wait',
			keys.map((k) => k.read)
		),
		// Read: its index reads and the merge, up to the results in state.
		...part(
			'read',
			keys.map((k) => k.query - k.read)
		),
		// State → DOM: Svelte's update of the grid.
		...part(
			'dom',
			keys.map((k) => k.dom - k.query)
		),
		// DOM → the next frame's start (the figure's end), and → that frame's end (style, layout, paint).
		...part(
			'to_frame',
			keys.map((k) => k.painted - k.dom)
		),
		...part(
			'frame',
			keys.map((k) => k.frameEnd - k.painted)
		),
		// keydown → the last tile photo of the keystroke loaded (or failed).
		...part(
			'photos',
			keys.filter((k) => k.photos > 0).map((k) => k.photosLast)
		),
		photos_per_key_median: median(keys.map((k) => k.photos)),
		// "<text>:<painted>/<results in state>/<read started>/<DOM>/<frame end> <rows read>><rows shown> <photos>@<last photo>"
		per_key: keys
			.map(
				(k) =>
					`${k.text}:${r(k.painted)}/${r(k.query)}/${r(k.read)}/${r(k.dom)}/${r(k.frameEnd)} ${k.rows} ${k.photos}@${r(k.photosLast)}`
			)
			.join(',')
	};
}

/** One cold start's figures: navigation start → the first tile (painted from the snapshot or live), → the first live tile. */
interface ColdSamples {
	first: number[];
	live: number[];
	phases: Record<string, number[]>;
}

/**
 * Offline cold starts, alternating a start with the first screen's snapshot (as a till has it) and one without (the snapshot
 * removed first: the first tile waits for the app and RxDB, as before the snapshot); floor: a new page → a static file the
 * service worker serves.
 */
async function coldStarts(
	ctx: BrowserContext,
	url: string,
	times: number
): Promise<{ withSnapshot: ColdSamples; without: ColdSamples; floor: number[] }> {
	// No named inner functions here: tsx would wrap them in a `__name` helper the page does not have.
	await ctx.addInitScript(() => {
		const w = window as unknown as BenchWindow;
		const mo = new MutationObserver(() => {
			if (
				!w.__firstTile &&
				document.querySelector(
					'[data-testid="product-grid"] button[data-sku], [data-testid="first-screen-grid"] button[data-sku]'
				)
			)
				requestAnimationFrame(() => (w.__firstTile = performance.now()));
			if (!document.querySelector('[data-testid="product-grid"] button[data-sku]')) return;
			mo.disconnect();
			requestAnimationFrame(() => (w.__liveTile = performance.now()));
		});
		mo.observe(document, { childList: true, subtree: true });
	});
	await ctx.setOffline(true);
	const floor: number[] = [];
	const withSnapshot: ColdSamples = { first: [], live: [], phases: {} };
	const without: ColdSamples = { first: [], live: [], phases: {} };
	try {
		for (let i = 0; i < times * 2; i++) {
			const snapshot = i % 2 === 0;
			const into = snapshot ? withSnapshot : without;
			const f = await ctx.newPage();
			await f.goto(`${url}/manifest.webmanifest`);
			floor.push(
				await f.evaluate(() => {
					const nav = performance.getEntriesByType('navigation')[0] as
						PerformanceNavigationTiming | undefined;
					return nav?.loadEventEnd ?? NaN;
				})
			);
			// Same origin: the snapshot goes for the start without it (the app writes it again once it runs).
			if (!snapshot) await f.evaluate(() => localStorage.removeItem('kasir:first-screen'));
			await f.close();
			const p = await ctx.newPage();
			const pcdp = await ctx.newCDPSession(p);
			const liveTile = profiled(pcdp, `cold-${snapshot ? 'snapshot' : 'plain'}-${i >> 1}`, async () => {
				await p.goto(`${url}/`);
				await p.locator('[data-testid="product-grid"] button[data-sku]').first().waitFor({ timeout: 60_000 });
			});
			await liveTile.catch(() => undefined);
			try {
				const [first, live] = await until(
					() =>
						p.evaluate(() => {
							const w = window as unknown as BenchWindow;
							return w.__firstTile && w.__liveTile ? [w.__firstTile, w.__liveTile] : null;
						}),
					{ what: 'the first product tile offline, then the live one', everyMs: 50, timeoutMs: 60_000 }
				);
				into.first.push(first);
				into.live.push(live);
			} catch (e) {
				await screenshot(p, 'bench-till-cold-start');
				throw e;
			}
			// Where the start-up went (the boot's User Timing marks, absent in builds before they were added).
			const marks = await p.evaluate(() =>
				performance
					.getEntriesByType('mark')
					.filter((m) => m.name.startsWith('kasir:boot:'))
					.map((m) => [m.name.slice('kasir:boot:'.length), m.startTime] as const)
			);
			for (const [name, at] of marks) (into.phases[name] ??= []).push(at);
			// The worker's own start marks (script run, database open, first catalogue window answered, the rest started),
			// on the page's clock; none from a build before they were added.
			const workerMarks = await p.evaluate(async () => {
				const api = window.__kasir?.worker.api;
				const at = api ? await api.startMarks().catch(() => []) : [];
				return at.map(([name, epoch]) => [name, epoch - performance.timeOrigin] as const);
			});
			for (const [name, at] of workerMarks) (into.phases[`worker_${name}`] ??= []).push(at);
			// The painted first screen's own steps: the page's HTML, its stylesheets and the painter in, the painter done.
			const steps = await p.evaluate(() => {
				const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
				const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
				let css = 0;
				let painter = 0;
				for (const r of res) {
					const path = new URL(r.name).pathname;
					// The head's stylesheets (asked for at once), not the ones a route loads later.
					if (path.endsWith('.css') && r.startTime < 50 + (nav?.responseEnd ?? 0))
						css = Math.max(css, r.responseEnd);
					if (path === '/first-screen.js') painter = Math.max(painter, r.responseEnd);
				}
				return {
					html: nav?.responseEnd ?? 0,
					css,
					painter,
					ran: window.__kasirFirstScreen?.startedAt ?? 0,
					painted: window.__kasirFirstScreen?.paintedAt ?? 0
				};
			});
			for (const [name, at] of Object.entries(steps)) if (at > 0) (into.phases[`${name}_in`] ??= []).push(at);
			await pcdp.detach();
			await p.close();
		}
	} finally {
		await ctx.setOffline(false);
	}
	return { withSnapshot, without, floor };
}

const p95 = (xs: number[]) => percentile(xs, 95);

const SEARCH_ONLY = process.env.BENCH_TILL_SEARCH_ONLY === '1';

/** `BENCH_TILL_SEARCH_ROUNDS=n`: the search's words typed n times over (more keystrokes, a steadier p95). */
function repeated(words: string[]): string[] {
	const n = Math.max(1, Number(process.env.BENCH_TILL_SEARCH_ROUNDS ?? 1));
	return Array.from({ length: n }, () => words).flat();
}

/**
 * `BENCH_TRACE=1`: a Chrome trace of the phase (every thread: the page's style, layout, paint and image decodes, the service
 * worker's photo answers), written to `artifacts/bench/till-<phase>.trace.json` for chrome://tracing or DevTools.
 */
async function traced<T>(cdp: CDPSession, phase: string, fn: () => Promise<T>): Promise<T> {
	if (process.env.BENCH_TRACE !== '1') return fn();
	const categories = [
		'devtools.timeline',
		'disabled-by-default-devtools.timeline',
		'disabled-by-default-devtools.timeline.frame',
		'blink.user_timing',
		'loading',
		'v8.execute'
	];
	await cdp.send('Tracing.start', {
		traceConfig: { includedCategories: categories },
		transferMode: 'ReturnAsStream'
	});
	try {
		return await fn();
	} finally {
		const done = new Promise<string>((resolve) =>
			cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? ''))
		);
		await cdp.send('Tracing.end');
		const stream = await done;
		const parts: string[] = [];
		for (;;) {
			const r = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
			parts.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
			if (r.eof) break;
		}
		await cdp.send('IO.close', { handle: stream });
		const dir = join(ROOT, 'artifacts', 'bench');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, `till-${phase}.trace.json`), parts.join(''));
	}
}

/** `BENCH_PROFILE=1`: a CPU profile of the UI thread per phase, written to `artifacts/bench/till-<phase>.cpuprofile`. */
async function profiled<T>(cdp: CDPSession, phase: string, fn: () => Promise<T>): Promise<T> {
	if (process.env.BENCH_PROFILE !== '1') return fn();
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	try {
		return await fn();
	} finally {
		const { profile } = await cdp.send('Profiler.stop');
		const dir = join(ROOT, 'artifacts', 'bench');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, `till-${phase}.cpuprofile`), JSON.stringify(profile));
	}
}

export async function benchTill(): Promise<void> {
	const products = size(10_000, 300);
	const pastOrders = Number(process.env.BENCH_TILL_ORDERS ?? size(100_000, 200));
	// `BENCH_TILL_SEARCH_ONLY=1`: no taps and no sales (their rows are left out), only the search's keystrokes.
	const tapSamplesWanted = SEARCH_ONLY ? 0 : size(40, 3);
	const pays = SEARCH_ONLY ? 0 : size(20, 2);
	// `BENCH_TILL_SKIP_COLD=1`: no offline cold starts (their rows are left out), only the selling screen's figures.
	const colds = process.env.BENCH_TILL_SKIP_COLD === '1' ? 0 : size(7, 1);
	const { server, browser, close } = await benchRig();
	const figures: Figure[] = [];
	try {
		await seedProducts(server, products);

		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await ctx.newPage();
		await setupThroughWizard(page, server.url);
		const outletId = await outletIdOf(page);
		const local = await page.evaluate(async () => (await window.__kasir!.database()).products.count().exec());
		const insertMs = await insertPastOrders(page, outletId, pastOrders);
		const held = await page.evaluate(async () => (await window.__kasir!.database()).orders.count().exec());
		const plainCat = process.env.BENCH_TILL_COLD_ONLY === '1' ? null : await plainCategory(page);
		// A fresh start of the selling screen over the grown till (as the cashier's next morning).
		await page.reload();
		await page.locator(TILE).first().waitFor({ timeout: 120_000 });
		const where = `${local} products, ${held} orders held`;

		const cdp = await ctx.newCDPSession(page);
		// `BENCH_TILL_COLD_ONLY=1`: only the offline cold starts (the rows above are left out).
		if (process.env.BENCH_TILL_COLD_ONLY !== '1') {
			const skus = await plainTiles(page, size(8, 3), plainCat);

			// Tap → cart line painted, 4× CPU throttle, against a no-op click → next frame on the same page.
			await throttle(cdp, 4);
			const tapRounds = Math.ceil(tapSamplesWanted / skus.length);
			const taps = await profiled(cdp, 'tap', () => tapSamples(page, skus, tapRounds));
			// `BENCH_TRACE=1`: a few more taps and no-op clicks under a devtools.timeline trace, read back per interaction.
			if (process.env.BENCH_TRACE === '1') {
				const dir = join(ROOT, 'artifacts', 'bench');
				mkdirSync(dir, { recursive: true });
				// `BENCH_TRACE_TAPS=<n>`: how many pairs (one round of the tiles by default; the cart is emptied between rounds).
				const pairs = Number(process.env.BENCH_TRACE_TAPS ?? skus.length);
				const traced = await traceTaps(
					browser,
					page,
					pairs,
					() => oneNoop(page),
					async (i) => {
						if (i > 0 && i % skus.length === 0) await clearCart(page);
						await oneTap(page, skus[i % skus.length] ?? '');
					},
					dir
				);
				await clearCart(page);
				writeFileSync(join(dir, 'till-tap-trace.json'), JSON.stringify(traced, null, 2));
				for (const line of summarise(traced)) console.log(`[bench till] trace: ${line}`);
			}
			await throttle(cdp, 1);
			figures.push({
				measure: `tap → cart line painted, p95 at 4× CPU throttle, ${where}`,
				kasir: p95(taps.tap),
				floor: p95(taps.noop),
				unit: 'ms',
				detail: {
					median_ms: median(taps.tap),
					floor_median_ms: median(taps.noop),
					dom_median_ms: median(taps.dom),
					dom_p95_ms: p95(taps.dom),
					// → the end of that frame's main-thread work (style, layout, paint, commit), Kasir's and the floor's.
					frame_end_median_ms: median(taps.tapEnd),
					frame_end_p95_ms: p95(taps.tapEnd),
					floor_frame_end_median_ms: median(taps.noopEnd),
					floor_frame_end_p95_ms: p95(taps.noopEnd),
					samples: taps.tap.length,
					// Each sample, in the order taken: "<tap>/<its no-op floor>" ms (a round starts with an empty cart).
					per_tap: taps.tap.map((t, i) => `${Math.round(t)}/${Math.round(taps.noop[i] ?? NaN)}`).join(',')
				}
			});

			// Pay → durably stored, at 1× and 4× (`BENCH_TILL_ONLY=tap`: the tap alone).
			const tapOnly = process.env.BENCH_TILL_ONLY === 'tap';
			await openFloorDb(page);
			for (const rate of tapOnly ? [] : [1, 4]) {
				await throttle(cdp, rate);
				const samples: PaySample[] = [];
				await profiled(cdp, `pay-${rate}x`, async () => {
					for (let i = 0; i < pays; i++) samples.push(await paySample(page, skus[i % skus.length] ?? ''));
				});
				await throttle(cdp, 1);
				const stored = samples.map((s) => s.stored);
				const floor = samples.map((s) => s.floor);
				const done = samples.map((s) => s.done);
				figures.push({
					measure: `pay → order durably stored, p95 at ${rate}× CPU throttle, ${where}`,
					kasir: p95(stored),
					floor: p95(floor),
					unit: 'ms',
					detail: {
						median_ms: median(stored),
						floor_median_ms: median(floor),
						to_done_p95_ms: p95(done),
						to_done_median_ms: median(done),
						to_begin_median_ms: median(samples.map((s) => s.begin)),
						to_write_median_ms: median(samples.map((s) => s.write)),
						samples: samples.length
					}
				});
			}

			// Search keystroke → results painted, 1×.
			const words = tapOnly ? [] : size(3, 1) > 1 ? ['te', 'nasi', 'kopi', 'es', 'gen-00', 'aya'] : ['te'];
			const keys = await traced(cdp, 'search', () =>
				profiled(cdp, 'search', () => searchSamples(page, repeated(words)))
			);
			const painted = keys.map((k) => k.painted);
			const queries = keys.map((k) => k.query).filter((q) => !Number.isNaN(q));
			figures.push({
				measure: `search keystroke → results painted, p95 at 1×, ${where}`,
				kasir: p95(painted),
				floor: null,
				unit: 'ms',
				detail: {
					median_ms: median(painted),
					queries_p95_ms: p95(queries),
					queries_median_ms: median(queries),
					goal_ms: 50,
					samples: painted.length,
					...keyDetail(keys)
				}
			});
		}

		// Offline cold start: the app was loaded once with its service worker; every page is closed first.
		await cdp.detach();
		await page.close();
		const cold = await coldStarts(ctx, server.url, colds);
		const phasesOf = (c: ColdSamples) =>
			Object.fromEntries(Object.entries(c.phases).map(([k, v]) => [`${k}_at_ms`, median(v)]));
		figures.push({
			measure: `offline cold start → first tile (painted from the snapshot), median of ${cold.withSnapshot.first.length}, ${where}`,
			kasir: median(cold.withSnapshot.first),
			floor: median(cold.floor),
			unit: 'ms',
			detail: {
				p95_ms: p95(cold.withSnapshot.first),
				min_ms: Math.min(...cold.withSnapshot.first),
				max_ms: Math.max(...cold.withSnapshot.first),
				floor_max_ms: Math.max(...cold.floor),
				live_tile_median_ms: median(cold.withSnapshot.live),
				live_tile_p95_ms: p95(cold.withSnapshot.live),
				...phasesOf(cold.withSnapshot),
				past_orders_insert_ms: insertMs
			}
		});
		figures.push({
			measure: `offline cold start → first live tile (interactive), with the snapshot painted first, median of ${cold.withSnapshot.live.length}`,
			kasir: median(cold.withSnapshot.live),
			floor: median(cold.floor),
			unit: 'ms',
			detail: { p95_ms: p95(cold.withSnapshot.live) }
		});
		figures.push({
			measure: `offline cold start → first tile without a snapshot (the app and RxDB first), median of ${cold.without.first.length}`,
			kasir: median(cold.without.first),
			floor: median(cold.floor),
			unit: 'ms',
			detail: {
				p95_ms: p95(cold.without.first),
				live_tile_median_ms: median(cold.without.live),
				...phasesOf(cold.without)
			}
		});
		await ctx.close();
	} finally {
		await close();
	}
	report(
		'till',
		// The skipped rows (cold starts, or all but the search or the tap) have no samples.
		figures.filter(
			(f) =>
				(process.env.BENCH_TILL_SKIP_COLD !== '1' &&
					!SEARCH_ONLY &&
					process.env.BENCH_TILL_ONLY === undefined) ||
				!Number.isNaN(f.kasir)
		)
	);
}

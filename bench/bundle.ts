// Why: the selling screen's first-load JS, as Chromium really loads it from the real server on a set-up till, split
// into the UI thread and the sync worker, in raw, gzip and brotli bytes as served, beside the goals.
import { request as httpRequest } from 'node:http';
import { setupThroughWizard, until } from '../tests/e2e/pos-support';
import { benchRig, report, type Figure } from './lib';

/** The goals, gzip bytes per side. */
const GOAL_UI_GZIP = 100 * 1024;
const GOAL_WORKER_GZIP = 120 * 1024;
/** The worker's entry and every chunk it imports are emitted here by Vite (`worker.format: 'es'`). */
const WORKER_DIR = '/_app/immutable/workers/';
/** Network quiet for this long after the first tile = the first load is over (lazy chunks fetched at start count). */
const QUIET_MS = 1500;
/** Paints the first tiles from the stored snapshot before any module loads (src/app.html). */
const PAINTER = '/first-screen.js';

/** The body's bytes exactly as the server sends them for this Accept-Encoding (Node's fetch would decode them). */
function servedBytes(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
			let bytes = 0;
			res.on('data', (b: Buffer) => (bytes += b.byteLength));
			res.on('end', () => {
				if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
				else resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

interface Side {
	files: number;
	raw: number;
	gzip: number;
	br: number;
	/** Whether the server compressed every file when asked (the goal says "served compressed"). */
	compressed: boolean;
	largest: string;
}

async function measureSide(base: string, paths: string[]): Promise<Side> {
	const side: Side = { files: paths.length, raw: 0, gzip: 0, br: 0, compressed: true, largest: '' };
	let largest = 0;
	for (const p of paths) {
		const url = `${base}${p}`;
		const raw = await servedBytes(url, 'identity');
		const gzip = await servedBytes(url, 'gzip');
		const br = await servedBytes(url, 'br');
		side.raw += raw.bytes;
		side.gzip += gzip.bytes;
		side.br += br.bytes;
		// Files under the server's minimum (1 KB) go out raw by design; anything larger must be compressed.
		if (raw.bytes >= 1024 && (gzip.encoding !== 'gzip' || br.encoding !== 'br')) side.compressed = false;
		if (gzip.bytes > largest) {
			largest = gzip.bytes;
			side.largest = `${p.replace(/^.*\//, '')}:${Math.round(gzip.bytes / 1024)}KB`;
		}
	}
	return side;
}

export async function benchBundle(): Promise<void> {
	const { server, browser, close } = await benchRig();
	const figures: Figure[] = [];
	try {
		// A set-up till (wizard, first sync), then the selling screen opened in a fresh tab: what a cashier's start loads.
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const setup = await ctx.newPage();
		await setupThroughWizard(setup, server.url);
		// The first screen's snapshot is written in idle time once the selling screen shows: a cashier's next start has it.
		// (A build without the painter, e.g. an older commit measured for comparison, has no snapshot to wait for.)
		const painter = await fetch(`${server.url}${PAINTER}`);
		await painter.arrayBuffer();
		// (The server answers an unknown path with the SPA's page: only a script is the painter.)
		if (painter.ok && (painter.headers.get('content-type') ?? '').includes('javascript'))
			await until(() => setup.evaluate(() => localStorage.getItem('kasir:first-screen') !== null), {
				what: "the first screen's snapshot"
			});
		await setup.close();

		const page = await ctx.newPage();
		const js = new Set<string>();
		let lastJsAt = performance.now();
		// Requests of the page and of its dedicated worker (Chromium reports both on the page); service-worker
		// precache fetches are not the page's and are left out.
		page.on('request', (r) => {
			const u = new URL(r.url());
			if (u.origin !== server.url || !u.pathname.endsWith('.js') || r.serviceWorker()) return;
			js.add(u.pathname);
			lastJsAt = performance.now();
		});
		// When the first tile painted from the snapshot (static/first-screen.js) was in the DOM, on the page's clock.
		await page.addInitScript(() => {
			const w = window as unknown as { __painted?: number };
			const mo = new MutationObserver(() => {
				if (!document.querySelector('[data-testid="first-screen-grid"] button[data-sku]')) return;
				mo.disconnect();
				w.__painted = performance.now();
			});
			mo.observe(document, { childList: true, subtree: true });
		});
		await page.goto(`${server.url}/`);
		await until(
			async () =>
				Number(
					await page
						.getByTestId('product-grid')
						.getAttribute('data-count', { timeout: 1000 })
						.catch(() => '0')
				) > 0,
			{ what: 'the selling screen shows its first tile' }
		);
		await until(async () => performance.now() - lastJsAt > QUIET_MS, {
			what: `no JS request for ${QUIET_MS} ms`
		});
		// JS the page had asked for by the time the painted tile was in the DOM (index.html's modulepreloads start at once,
		// but the paint needs only the painter, a classic script that imports nothing).
		const beforePaint = await page.evaluate(() => {
			const painted = (window as unknown as { __painted?: number }).__painted ?? 0;
			return {
				painted,
				files: performance
					.getEntriesByType('resource')
					.filter((e) => painted > 0 && e.startTime < painted && new URL(e.name).pathname.endsWith('.js'))
					.map((e) => new URL(e.name).pathname)
			};
		});
		await ctx.close();

		const all = [...js].sort();
		const worker = all.filter((p) => p.startsWith(WORKER_DIR));
		const ui = all.filter((p) => !p.startsWith(WORKER_DIR) && p !== '/service-worker.js');
		if (worker.length === 0) throw new Error(`no worker script among ${all.join(', ')}`);
		if (process.env.BENCH_VERBOSE === '1') console.log(`[bench bundle] files: ${all.join(' ')}`);
		const sides = [
			{ name: 'UI thread', s: await measureSide(server.url, ui), goal: GOAL_UI_GZIP },
			{ name: 'worker', s: await measureSide(server.url, worker), goal: GOAL_WORKER_GZIP }
		];
		for (const { name, s, goal } of sides)
			figures.push({
				measure: `selling screen first-load JS, ${name}, gzip as served (floor = the goal)`,
				kasir: s.gzip / 1024,
				floor: goal / 1024,
				unit: 'KB',
				detail: {
					files: s.files,
					raw_kb: s.raw / 1024,
					gzip_kb: s.gzip / 1024,
					br_kb: s.br / 1024,
					served_compressed: s.compressed ? 'yes' : 'no',
					largest: s.largest
				}
			});
		if (beforePaint.painted > 0) {
			const painter = await measureSide(server.url, [PAINTER]);
			const requested = await measureSide(server.url, beforePaint.files);
			figures.push({
				measure: 'selling screen JS needed before the first tile (painted from the snapshot), gzip as served',
				kasir: painter.gzip / 1024,
				floor: GOAL_UI_GZIP / 1024,
				unit: 'KB',
				detail: {
					file: PAINTER,
					raw_kb: painter.raw / 1024,
					painted_at_ms: beforePaint.painted,
					requested_before_paint_files: requested.files,
					requested_before_paint_gzip_kb: requested.gzip / 1024
				}
			});
		}
		const sum = (k: 'raw' | 'gzip' | 'br') => sides.reduce((n, x) => n + x.s[k], 0) / 1024;
		figures.push({
			measure: 'selling screen first-load JS, both sides, brotli as served',
			kasir: sum('br'),
			floor: null,
			unit: 'KB',
			detail: { raw_kb: sum('raw'), gzip_kb: sum('gzip') }
		});
	} finally {
		await close();
	}
	report('bundle', figures);
}

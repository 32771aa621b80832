// The cold start's first screen (issue 10): an offline reload paints the selling screen's tiles from the stored snapshot
// before the app's modules and database load, a tap on a painted tile reaches the cart once the live screen takes over,
// the sale is paid; and after the wizard sets up another outlet the old outlet's snapshot is never painted.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchPersistent, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { FirstScreen } from '../../src/lib/boot/first-screen.ts';
import { setupThroughWizard } from './pos-support.ts';
import { SellingScreen, SetupWizard, until, waitOn } from './pages/index.ts';

let server: TestServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
	server = await startAppServer();
	profile = mkdtempSync(join(tmpdir(), 'kasir-first-screen-profile-'));
	context = await launchPersistent(profile);
	// Records what static/first-screen.js painted (before the live screen removes it) and, when asked, taps one painted tile
	// at once: the tap lands before any of the app's modules has run. Also records any script the page's CSP refused (the
	// painter is inlined with its hash at build time).
	await context.addInitScript(() => {
		type Seen = { skus: string[]; tapped: string; tapAt: number; refused: string[] };
		const w = window as unknown as { __seen?: Seen };
		const seen: Seen = { skus: [], tapped: '', tapAt: 0, refused: [] };
		w.__seen = seen;
		// (zod's feature test tries `new Function` once: a refused eval is expected and harmless.)
		document.addEventListener('securitypolicyviolation', (e) => {
			if (e.blockedURI !== 'eval') seen.refused.push(`${e.effectiveDirective} ${e.blockedURI}`);
		});
		const mo = new MutationObserver(() => {
			const grid = document.querySelector('[data-testid="first-screen-grid"]');
			if (!grid) return;
			mo.disconnect();
			seen.skus = [...grid.querySelectorAll('button[data-sku]')].map((b) => b.getAttribute('data-sku') ?? '');
			const want = sessionStorage.getItem('test:tap-sku');
			const tile = want ? grid.querySelector<HTMLButtonElement>(`button[data-sku="${want}"]`) : null;
			if (tile) {
				tile.click();
				seen.tapped = want ?? '';
				seen.tapAt = performance.now();
			}
		});
		mo.observe(document, { childList: true, subtree: true });
	});
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await server?.stop().catch(() => {});
	if (profile) rmSync(profile, { recursive: true, force: true });
});

const stored = (page: Page) =>
	page.evaluate(() => {
		const text = localStorage.getItem('kasir:first-screen');
		return text ? (JSON.parse(text) as FirstScreen) : null;
	});

const seen = (page: Page) =>
	page.evaluate(
		() =>
			(window as unknown as { __seen?: { skus: string[]; tapped: string; tapAt: number; refused: string[] } })
				.__seen ?? null
	);

describe('cold start first screen', () => {
	it(
		'paints the snapshot offline, queues a tap made on it, then sells normally; another outlet never sees it',
		{ timeout: 300_000 },
		async () => {
			let page = context.pages()[0] ?? (await context.newPage());
			let errors = collectPageErrors(page);
			await setupThroughWizard(page, server.url);
			await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
				timeout: 30_000
			});
			const jkt = await page.evaluate(async () => {
				const db = await window.__kasir!.database();
				return (await db.stores.find({ selector: { code: 'JKT-001' } }).exec())[0]?.id ?? '';
			});
			expect(jkt).not.toBe('');

			// The fallback page (what the service worker serves offline) holds the painter inline, before every module preload.
			const html = await (await fetch(`${server.url}/`)).text();
			const inline = /<script>(?:(?!<\/script>)[\s\S])*__kasirFirstScreen/.exec(html)?.index ?? -1;
			expect(inline, 'the painter inlined').toBeGreaterThan(html.indexOf('<body'));
			expect(html).not.toContain('first-screen.js"');
			expect(html.indexOf('rel="modulepreload"')).toBeGreaterThan(inline);
			// The root layout's stylesheets are in the page itself (svelte.config.js inlineStyleThreshold): the painter waits
			// for no file. Their links stay, disabled (never fetched), so Vite does not add them again for the layout.
			const before = html.slice(0, inline);
			expect(before, 'the root layout CSS inlined').toMatch(/<style>(?:(?!<\/style>)[\s\S])*--brand:#0f766e/);
			const links = before.match(/<link[^>]*rel="stylesheet"[^>]*>/g) ?? [];
			expect(links.length).toBeGreaterThan(0);
			for (const link of links) expect(link).toContain(' disabled');

			// The snapshot follows the selling screen's unfiltered list, written in idle time.
			const snap = await until(
				async () => {
					const s = await stored(page);
					return s && s.outlet_id === jkt && s.tiles.length > 0 ? s : null;
				},
				{ what: "the first screen's snapshot of JKT-001", timeoutMs: 30_000 }
			);
			const live = await page
				.locator('[data-testid="product-grid"] button[data-sku]')
				.evaluateAll((bs) => bs.slice(0, 6).map((b) => b.getAttribute('data-sku')));
			expect(snap.tiles.slice(0, live.length).map((p) => p.sku)).toEqual(live);
			// A product of the first screen that opens no modifier dialog: the replayed tap goes straight into the cart.
			const plain = await page.evaluate(
				async (ids) => {
					const db = await window.__kasir!.database();
					const docs = await db.products.findByIds(ids).exec();
					return ids.find((id) => {
						const d = docs.get(id);
						return d && d.is_available && d.modifier_group_ids.length === 0;
					});
				},
				snap.tiles.slice(0, 8).map((p) => p.id)
			);
			expect(plain, 'a product without modifiers among the first tiles').toBeTruthy();
			const tapped = snap.tiles.find((p) => p.id === plain)!;

			// Offline, reloaded: the page paints the snapshot's tiles, and the tile tapped on it is queued.
			await context.setOffline(true);
			await page.evaluate((sku) => sessionStorage.setItem('test:tap-sku', sku), tapped.sku);
			await page.reload();
			const sell = new SellingScreen(page);
			await sell.waitReady();
			const painted = await until(async () => ((await seen(page))?.skus.length ? await seen(page) : null), {
				what: 'the painted first screen'
			});
			expect(painted.skus.length).toBeGreaterThan(0);
			expect(painted.skus).toEqual(snap.tiles.slice(0, painted.skus.length).map((p) => p.sku));
			expect(painted.tapped).toBe(tapped.sku);
			expect(painted.refused, 'scripts the CSP refused').toEqual([]);
			// Offline, every chunk the worker loads on first need is served by the precache, byte for byte: among them zod
			// and the contract's schemas, which the worker imports only for an answer its quick checks leave to zod.
			const chunkDir = join(inject('staticDir'), '_app/immutable/workers/chunks');
			const chunks = readdirSync(chunkDir).filter((f) => f.endsWith('.js'));
			const text = (f: string) => readFileSync(join(chunkDir, f), 'utf8');
			expect(chunks.filter((f) => text(f).includes('is not built into the sync worker'))).toHaveLength(1);
			const served = await page.evaluate(
				(paths) =>
					Promise.all(
						paths.map(async (p) => {
							const r = await fetch(p);
							return r.ok ? (await r.text()).length : -r.status;
						})
					),
				chunks.map((f) => `/_app/immutable/workers/chunks/${f}`)
			);
			expect(served).toEqual(chunks.map((f) => text(f).length));
			// The live screen took over (the painted screen is gone) and replayed the tap into the cart.
			await waitOn(
				'selling screen',
				'the painted screen removed',
				async () => (await page.getByTestId('first-screen').count()) === 0
			);
			// The live screen is styled by the inlined root layout CSS (its own files stay disabled).
			const brand = await page.evaluate(() =>
				getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()
			);
			expect(brand).toBe('#0f766e');

			await waitOn(
				'selling screen',
				'the queued tap in the cart',
				async () => (await sell.lineCount()) === 1
			);
			expect(await page.getByTestId('cart-lines').textContent()).toContain(tapped.name);
			await screenshot(page, 'first-screen-01-tap-replayed');
			await page.evaluate(() => sessionStorage.removeItem('test:tap-sku'));

			// Then it works normally: another tap, pay, receipt.
			await sell.tapProduct(tapped.sku);
			const qty = page.getByTestId('cart-lines').getByTestId('line-qty').first();
			await waitOn(
				'selling screen',
				'the second tap in the cart (quantity 2)',
				async () => (await qty.textContent()) === '2'
			);
			const pay = await sell.openPayment();
			await pay.method('card');
			await pay.confirm();
			expect(errors).toEqual([]);

			// Another outlet through the wizard (online): the old snapshot is dropped before the new one is saved, and the
			// next cold start paints only the new outlet's tiles.
			await context.setOffline(false);
			await page.close();
			page = await context.newPage();
			errors = collectPageErrors(page);
			await page.goto(`${server.url}/setup`);
			const wizard = new SetupWizard(page);
			await wizard.logIn('demo', 'demo1234');
			await wizard.waitForStoreStep();
			await wizard.pickStore('BDG-001');
			await wizard.storeNext();
			await wizard.connectCloud('demo-key-bdg-001');
			await wizard.enterPin('2468');
			await wizard.sync();
			const afterSetup = await stored(page);
			expect(afterSetup === null || afterSetup.outlet_id !== jkt).toBe(true);
			await wizard.done(server.url);
			const bdg = await page.evaluate(async () => {
				const db = await window.__kasir!.database();
				return (await db.stores.find({ selector: { code: 'BDG-001' } }).exec())[0]?.id ?? '';
			});
			const snapB = await until(
				async () => {
					const s = await stored(page);
					return s && s.outlet_id === bdg && s.tiles.length > 0 ? s : null;
				},
				{ what: "the first screen's snapshot of BDG-001", timeoutMs: 30_000 }
			);
			// JKT-001's own products (its brand's, not the ones both brands share) are never in BDG-001's snapshot.
			const jktOnly = new Set(
				await page.evaluate(async () => {
					const db = await window.__kasir!.database();
					const store = (await db.stores.find({ selector: { code: 'JKT-001' } }).exec())[0];
					const all = await db.products.find().exec();
					return all.filter((p) => p.brand_id && p.brand_id === store?.brand_id).map((p) => p.sku);
				})
			);
			expect(snap.tiles.some((p) => jktOnly.has(p.sku))).toBe(true);
			expect(snapB.tiles.filter((p) => jktOnly.has(p.sku))).toEqual([]);
			const liveB = await page
				.locator('[data-testid="product-grid"] button[data-sku]')
				.evaluateAll((bs) => bs.slice(0, 6).map((b) => b.getAttribute('data-sku')));
			expect(snapB.tiles.slice(0, liveB.length).map((p) => p.sku)).toEqual(liveB);

			await context.setOffline(true);
			await page.reload();
			await new SellingScreen(page).waitReady();
			const paintedB = await until(async () => ((await seen(page))?.skus.length ? await seen(page) : null), {
				what: 'the painted first screen of BDG-001'
			});
			expect(paintedB.skus.filter((s) => jktOnly.has(s))).toEqual([]);
			expect(paintedB.skus).toEqual(snapB.tiles.slice(0, paintedB.skus.length).map((p) => p.sku));
			expect(paintedB.refused, 'scripts the CSP refused').toEqual([]);
			await screenshot(page, 'first-screen-02-other-outlet');
			await context.setOffline(false);
			expect(errors).toEqual([]);
		}
	);
});

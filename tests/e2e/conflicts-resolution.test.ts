// Issue 6 in Chromium against the real server: HQ and an offline tablet change the same products; back online the
// conflicts appear (badge + screen), each strategy leaves the cloud and the tablet on the same value and version, the
// outlet policy resolves a stock conflict on its own, and a broadcast and a tax change from HQ reach the open till.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { ConflictDoc, ProductDoc } from '../../src/lib/db/types';
import {
	DEMO,
	finishedJob,
	hoToken,
	openDiagnostics,
	setupDemoOutlet,
	startSync,
	until
} from './replication-support.ts';
import { seriousViolations } from './pos-support.ts';
import { ConflictsScreen, SellingScreen, SettingsScreen, shown, waitOn } from './pages/index.ts';

const PIN = '1357';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let token: string;
let outlet: { outletId: string; companyId: string };

type HoProduct = {
	id: string;
	sku: string;
	name: string;
	price: number;
	stock: number | null;
	version: number;
	is_deleted: boolean;
};

async function hoProducts(): Promise<HoProduct[]> {
	const q = new URLSearchParams({ company_id: outlet.companyId, limit: '1000' });
	const r = await fetch(`${server.url}/api/sync/products/?${q}`, {
		headers: { Authorization: `Bearer ${token}` }
	});
	const b = (await r.json()) as { data: { products: HoProduct[] } };
	return b.data.products;
}

async function hoProduct(id: string): Promise<HoProduct> {
	const p = (await hoProducts()).find((x) => x.id === id);
	if (!p) throw new Error(`HO has no product ${id}`);
	return p;
}

async function hq(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
	const r = await fetch(`${server.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body)
	});
	const json = (await r.json()) as Record<string, unknown>;
	if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
	return json;
}

/** The cloud's own record of a conflict (GET …/conflicts?status=all), through the outlet's API key. */
async function cloudConflicts(): Promise<
	{
		conflict_id: string;
		field: string;
		status: string;
		strategy: string | null;
		applied_value: unknown;
		new_version: number | null;
		resolved_by: string | null;
	}[]
> {
	const r = await fetch(`${server.url}/api/v1/outlets/${outlet.outletId}/conflicts?status=all`, {
		headers: {
			Authorization: `Bearer ${DEMO.apiKey}`,
			'X-Outlet-ID': outlet.outletId,
			'X-Outlet-Code': DEMO.outletCode
		}
	});
	const b = (await r.json()) as { data: { conflicts: Awaited<ReturnType<typeof cloudConflicts>> } };
	return b.data.conflicts;
}

const localProduct = (id: string) =>
	page.evaluate<ProductDoc | null, string>(
		async (pid) =>
			(await (await window.__kasir!.database()).products.findOne(pid).exec())?.toMutableJSON() ?? null,
		id
	);
const localConflicts = () =>
	page.evaluate<ConflictDoc[]>(async () =>
		(await (await window.__kasir!.database()).conflicts.find().exec()).map((d) => d.toMutableJSON())
	);

/** Stores the manager PIN hash the way the setup wizard does (PBKDF2, `pbkdf2$iter$salt$hash`) in the settings store. */
async function setManagerPin(p: Page, pin: string): Promise<void> {
	await p.evaluate(async (digits) => {
		const iterations = 100_000;
		const salt = crypto.getRandomValues(new Uint8Array(16));
		const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(digits), 'PBKDF2', false, [
			'deriveBits'
		]);
		const bits = new Uint8Array(
			await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)
		);
		const b64 = (u: Uint8Array) => btoa(String.fromCharCode(...u));
		const value = `pbkdf2$${iterations}$${b64(salt)}$${b64(bits)}`;
		await new Promise<void>((resolve, reject) => {
			const req = indexedDB.open('kasir-settings');
			req.onsuccess = () => {
				const tx = req.result.transaction('settings', 'readwrite');
				tx.objectStore('settings').put(value, 'manager_pin_hash');
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			};
			req.onerror = () => reject(req.error);
		});
	}, pin);
}

/** In-app navigation (works offline: no document request) through a link the shell renders. */
async function clientGoto(p: Page, path: string): Promise<void> {
	await p.evaluate((href) => {
		const a = document.createElement('a');
		a.href = href;
		document.body.appendChild(a);
		a.click();
		a.remove();
	}, path);
	await p.waitForURL((u) => u.pathname === path);
}

/** Live products of the outlet's brand (the ones its selling screen shows), as HO holds them, by SKU. */
async function sellable(): Promise<HoProduct[]> {
	const ids = await page.evaluate(async (storeId) => {
		const db = await window.__kasir!.database();
		const brand = (await db.stores.findOne(storeId).exec())?.brand_id;
		return (await db.products.find().exec())
			.filter((p) => !p.is_deleted && p.is_available && (!p.brand_id || p.brand_id === brand))
			.map((p) => p.id);
	}, outlet.outletId);
	const all = await hoProducts();
	return all.filter((p) => ids.includes(p.id)).sort((a, b) => a.sku.localeCompare(b.sku));
}

/** Takes the tablet offline and waits until its worker knows. */
async function goOffline(): Promise<void> {
	await context.setOffline(true);
	await waitOn(
		'worker',
		'the worker to see the tablet offline',
		async () => !(await page.evaluate(async () => (await window.__kasir!.worker.api.getState()).online))
	);
}

/** Waits until the worker's event stream is connected. */
async function streamConnected(): Promise<void> {
	await waitOn(
		'worker',
		'the event stream to connect',
		async () =>
			(await page.evaluate(async () => (await window.__kasir!.worker.api.getState()).stream)) === 'connected'
	);
}

/** Closes the shell's toasts so a screenshot shows the screen itself. */
async function clearToasts(p: Page): Promise<void> {
	const close = p.locator('.toasts button');
	while ((await close.count()) > 0)
		await close
			.first()
			.click()
			.catch(() => {});
}

/** The manager's outlet edit through the product screen. */
async function editAtOutlet(p: Page, id: string, changes: { price?: number; stock?: number }): Promise<void> {
	await clientGoto(p, `/products/${id}`);
	const editor = p.locator(`[data-testid="product-editor"][data-product-id="${id}"]`);
	await editor.waitFor();
	if (changes.price !== undefined) await p.getByTestId('edit-price').fill(String(changes.price));
	if (changes.stock !== undefined) await p.getByTestId('edit-stock').fill(String(changes.stock));
	const before = await p.evaluate(
		async (pid) =>
			(await (await window.__kasir!.database()).product_updates.find().exec()).filter(
				(u) => u.product_id === pid
			).length,
		id
	);
	await p.getByTestId('edit-save').click();
	await until(
		async () =>
			(await p.evaluate(
				async (pid) =>
					(await (await window.__kasir!.database()).product_updates.find().exec()).filter(
						(u) => u.product_id === pid
					).length,
				id
			)) > before
	);
}

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	page = await context.newPage();
	errors = collectPageErrors(page);
	await openDiagnostics(page, server.url);
	outlet = await setupDemoOutlet(page);
	const job = await startSync(page, 'master');
	if (!job.success) throw new Error(`sync refused: ${job.message}`);
	expect((await finishedJob(page, job.syncId)).status).toBe('completed');
	await setManagerPin(page, PIN);
	token = await hoToken(server.url);
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await browser?.close();
	await server?.stop();
});

describe('conflicts resolved in the app', () => {
	it('HQ and an offline tablet change the same products: conflicts appear, each strategy converges, stock resolves by policy', async () => {
		// The configured app, manager mode unlocked on the conflicts screen.
		await page.goto(`${server.url}/conflicts`);
		const conflicts = new ConflictsScreen(page);
		await conflicts.unlock(PIN);
		await conflicts.waitNone();
		await streamConnected();

		// Four live products: three for the price strategies, one for the stock policy.
		const picks = (await sellable()).slice(0, 4);
		expect(picks.length).toBe(4);
		const [pCloud, pLocal, pNewest, pStock] = picks as [HoProduct, HoProduct, HoProduct, HoProduct];
		// Load the product screen's code while online (the offline edits navigate inside the app).
		await clientGoto(page, `/products/${pStock.id}`);
		await shown(page.getByTestId('product-editor'), 'product screen', 'the product editor');

		// --- Offline tablet; HQ changes first, then the tablet changes the same fields -----------------
		await goOffline();
		const hqPrice = new Map<string, number>();
		for (const p of [pCloud, pLocal, pNewest]) {
			hqPrice.set(p.id, p.price + 3000);
			await hq('PATCH', `/api/v1/admin/products/${p.id}`, { price: p.price + 3000, reason: 'HQ price rise' });
		}
		await hq('PATCH', `/api/v1/admin/products/${pStock.id}`, { stock: 20 });
		const localPrice = new Map([
			[pCloud.id, pCloud.price - 2000],
			[pLocal.id, pLocal.price - 4000],
			[pNewest.id, pNewest.price - 5000]
		]);
		for (const p of [pCloud, pLocal, pNewest])
			await editAtOutlet(page, p.id, { price: localPrice.get(p.id)! });
		await editAtOutlet(page, pStock.id, { stock: 15 });
		// The till sells with the outlet's price at once, and the edits wait in the outbox.
		expect((await localProduct(pLocal.id))?.price).toBe(localPrice.get(pLocal.id));
		expect(
			await page.evaluate(async () =>
				(await window.__kasir!.database()).product_updates
					.count({ selector: { sync_status: 'pending' } })
					.exec()
			)
		).toBe(4);

		// --- Back online: three price conflicts wait for a manager, the stock one resolves by policy ---
		const backOnline = Date.now();
		await context.setOffline(false);
		await clientGoto(page, '/conflicts');
		await conflicts.waitBadge(3);
		console.log(`[figure] back online to 3 conflicts on the badge: ${Date.now() - backOnline} ms`);
		await conflicts.waitCards(3);
		// Selling goes on with the cloud's value until decided.
		for (const p of [pCloud, pLocal, pNewest]) {
			const lp = await until(async () => {
				const x = await localProduct(p.id);
				return x && x.price === hqPrice.get(p.id) ? x : null;
			});
			expect(lp.version).toBe((await hoProduct(p.id)).version);
		}
		const card = (id: string) => conflicts.card(id);
		await expect(card(pLocal.id).getByTestId('cloud-value').textContent()).resolves.toMatch(/Rp/);
		await expect(card(pLocal.id).getByTestId('resolve-local_wins').textContent()).resolves.toContain(
			new Intl.NumberFormat('id-ID').format(localPrice.get(pLocal.id)!)
		);
		await clearToasts(page);
		await screenshot(page, 'conflicts-01-open');
		expect(await seriousViolations(page), 'axe on the conflicts screen').toEqual([]);

		// The selling screen marks the products that sell at the head-office value until decided.
		await clientGoto(page, '/');
		const sell = new SellingScreen(page);
		await sell.searchFor(pLocal.sku);
		const tile = sell.tile(pLocal.sku);
		await shown(tile, 'selling screen', `the tile of ${pLocal.sku}`);
		await shown(tile.getByTestId('held-note'), 'selling screen', 'the held-at-HQ-value note');
		await expect(tile.textContent()).resolves.toContain(
			new Intl.NumberFormat('id-ID').format(hqPrice.get(pLocal.id)!)
		);
		await clearToasts(page);
		await screenshot(page, 'conflicts-01b-sell-held');
		await sell.search('');
		await clientGoto(page, '/conflicts');
		await conflicts.waitCards(3);

		// The stock conflict was decided by the worker without asking (newest_wins: the tablet counted last).
		const stockConflict = await until(
			async () =>
				(await localConflicts()).find((c) => c.local_id === pStock.id && c.status === 'resolved') ?? null
		);
		expect(stockConflict).toMatchObject({
			field: 'stock',
			auto: true,
			strategy: 'newest_wins',
			applied_value: 15
		});
		const hoStock = await hoProduct(pStock.id);
		expect(hoStock.stock).toBe(15);
		const lpStock = await until(async () => {
			const x = await localProduct(pStock.id);
			return x && x.version === hoStock.version ? x : null;
		});
		expect(lpStock.stock).toBe(15);
		expect((await cloudConflicts()).find((c) => c.conflict_id === stockConflict.id)).toMatchObject({
			status: 'resolved',
			strategy: 'newest_wins',
			resolved_by: 'auto-policy'
		});

		// --- The manager decides: one strategy per product ------------------------------------------------
		const decide = async (id: string, strategy: 'cloud_wins' | 'local_wins' | 'newest_wins') => {
			await conflicts.resolve(id, strategy);
			return until(
				async () =>
					(await localConflicts()).find(
						(c) => c.local_id === id && c.field === 'price' && c.status === 'resolved'
					) ?? null
			);
		};
		const expected = new Map([
			[pCloud.id, { strategy: 'cloud_wins' as const, price: hqPrice.get(pCloud.id)! }],
			[pLocal.id, { strategy: 'local_wins' as const, price: localPrice.get(pLocal.id)! }],
			// The tablet changed the price after HQ did: newest is the outlet's.
			[pNewest.id, { strategy: 'newest_wins' as const, price: localPrice.get(pNewest.id)! }]
		]);
		for (const [id, e] of expected) {
			const c = await decide(id, e.strategy);
			expect(c.applied_value).toBe(e.price);
			const cloud = await hoProduct(id);
			expect(cloud.price, `cloud price after ${e.strategy}`).toBe(e.price);
			expect(c.new_version).toBe(cloud.version);
			const local = await until(async () => {
				const x = await localProduct(id);
				return x && x.version === cloud.version && x.price === cloud.price ? x : null;
			});
			expect(local.price).toBe(e.price);
		}
		// The badge follows the conflicts' live count, a moment after the last one is stored as resolved.
		await waitOn(
			'conflicts screen',
			'the conflict badge gone',
			async () => (await conflicts.badge.count()) === 0
		);
		expect(await conflicts.badge.count()).toBe(0);
		await conflicts.waitNone();
		await conflicts.waitResolvedItems(4);
		expect(await page.locator('[data-testid="resolved-item"][data-auto="true"]').count()).toBe(1);
		await clearToasts(page);
		await screenshot(page, 'conflicts-02-resolved');
		// Sync statistics in settings: documents per collection match the database, nothing waits.
		await clientGoto(page, '/settings');
		const settings = new SettingsScreen(page);
		const stats = settings.stats;
		await shown(stats, 'settings screen', 'the sync statistics');
		const localCount = await page.evaluate(async () =>
			(await window.__kasir!.database()).products.count().exec()
		);
		await settings.waitCollectionCount('products', localCount);
		await settings.waitNothingWaiting();
		expect(await stats.locator('[data-stream="cloud:push"] td').nth(1).textContent()).not.toBe(
			'belum pernah'
		);
		await page.getByTestId('conflict-policy').scrollIntoViewIfNeeded();
		await stats.scrollIntoViewIfNeeded();
		await clearToasts(page);
		await screenshot(page, 'conflicts-06-sync-stats');
		expect(await seriousViolations(page), 'axe on settings with statistics').toEqual([]);
		await clientGoto(page, '/conflicts');

		const onCloud = (await cloudConflicts()).filter((c) => c.field === 'price');
		expect(onCloud.map((c) => c.strategy).sort()).toEqual(['cloud_wins', 'local_wins', 'newest_wins']);
		expect(onCloud.every((c) => c.status === 'resolved')).toBe(true);
		expect(errors).toEqual([]);
	});

	it('a policy change makes price resolve on its own too, and offline decisions are sent when back online', async () => {
		const [, , , , p5, p6, p7, p8] = await sellable();
		if (!p5 || !p6 || !p7 || !p8) throw new Error('need four more products');
		// Price: cloud_wins by policy (saved in settings-like editor on the conflicts screen).
		await clientGoto(page, '/conflicts');
		const conflicts = new ConflictsScreen(page);
		await conflicts.setPolicy('price', 'cloud_wins');
		await until(
			async () =>
				await page.evaluate<unknown>(
					async () =>
						(await (await window.__kasir!.database()).meta.findOne('conflict:policy').exec())?.toMutableJSON()
							.value
				)
		);

		await goOffline();
		await hq('PATCH', `/api/v1/admin/products/${p5.id}`, { price: p5.price + 1000 });
		await editAtOutlet(page, p5.id, { price: p5.price + 500 });
		await context.setOffline(false);
		const auto = await until(
			async () =>
				(await localConflicts()).find((c) => c.local_id === p5.id && c.status === 'resolved') ?? null
		);
		expect(auto).toMatchObject({ auto: true, strategy: 'cloud_wins', applied_value: p5.price + 1000 });
		expect((await hoProduct(p5.id)).price).toBe(p5.price + 1000);

		// Back to "ask" for price; a decision taken offline is queued and sent later.
		await clientGoto(page, '/conflicts');
		await conflicts.setPolicy('price', 'ask');
		await until(
			async () =>
				(
					await page.evaluate(
						async () =>
							(
								await (await window.__kasir!.database()).meta.findOne('conflict:policy').exec()
							)?.toMutableJSON().value as Record<string, string>
					)
				)?.price === 'ask'
		);
		await goOffline();
		await hq('PATCH', `/api/v1/admin/products/${p6.id}`, { price: p6.price + 2000 });
		await editAtOutlet(page, p6.id, { price: p6.price - 1000 });
		await context.setOffline(false);
		await clientGoto(page, '/conflicts');
		await conflicts.waitCard(p6.id);
		await goOffline();
		await conflicts.resolve(p6.id, 'local_wins');
		await conflicts.waitResolving(p6.id);
		await clearToasts(page);
		await screenshot(page, 'conflicts-03-queued-offline');
		expect((await cloudConflicts()).find((c) => c.field === 'price' && c.status === 'open')).toBeTruthy();
		await context.setOffline(false);
		const done = await until(
			async () =>
				(await localConflicts()).find((c) => c.local_id === p6.id && c.status === 'resolved') ?? null
		);
		const cloud = await hoProduct(p6.id);
		expect(cloud.price).toBe(p6.price - 1000);
		expect(done).toMatchObject({
			strategy: 'local_wins',
			auto: false,
			applied_value: p6.price - 1000,
			new_version: cloud.version
		});
		await until(async () => {
			const x = await localProduct(p6.id);
			return x && x.version === cloud.version && x.price === cloud.price;
		});

		// Many at once: two price conflicts selected together and decided with one strategy.
		await goOffline();
		for (const p of [p7, p8]) {
			await hq('PATCH', `/api/v1/admin/products/${p.id}`, { price: p.price + 4000 });
			await editAtOutlet(page, p.id, { price: p.price + 1000 });
		}
		await context.setOffline(false);
		await clientGoto(page, '/conflicts');
		await conflicts.waitCards(2);
		await conflicts.resolveAll('cloud_wins', 'Harga pusat berlaku');
		for (const p of [p7, p8]) {
			const c = await until(
				async () =>
					(await localConflicts()).find((x) => x.local_id === p.id && x.status === 'resolved') ?? null
			);
			const hoP = await hoProduct(p.id);
			expect(hoP.price).toBe(p.price + 4000);
			expect(c).toMatchObject({
				strategy: 'cloud_wins',
				applied_value: p.price + 4000,
				new_version: hoP.version,
				notes: 'Harga pusat berlaku'
			});
			await until(async () => {
				const x = await localProduct(p.id);
				return x && x.version === hoP.version && x.price === hoP.price;
			});
		}
		await conflicts.waitNone();
		expect(errors).toEqual([]);
	});
});

describe('head-office messages on an open till', () => {
	it('shows a broadcast as a dismissible banner and applies a tax change to the selling screen at once', async () => {
		await clientGoto(page, '/');
		await new SellingScreen(page).waitReady();
		await streamConnected();

		const sentAt = Date.now();
		await hq('POST', '/api/v1/admin/broadcasts', {
			title: 'Stok opname',
			message: 'Stok opname jam 17:00 hari ini',
			level: 'warning'
		});
		const banner = page.getByTestId('message-banner');
		await until(async () =>
			((await banner.textContent().catch(() => '')) ?? '').includes('Stok opname jam 17:00')
		);
		console.log(`[figure] HQ broadcast to banner on the open till: ${Date.now() - sentAt} ms`);
		expect(await banner.getAttribute('data-kind')).toBe('broadcast');
		await clearToasts(page);
		await screenshot(page, 'conflicts-04-broadcast-banner');
		expect(await seriousViolations(page), 'axe with the message banner').toEqual([]);
		await page.getByTestId('message-dismiss').click();
		await until(async () => (await banner.count()) === 0);

		const taxAt = Date.now();
		await hq('PATCH', `/api/v1/admin/stores/${outlet.outletId}/config`, { tax_rate: 11 });
		await until(async () =>
			((await banner.textContent().catch(() => '')) ?? '').includes('Pajak diubah menjadi 11%')
		);
		console.log(`[figure] HQ tax change to banner on the open till: ${Date.now() - taxAt} ms`);
		// Only what changed is announced (the event carries the whole config).
		expect(await page.getByTestId('message-body').textContent()).toBe('Pajak diubah menjadi 11%');
		// The selling screen's totals use the new rate.
		await until(async () => ((await page.getByTestId('totals').textContent()) ?? '').includes('11%'));
		const stored = await page.evaluate(
			async (id) =>
				(await (await window.__kasir!.database()).stores.findOne(id).exec())?.toMutableJSON().config.tax_rate,
			outlet.outletId
		);
		expect(stored).toBe(11);
		await clearToasts(page);
		await screenshot(page, 'conflicts-05-tax-banner');

		// Both stay in the short message list.
		await page.getByTestId('message-list-open').click();
		await until(async () => (await page.getByTestId('message-item').count()) >= 2);
		await page.keyboard.press('Escape');
		expect(errors).toEqual([]);
	});
});

// Storage full at the till: the origin's quota is shrunk (CDP `Storage.overrideQuotaForOrigin`) until writes fail; paying shows a sentence the
// cashier understands, leaves no half-written sale, a retry makes no second sale; once there is room the sale goes through and the cloud
// receives it exactly once.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { appHarness } from '../helpers/app';
import { collectPageErrors, screenshot } from '../helpers/browser';
import { DEMO } from './replication-support';
import { setupThroughWizard, until } from './pos-support';
import { type PaymentDialog, SellingScreen, SettingsScreen } from './pages/index.ts';

const app = appHarness();

interface Sales {
	orders: { local_id: string; status: string; total_amount: number; sync_status: string }[];
	transactions: { local_id: string; order_id: string; sync_status: string }[];
}

const localSales = (page: Page): Promise<Sales> =>
	page.evaluate(async () => {
		const db = await window.__kasir!.database();
		return {
			orders: (await db.orders.find().exec()).map((d) => ({
				local_id: d.local_id,
				status: d.status,
				total_amount: d.total_amount,
				sync_status: d.sync_status
			})),
			transactions: (await db.transactions.find().exec()).map((d) => ({
				local_id: d.local_id,
				order_id: d.order_id,
				sync_status: d.sync_status
			}))
		};
	});

async function cloudCounts(outletId: string): Promise<{ orders: number; transactions: number }> {
	const r = await fetch(`${app.server.url}/api/v1/outlets/${outletId}/sync/status`, {
		headers: {
			Authorization: `Bearer ${DEMO.apiKey}`,
			'X-Outlet-ID': outletId,
			'X-Outlet-Code': DEMO.outletCode
		}
	});
	return ((await r.json()) as { data: { orders: number; transactions: number } }).data;
}

/** What the origin's IndexedDB alone uses (the databases, not the caches the app may free). */
const idbUsage = (page: Page) =>
	page.evaluate(async () => {
		const e = (await navigator.storage.estimate()) as StorageEstimate & {
			usageDetails?: { indexedDB?: number };
		};
		return e.usageDetails?.indexedDB ?? e.usage ?? 0;
	});

/** One small write to a scratch database: 'ok' or the error's name. */
const probeWrite = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const req = indexedDB.open('quota-probe', 1);
				req.onupgradeneeded = () => req.result.createObjectStore('s');
				req.onerror = () => resolve(String(req.error?.name));
				req.onsuccess = () => {
					const tx = req.result.transaction('s', 'readwrite');
					tx.objectStore('s').put(crypto.getRandomValues(new Uint8Array(2048)), Date.now());
					tx.oncomplete = () => (req.result.close(), resolve('ok'));
					tx.onabort = () => (req.result.close(), resolve(String(tx.error?.name)));
				};
			})
	);

const cachedPhotos = (page: Page) =>
	page.evaluate(async () => {
		let n = 0;
		for (const name of await caches.keys())
			if (name.includes('photo')) n += (await (await caches.open(name)).keys()).length;
		return n;
	});

const jobDone = (page: Page) =>
	page.evaluate(async () => {
		const jobs = await window.__kasir!.worker.api.listSyncJobs(1);
		return jobs.length > 0 && jobs[0]!.status !== 'running';
	});

/** The origin's whole use and the bytes of its cached product photos. */
const storageSizes = (page: Page) =>
	page.evaluate(async () => {
		const e = await navigator.storage.estimate();
		let photoBytes = 0;
		for (const name of await caches.keys()) {
			if (!name.includes('photo')) continue;
			const c = await caches.open(name);
			for (const req of await c.keys()) photoBytes += (await (await c.match(req))!.arrayBuffer()).byteLength;
		}
		return { total: e.usage ?? 0, photoBytes };
	});

async function setQuota(cdp: CDPSession, quotaSize: number | undefined): Promise<void> {
	await cdp.send('Storage.overrideQuotaForOrigin', {
		origin: app.server.url,
		...(quotaSize === undefined ? {} : { quotaSize })
	});
}

/** Rings up one product (no modifiers) and opens the payment dialog on QRIS. */
async function ringUp(sell: SellingScreen, sku: string): Promise<PaymentDialog> {
	await sell.searchFor(sku);
	await sell.tapProduct(sku);
	await sell.searchFor('');
	const payment = await sell.openPayment();
	await payment.method('qris');
	return payment;
}

const allSynced = async (page: Page) => {
	const s = await localSales(page);
	return (
		s.orders.every((o) => o.sync_status === 'synced') &&
		s.transactions.every((t) => t.sync_status === 'synced')
	);
};

describe('storage full at the till', () => {
	it('a clear message, nothing half-written, no second sale; with room again the sale goes through once', async () => {
		const context: BrowserContext = await app.browser.newContext();
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		await setupThroughWizard(page, app.server.url);
		const sell = new SellingScreen(page);
		const outlet = await page.evaluate(
			async () =>
				(await (await window.__kasir!.database()).stores.find({ selector: { code: 'JKT-001' } }).exec())[0]!
					.id
		);
		const sku = await page.evaluate(async () => {
			const db = await window.__kasir!.database();
			const p = (await db.products.find().exec()).find(
				(x) => x.modifier_group_ids.length === 0 && x.is_available && !x.is_deleted && x.sku
			);
			return p!.sku;
		});
		const photosBefore = await cachedPhotos(page);
		const cloudBefore = await cloudCounts(outlet);
		const before = await localSales(page);

		// Full: the quota is set below what the databases alone use (freeing the photos is not enough). Chromium checks a write
		// against a remaining-space figure it caches for about 30 s, so wait until a write really fails.
		const cdp = await context.newCDPSession(page);
		const used = await idbUsage(page);
		const quota = Math.floor(used / 2);
		await setQuota(cdp, quota);
		const refusal = await until(
			async () => {
				const r = await probeWrite(page);
				return r === 'ok' ? null : r;
			},
			{ everyMs: 1000, what: 'an IndexedDB write refused under the lowered quota' }
		);
		expect(refusal).toBe('QuotaExceededError');
		const payment = await ringUp(sell, sku);
		await payment.pressConfirm();
		const message = await sell.waitErrorToast();
		console.log(
			`[figure] quota ${quota} B for ${used} B in IndexedDB (${photosBefore} photos cached); the cashier read: ${message}`
		);
		expect(message).toMatch(/Penyimpanan perangkat penuh/);
		expect(message).not.toMatch(/QuotaExceededError|Terjadi kesalahan/);
		await screenshot(page, 'storage-full-message');

		// Nothing half-written: no new order, no new payment.
		const afterFail = await localSales(page);
		expect(afterFail.orders.length).toBe(before.orders.length);
		expect(afterFail.transactions.length).toBe(before.transactions.length);
		// The app freed what can be fetched again (cached product photos).
		await until(async () => (await cachedPhotos(page)) === 0, { what: 'the cached photos freed' });

		// The cashier retries while the disk is still full: the same message, still no sale.
		// (Earlier messages must go first: the payment dialog keeps the rest of the page inert, so the next one is new.)
		await sell.waitNoToasts();
		await payment.pressConfirm();
		await expect(sell.lastErrorToast.textContent()).resolves.toMatch(/Penyimpanan perangkat penuh/);
		const afterRetry = await localSales(page);
		expect(afterRetry.orders.length).toBe(before.orders.length);
		expect(afterRetry.transactions.length).toBe(before.transactions.length);

		// Room again: the same cart is paid once; the cloud receives that one sale.
		await setQuota(cdp, undefined);
		await payment.confirm();
		const paid = await until(
			async () => {
				const s = await localSales(page);
				return s.orders.length > before.orders.length ? s : null;
			},
			{ what: 'the paid order stored' }
		);
		const fresh = paid.orders.filter((o) => !before.orders.some((b) => b.local_id === o.local_id));
		expect(fresh).toHaveLength(1);
		expect(fresh[0]!.status).toBe('paid');
		expect(paid.transactions.filter((t) => t.order_id === fresh[0]!.local_id)).toHaveLength(1);
		await until(() => allSynced(page), { what: 'every local order and transaction synced' });
		expect(await cloudCounts(outlet)).toMatchObject({
			orders: cloudBefore.orders + 1,
			transactions: cloudBefore.transactions + 1
		});

		// Nearly full again, but the photos make the difference: the app frees them and the cashier's retry goes through.
		await sell.newSale();
		const started = await page.evaluate(
			async () => (await window.__kasir!.worker.api.startSync('master')).success
		);
		expect(started).toBe(true);
		await until(async () => (await cachedPhotos(page)) > 0 && (await jobDone(page)), {
			what: 'the master sync done with photos cached'
		});
		const sizes = await storageSizes(page);
		const tight = sizes.total - Math.floor(sizes.photoBytes / 2);
		await setQuota(cdp, tight);
		await until(async () => ((await probeWrite(page)) === 'ok' ? null : true), {
			everyMs: 1000,
			what: 'an IndexedDB write refused under the tight quota'
		});
		const beforeSecond = await localSales(page);
		await sell.waitNoToasts();
		// Opening the payment dialog already writes (the sale's reserved number and the tab's cart draft): that first write is
		// refused, so the message comes as the dialog opens, before the cashier confirms; the app frees the photos at once.
		const retry = await ringUp(sell, sku);
		await expect(sell.waitErrorToast()).resolves.toMatch(/Penyimpanan perangkat penuh/);
		await until(async () => (await cachedPhotos(page)) === 0, { what: 'the cached photos freed' });
		const afterSecondFail = await localSales(page);
		expect(afterSecondFail.orders.length).toBe(beforeSecond.orders.length);
		expect(afterSecondFail.transactions.length).toBe(beforeSecond.transactions.length);
		// The cashier confirms (the retry after the message): with the photos gone there is room, and the sale goes through.
		await retry.confirm();
		console.log(
			`[figure] quota ${tight} B for ${sizes.total} B used (${sizes.photoBytes} B of photos): the sale went through after the app freed the photos`
		);
		const second = await localSales(page);
		expect(second.orders.length).toBe(beforeSecond.orders.length + 1);
		expect(second.transactions.length).toBe(beforeSecond.transactions.length + 1);
		await setQuota(cdp, undefined);
		await until(() => allSynced(page), { what: 'every local order and transaction synced' });
		expect(await cloudCounts(outlet)).toMatchObject({
			orders: cloudBefore.orders + 2,
			transactions: cloudBefore.transactions + 2
		});

		// Settings: use and headroom, the browser's answer to persistent storage, the retention window, freeing space now.
		const settings = new SettingsScreen(page);
		await settings.open();
		await settings.unlock('2468');
		const storage = await settings.storage();
		expect(storage.usage).toMatch(/Terpakai .+ dari .+/);
		expect(storage.headroom).toMatch(/Sisa ruang: \d/);
		const granted = await settings.persistGranted();
		expect(['true', 'false']).toContain(granted);
		await settings.setRetention(7);
		await until(
			async () =>
				(await page.evaluate(() => window.__kasir!.worker.api.storageStatus())).retention_days === 7,
			{ what: 'settings screen: the retention window stored as 7 days' }
		);
		await expect(settings.freeSpace()).resolves.toMatch(/Dikosongkan: \d+ foto, \d+ pesanan lama/);
		await screenshot(page, 'storage-settings');
		// The sales of today are inside the window: freeing space kept them.
		expect((await localSales(page)).orders.length).toBe(second.orders.length);
		expect(errors).toEqual([]);
		await context.close();
	}, 400_000);
});

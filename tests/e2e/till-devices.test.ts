// The till's devices in Chromium: a keyboard-wedge scanner adds a product by SKU without the search box, and the payment
// dialog shows the outlet's QRIS as a dynamic code carrying the amount.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { fieldValue, parseQris } from '../../src/lib/domain/qris.ts';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchPersistent, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { call, session } from '../contract/ho-helpers.ts';
import { seriousViolations, setupThroughWizard, until } from './pos-support.ts';
import { SellingScreen, SettingsScreen, shown } from './pages/index.ts';

// A static QRIS sticker (01=11, no amount); the same one the unit tests derive the published dynamic sample from.
const STATIC_QRIS =
	'00020101021126380016ID.CO.SHOPEE.WWW01020102081586372453033605802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris6304BD24';

let server: TestServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
	server = await startAppServer();
	const s = await session(server);
	const r = await call(server, `/api/v1/admin/stores/${s.jktStoreId}/config`, {
		method: 'PATCH',
		token: s.token,
		json: { qris_payload: STATIC_QRIS }
	});
	if (r.status !== 200) throw new Error(`config patch: ${r.status}`);
	profile = mkdtempSync(join(tmpdir(), 'kasir-till-devices-'));
	context = await launchPersistent(profile);
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await server?.stop().catch(() => {});
	if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('till devices', () => {
	it(
		'a scanner adds by SKU, typing still searches, QRIS shows the amount',
		{ timeout: 600_000 },
		async () => {
			const page = await context.newPage();
			const errors = collectPageErrors(page);
			await setupThroughWizard(page, server.url);
			const sell = new SellingScreen(page);
			const sku = (await sell.available.nth(1).getAttribute('data-sku')) ?? '';
			const name = (await sell.available.nth(1).locator('.name').textContent())?.trim() ?? '';
			expect(sku).not.toBe('');
			const all = await sell.gridCount();

			// Scanner with the focus on the page (nobody clicked the search box): the SKU goes to the cart.
			await page.locator('body').click({ position: { x: 5, y: 5 } });
			const before = await sell.lineCount();
			// What the page saw of the keys (times, target), to explain a miss on a loaded machine.
			await page.evaluate(() => {
				const w = window as unknown as { __keys: string[] };
				w.__keys = [];
				window.addEventListener(
					'keydown',
					(e) => w.__keys.push(`${e.key}@${e.timeStamp.toFixed(1)}:${(e.target as HTMLElement).tagName}`),
					true
				);
			});
			await sell.scan(sku);
			await sell.waitLanded(before, 'the scanned product').catch(async (e: unknown) => {
				const seen = await page.evaluate(() => (window as unknown as { __keys: string[] }).__keys.join(' '));
				const live = await page.locator('[aria-live]').allTextContents();
				live.push(
					`before=${before} now=${await sell.lineCount()} dialogs=${await page.locator('dialog[open]').count()}`
				);
				live.push(await sell.cart.innerText());
				live.push(errors.join(' / '));
				await screenshot(page, 'till-00-scan-miss');
				throw new Error(`${String(e)}; keys: ${seen}; live: ${live.join(' | ')}`);
			});
			await expect(sell.lineNames()).resolves.toContain(name);
			expect(await sell.searchFocused()).toBe(false);
			expect(await sell.searchBox.inputValue()).toBe('');

			// A person typing in the search box still searches (keys well apart), and nothing is added.
			const afterScan = await sell.lineCount();
			await sell.searchBox.click();
			await page.keyboard.type(sku.slice(0, 3), { delay: 150 });
			// The grid held tiles before the search too: wait for its answer to the typed text, then for its tiles.
			await sell.waitShown(sku.slice(0, 3));
			await until(async () => (await sell.grid.locator('button[data-sku]').count()) > 0, {
				what: 'selling screen: search results in the grid'
			});
			await expect(sell.tile(sku).count()).resolves.toBe(1);
			expect(await sell.searchBox.inputValue()).toBe(sku.slice(0, 3));
			expect(await sell.lineCount()).toBe(afterScan);

			// A scan while the search box has the focus: added, and the code does not stay behind as a search.
			await sell.searchFor('');
			const totalBefore = await sell.totalAmount();
			await sell.scan(sku);
			// The box empties as the scan is taken, before the product is looked up: wait for the product
			// itself (its modifier dialog, or a larger total, as it may add to the line already there).
			const modifiers = page.getByTestId('modifier-dialog');
			await until(async () => (await modifiers.count()) > 0 || (await sell.totalAmount()) > totalBefore, {
				what: 'selling screen: the scanned product (modifier dialog or a larger total)'
			});
			if ((await modifiers.count()) > 0) await sell.pickModifiers();
			await until(async () => (await sell.totalAmount()) > totalBefore, {
				what: 'selling screen: the scanned product in the total'
			});
			await until(async () => (await sell.searchBox.inputValue()) === '', {
				what: 'selling screen: an empty search box after the scan'
			});
			// The grid is the whole catalogue again, not the code's search results.
			await until(async () => (await sell.gridCount()) === all, {
				what: `selling screen: the whole catalogue (${all}) in the grid again`
			});
			await screenshot(page, 'till-01-scanned');

			// QRIS: the dialog shows a dynamic code whose amount is the order total.
			const payment = await sell.openPayment();
			await payment.method('qris');
			const code = await payment.qrisCode();
			expect(await code.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
			const payload = (await code.getAttribute('data-payload')) ?? '';
			const fields = parseQris(payload);
			const sticker = parseQris(STATIC_QRIS);
			expect(fields.ok && sticker.ok).toBe(true);
			const total = await payment.total();
			expect(total).toBeGreaterThan(0);
			if (fields.ok && sticker.ok) {
				expect(fieldValue(fields.value, '01')).toBe('12');
				expect(fieldValue(fields.value, '54')).toBe(String(total));
				expect(fieldValue(fields.value, '26')).toBe(fieldValue(sticker.value, '26'));
			}
			expect(await payment.qrisAmount()).toBe(String(total));
			await screenshot(page, 'till-02-qris');
			const v = await seriousViolations(page);
			expect(v, JSON.stringify(v, null, 1)).toEqual([]);
			// The cashier confirms receipt as before.
			await payment.confirm();
			// No printer connected: the print-dialog button is there as before, no device button.
			await shown(page.getByTestId('print'), 'receipt', 'the print button');
			expect(await page.getByTestId('print-device').count()).toBe(0);
			expect(errors).toEqual([]);
		}
	);

	it(
		'printer settings: a card of its own in settings, kept on the device',
		{ timeout: 300_000 },
		async () => {
			const page = await context.newPage();
			const errors = collectPageErrors(page);
			const settings = new SettingsScreen(page);
			const unlock = async () => {
				await settings.goto(server.url);
				await settings.unlockPrinter('2468');
			};
			await unlock();
			const receiptChoices = await settings.printerChoices('receipt');
			// The print dialog is always offered, first; device transports only where this Chromium has the API.
			expect(receiptChoices[0]).toBe('browser');
			for (const c of receiptChoices.slice(1)) expect(['serial', 'usb', 'bluetooth']).toContain(c);
			expect(await settings.printerChoices('kitchen')).toEqual(expect.arrayContaining(['none', 'receipt']));
			await settings.setPrinter('80mm', 'receipt', true);
			await settings.printer.scrollIntoViewIfNeeded();
			await screenshot(page, 'till-03-printer-settings');
			const v = await seriousViolations(page);
			expect(v, JSON.stringify(v, null, 1)).toEqual([]);
			// Saved on the device: a fresh load shows the same choices.
			await until(
				() =>
					page.evaluate(async () => {
						// Never open (and so create) the database before idb-keyval has: it creates its store only on creation.
						if (!(await indexedDB.databases()).some((d) => d.name === 'kasir-printer')) return false;
						return new Promise<boolean>((resolve) => {
							const open = indexedDB.open('kasir-printer');
							open.onerror = () => resolve(false);
							open.onsuccess = () => {
								const db = open.result;
								if (!db.objectStoreNames.contains('printer')) return resolve(false);
								const get = db.transaction('printer').objectStore('printer').get('printer');
								get.onsuccess = () => {
									const r: unknown = get.result;
									db.close();
									resolve(
										typeof r === 'object' &&
											r !== null &&
											'open_drawer_on_cash' in r &&
											r.open_drawer_on_cash === true
									);
								};
								get.onerror = () => resolve(false);
							};
						});
					}),
				{ what: 'the printer settings stored on the device (idb kasir-printer)' }
			);
			await page.reload();
			await unlock();
			await until(async () => (await settings.printerState()).paper === '80mm', {
				what: 'settings screen: the stored paper width (80mm) after a reload'
			});
			const printer = await settings.printerState();
			expect(printer.kitchen).toBe('receipt');
			expect(printer.drawer).toBe(true);
			expect(errors).toEqual([]);
		}
	);
});

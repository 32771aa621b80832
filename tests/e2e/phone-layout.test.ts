// The till on one Android phone, in Chromium with touch and mobile emulation: a sale with the thumb at 390×844 and at
// 360×740 (grid → cart button → cart → pay), every screen fitting its width, checked with axe, and photographed at
// phone and tablet size (artifacts/screens/<name>-<phone|tablet>.png); tablets keep the grid and the cart side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser } from '../helpers/browser.ts';
import { fitsWidth, measureWidth, PHONE, saveScreen, TABLET } from '../helpers/screens.ts';
import type { TestServer } from '../helpers/server.ts';
import { seriousViolations, setupThroughWizard, until } from './pos-support.ts';
import { PaymentDialog, SellingScreen, shown } from './pages/index.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	// One phone-like context (touch, mobile viewport rules); the tablet shots resize the same device.
	context = await browser.newContext({
		viewport: PHONE,
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2
	});
	page = await context.newPage();
	errors = collectPageErrors(page);
}, 240_000);
afterAll(async () => {
	await context?.close().catch(() => {});
	await browser?.close().catch(() => {});
	await server?.stop().catch(() => {});
});

/** The screen fits its width, has no serious or critical axe violation, and is photographed. */
async function checkScreen(name: string, photo = true): Promise<void> {
	const width = await measureWidth(page);
	expect(fitsWidth(width), `${name} at ${width.viewport} px: ${JSON.stringify(width, null, 1)}`).toBe(true);
	const v = await seriousViolations(page);
	expect(v, `${name}: ${JSON.stringify(v, null, 1)}`).toEqual([]);
	if (photo) await saveScreen(page, name);
}

async function box(testid: string) {
	const b = await page.getByTestId(testid).boundingBox();
	if (!b) throw new Error(`${testid} is not on screen`);
	return b;
}

/** The element lies wholly on screen, in the lower part where a thumb holding the phone reaches. */
async function expectUnderThumb(testid: string): Promise<void> {
	const vp = page.viewportSize() ?? PHONE;
	const b = await box(testid);
	expect(b.x, testid).toBeGreaterThanOrEqual(0);
	expect(b.x + b.width, testid).toBeLessThanOrEqual(vp.width);
	expect(b.y + b.height, testid).toBeLessThanOrEqual(vp.height);
	expect(b.y, `${testid} is in the lower half`).toBeGreaterThan(vp.height / 2);
}

async function expectDialogFits(testid: string): Promise<void> {
	const vp = page.viewportSize() ?? PHONE;
	const b = await box(testid);
	expect(b.x).toBeGreaterThanOrEqual(0);
	expect(b.y).toBeGreaterThanOrEqual(0);
	expect(b.x + b.width).toBeLessThanOrEqual(vp.width + 0.5);
	expect(b.y + b.height).toBeLessThanOrEqual(vp.height + 0.5);
}

// The page models (taps stay taps here: this file drives the till by touch).
const sell = () => new SellingScreen(page);
const payment = () => new PaymentDialog(page);
const fab = () => page.getByTestId('cart-fab');
const fabCount = async () => Number(await fab().getAttribute('data-count'));
/** The lines' quantities added up, as the cart shows them. */
const lineItems = (): Promise<number> =>
	page
		.getByTestId('cart-lines')
		.locator('li.line')
		.evaluateAll((lines) =>
			lines.reduce(
				(n, li) =>
					n + parseInt(li.querySelector('[data-testid="line-qty"], .qty-fixed')?.textContent ?? '0', 10),
				0
			)
		);
/** The items in the cart: the cart button's count on a phone; on a tablet (no cart button) the lines' quantities. */
const itemCount = async (): Promise<number> => ((await fab().count()) ? fabCount() : lineItems());
const cartAmount = async () => Number(await page.getByTestId('cart-total').getAttribute('data-amount'));

/** Taps the nth available product tile and answers its modifiers when it asks (photographing them if told). */
async function tapProduct(nth: number, photoModifiers = false): Promise<void> {
	const before = await itemCount();
	const dialog = page.getByTestId('modifier-dialog');
	await sell().available.nth(nth).tap();
	const asked = await until(
		async () => ((await dialog.isVisible()) ? 'asked' : (await itemCount()) === before + 1 ? 'added' : null),
		{ what: 'the modifier dialog or the item in the cart' }
	);
	if (asked === 'asked') {
		await expectDialogFits('modifier-dialog');
		if (photoModifiers) await checkScreen('modifiers');
		await sell().pickModifiers();
	}
	await until(async () => (await itemCount()) === before + 1, { what: 'the cart to count the item' });
}

/** A product of the outlet's brand that asks for modifiers, so the modifier sheet is photographed. */
async function skuWithModifiers(): Promise<string> {
	const sku = await page.evaluate(async () => {
		const db = await window.__kasir!.database();
		const store = (await db.stores.find({ selector: { code: 'JKT-001' } }).exec())[0];
		const all = await db.products.find().exec();
		return all.find(
			(p) =>
				p.modifier_group_ids.length > 0 &&
				p.is_available &&
				!p.is_deleted &&
				(!p.brand_id || p.brand_id === store?.brand_id)
		)?.sku;
	});
	if (!sku) throw new Error('the demo catalogue has no product with modifiers');
	return sku;
}

/** Finds a product by SKU with the search box and taps it, as a cashier does with a long catalogue. */
async function tapSku(sku: string, photoModifiers = false): Promise<void> {
	await sell().searchFor(sku);
	await until(
		async () => (await sell().grid.locator('button[data-sku]').first().getAttribute('data-sku')) === sku,
		{ what: `the grid to show ${sku}` }
	);
	await tapProduct(0, photoModifiers);
	// The whole list back before the next tap picks a tile by its place.
	await sell().searchFor('');
}

async function goNav(name: RegExp): Promise<void> {
	await page.getByRole('navigation').getByRole('link', { name }).tap();
}

/** The shift screen with a shift open (the first visit opens one with a float, as a cashier starting the day). */
async function shiftScreen(): Promise<void> {
	await goNav(/Shift/);
	const open = page.getByTestId('shift-open-form');
	const current = page.getByTestId('shift-current');
	await until(async () => (await open.isVisible()) || (await current.isVisible()), {
		what: 'the shift screen'
	});
	if (await open.isVisible()) {
		await page.getByTestId('shift-opening-cash').fill('200000');
		await page.getByTestId('shift-open').tap();
	}
	await shown(current, 'shift screen', 'the open shift');
}

/** Sells what is in the cart from the phone: fab → cart → pay → receipt, the money under the thumb. */
async function sellFromPhone(method: 'cash' | 'card', photos: boolean): Promise<void> {
	// The cart button counts the items and shows what the cart will cost.
	const count = await fabCount();
	expect(count).toBeGreaterThan(0);
	await expect(page.getByTestId('cart-fab-count').textContent()).resolves.toContain(String(count));
	const fabTotal = Number(await fab().getAttribute('data-amount'));
	const fabText = (await page.getByTestId('cart-fab-total').textContent())?.trim();
	await expectUnderThumb('cart-fab');
	expect(await sell().cart.isVisible()).toBe(false);

	await fab().tap();
	await shown(sell().cart, 'selling screen', 'the cart view after the cart button');
	expect(await sell().grid.isVisible()).toBe(false);
	expect(await fab().isVisible()).toBe(false);
	expect(await cartAmount()).toBe(fabTotal);
	expect((await page.getByTestId('cart-total').textContent())?.trim()).toBe(fabText);
	await expectUnderThumb('pay');
	await checkScreen(photos ? 'cart' : 'cart-360w', true);

	// The way back keeps the cart; the cart button brings it again.
	await page.getByTestId('cart-back').tap();
	await sell().waitReady();
	expect(await fabCount()).toBe(count);
	await fab().tap();
	await page.getByTestId('pay').tap();
	await payment().waitOpen();
	await expectDialogFits('payment-dialog');
	await expectUnderThumb('pay-confirm');
	if (method === 'cash') {
		await payment().root.locator('[data-testid^="quick-"]').last().tap();
		await shown(payment().root.getByTestId('change'), 'payment dialog', 'the change to give');
	} else await payment().root.getByTestId('method-card').tap();
	await checkScreen(photos ? 'payment' : 'payment-360w', true);
	await payment().root.getByTestId('pay-confirm').tap();
	await page.waitForURL(/\/receipt\//);
	await shown(page.getByTestId('new-sale'), 'receipt', 'the new-sale button');
	await checkScreen(photos ? 'receipt' : 'receipt-360w', true);
	// The 80 mm slip (48 columns) fits too: its type shrinks, its columns stay.
	await page.getByTestId('paper-80mm').tap();
	await until(async () => (await page.locator('[data-paper="80mm"]').count()) > 0, {
		what: 'the 80 mm slip'
	});
	await checkScreen(photos ? 'receipt-80mm' : 'receipt-80mm-360w', true);
}

/** From unlocked settings: the reports screen, run, waiting for its summary. */
async function runReport(): Promise<void> {
	await page.getByTestId('open-reports').tap();
	await page.getByTestId('rp-run').tap();
	await shown(page.getByTestId('rp-summary'), 'reports screen', 'the report summary');
}

/** From unlocked settings: the conflicts screen, waiting for its list or its "no conflicts" note. */
async function openConflicts(): Promise<void> {
	await page.getByTestId('open-conflicts').tap();
	await shown(
		page.locator('[data-testid="no-conflicts"], [data-testid="conflict-list"]').first(),
		'conflicts screen',
		'the conflict list or the "no conflicts" note'
	);
}

describe('the till on a phone', () => {
	it(
		'sells one-handed at 390×844 and every screen fits, passes axe and is photographed',
		{ timeout: 600_000 },
		async () => {
			await setupThroughWizard(page, server.url);
			await checkScreen('selling');
			expect(await fabCount()).toBe(0);
			await expectUnderThumb('cart-fab');

			await tapSku(await skuWithModifiers(), true);
			await tapProduct(1);
			expect(await fabCount()).toBe(2);
			await checkScreen('selling-with-items');
			await sellFromPhone('cash', true);

			// Back to selling from the receipt: the cart is empty again and the grid is the view.
			await page.getByTestId('new-sale').tap();
			await sell().waitReady();
			await until(async () => (await fabCount()) === 0, { what: 'an empty cart after the sale' });

			// The cashier's other screens, reached with the thumb from the bottom navigation.
			await goNav(/Pesanan/);
			await shown(page.locator('tr[data-order], [data-order]').first(), 'orders screen', 'an order row');
			await checkScreen('orders');
			await goNav(/Meja/);
			await shown(page.getByTestId('tables'), 'tables screen', 'the tables');
			await checkScreen('tables');
			await shiftScreen();
			await checkScreen('shift');
			await goNav(/Pengaturan/);
			await page.getByTestId('unlock').tap();
			await shown(page.getByTestId('pin-dialog'), 'manager PIN dialog', 'the dialog to open');
			await expectDialogFits('pin-dialog');
			await checkScreen('pin');
			await page.getByTestId('pin-input').fill('2468');
			await page.getByTestId('pin-submit').tap();
			await shown(page.getByTestId('sync-now'), 'settings screen', 'the manager controls after the PIN');
			await checkScreen('settings');
			await runReport();
			await checkScreen('reports');
			await goNav(/Pengaturan/);
			await openConflicts();
			await checkScreen('conflicts');
			expect(errors).toEqual([]);
		}
	);

	it('sells one-handed at 360×740, the narrowest common Android phone', { timeout: 300_000 }, async () => {
		await page.setViewportSize({ width: 360, height: 740 });
		await goNav(/Jual/);
		await sell().waitReady();
		const w = await measureWidth(page);
		expect(fitsWidth(w), JSON.stringify(w, null, 1)).toBe(true);
		await tapProduct(2);
		await sellFromPhone('card', false);
		for (const [nav, ready] of [
			[/Pesanan/, '[data-order]'],
			[/Meja/, '[data-testid="tables"]'],
			[/Shift/, '[data-testid="shift-current"]'],
			[/Pengaturan/, '[data-testid="sync-now"]']
		] as const) {
			await goNav(nav);
			await shown(page.locator(ready).first(), String(nav), `${ready} on the screen`);
			const r = await measureWidth(page);
			expect(fitsWidth(r), `${String(nav)}: ${JSON.stringify(r, null, 1)}`).toBe(true);
		}

		// A held table order, recalled from the tables screen, opens in the cart view (no extra tap on the cart button).
		await goNav(/Jual/);
		await tapProduct(0);
		await fab().tap();
		await sell().setTable('A-03');
		await page.getByTestId('hold').tap();
		await until(async () => (await page.getByTestId('cart-table').inputValue()) === '', {
			what: 'the held order to leave the cart'
		});
		await goNav(/Meja/);
		await page.locator('[data-table="A-03"][data-state="occupied"]').tap();
		await page.waitForURL(`${server.url}/`);
		await until(async () => (await page.getByTestId('cart-table').inputValue()) === 'A-03', {
			what: 'table A-03 recalled into the cart'
		});
		expect(await sell().cart.isVisible()).toBe(true);
		expect(await sell().grid.isVisible()).toBe(false);
		await expectUnderThumb('pay');
		expect(errors).toEqual([]);
	});

	it('keeps the grid and the cart side by side on tablets, and photographs every screen there', async () => {
		for (const vp of [{ width: 768, height: 1024 }, TABLET]) {
			await page.setViewportSize(vp);
			await goNav(/Jual/);
			await sell().waitReady();
			expect(await sell().cart.isVisible()).toBe(true);
			expect(await fab().isVisible()).toBe(false);
			expect(await page.getByTestId('cart-back').isVisible()).toBe(false);
		}
		await checkScreen('selling');
		await tapProduct(1);
		expect(await cartAmount()).toBeGreaterThan(0);
		await checkScreen('cart');
		// The cart button is not rendered on a tablet (a tap updates nothing hidden); narrowed to a phone, it is there with the
		// cart's count and amount, and goes again at tablet width.
		expect(await fab().count()).toBe(0);
		await page.setViewportSize(PHONE);
		// (Attached, not necessarily visible: the phone may show its cart view, which hides the grid and its button.)
		await shown(fab(), 'selling screen', 'the cart button at phone width', { state: 'attached' });
		expect(await fabCount()).toBe(await lineItems());
		expect(Number(await fab().getAttribute('data-amount'))).toBe(await cartAmount());
		await page.setViewportSize(TABLET);
		await shown(fab(), 'selling screen', 'no cart button at tablet width', { state: 'detached' });
		await tapSku(await skuWithModifiers(), true);
		await page.getByTestId('pay').tap();
		await payment().waitOpen();
		await payment().root.getByTestId('method-card').tap();
		await checkScreen('payment');
		await payment().root.getByTestId('pay-confirm').tap();
		await shown(page.getByTestId('new-sale'), 'receipt', 'the new-sale button');
		await checkScreen('receipt');
		for (const [nav, ready, name] of [
			[/Pesanan/, '[data-order]', 'orders'],
			[/Meja/, '[data-testid="tables"]', 'tables'],
			[/Shift/, '[data-testid="shift-current"]', 'shift'],
			[/Pengaturan/, '[data-testid="sync-now"]', 'settings']
		] as const) {
			await goNav(nav);
			await shown(page.locator(ready).first(), name, `${ready} on the screen`);
			await checkScreen(name);
		}
		await runReport();
		await checkScreen('reports');
		await goNav(/Pengaturan/);
		await openConflicts();
		await checkScreen('conflicts');
		expect(errors).toEqual([]);
	});
});

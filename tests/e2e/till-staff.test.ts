// Staff and discounts at the till in Chromium against the real server: the outlet's configured people sign in with their
// PIN, a cashier is refused a void until a supervisor gives theirs, and a sale with a preset, an ad-hoc discount within the
// limit and one above it (refused for the cashier's PIN, approved by the supervisor's) reaches the cloud once, with the
// discounts, who took it and the totals the domain computes.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openDb } from '../../server/db/open.ts';
import { discountedTotals } from '../../src/lib/domain/discount.ts';
import { linesFromOrderItems, type StoredOrderItem } from '../../src/lib/domain/order.ts';
import { validateChargeSettings } from '../../src/lib/domain/totals.ts';
import type { OrderDoc } from '../../src/lib/db/types';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchPersistent, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { call, session } from '../contract/ho-helpers.ts';
import { completeModifiers, seriousViolations, setupThroughWizard, until } from './pos-support.ts';

/** The PIN hash as the till's PIN service writes it (fewer iterations than production keep the loaded test machine quick). */
function pinHash(pin: string): string {
	const salt = randomBytes(16);
	const iterations = 10_000;
	const hash = pbkdf2Sync(pin, salt, iterations, 32, 'sha256');
	return `pbkdf2$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const CASHIER = { id: 'stf-sari', name: 'Sari', role: 'cashier', pin: '1111' } as const;
const SUPERVISOR = { id: 'stf-budi', name: 'Budi', role: 'supervisor', pin: '2222' } as const;
const MANAGER = { id: 'stf-wati', name: 'Wati', role: 'manager', pin: '3333' } as const;

let server: TestServer;
let context: BrowserContext;
let profile: string;
let page: Page;
let errors: string[];
let taxRate = 10;
let serviceRate = 5;

beforeAll(async () => {
	server = await startAppServer();
	const s = await session(server);
	const r = await call(server, `/api/v1/admin/stores/${s.jktStoreId}/config`, {
		method: 'PATCH',
		token: s.token,
		json: {
			staff: [CASHIER, SUPERVISOR, MANAGER].map(({ pin, ...p }) => ({ ...p, pin_hash: pinHash(pin) })),
			discounts: [{ id: 'member', name: 'Member', kind: 'percent', value: 10, scope: 'order' }],
			discount_limit_percent: 10
		}
	});
	if (r.status !== 200) throw new Error(`config patch: ${r.status} ${JSON.stringify(r.body)}`);
	const config = (r.body as { data: { config: { tax_rate?: number; service_rate?: number } } }).data.config;
	taxRate = config.tax_rate ?? taxRate;
	serviceRate = config.service_rate ?? serviceRate;
	profile = mkdtempSync(join(tmpdir(), 'kasir-till-staff-'));
	context = await launchPersistent(profile);
});
afterAll(async () => {
	await context?.close().catch(() => {});
	await server?.stop().catch(() => {});
	if (profile) rmSync(profile, { recursive: true, force: true });
});

const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Screenshots of the screen as it is, at tablet then phone size, back to tablet. */
async function shoot(name: string): Promise<void> {
	// Toasts of earlier steps would cover the screen: close them (from the DOM: an open modal makes the page inert).
	await page.evaluate(() => {
		for (const b of document.querySelectorAll<HTMLButtonElement>('.toasts button')) b.click();
	});
	await page.setViewportSize(TABLET);
	await screenshot(page, `${name}-tablet`);
	await page.setViewportSize(PHONE);
	await screenshot(page, `${name}-phone`);
	await page.setViewportSize(TABLET);
}

async function expectAccessible(): Promise<void> {
	const v = await seriousViolations(page);
	expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

/** Adds the n-th available product of the grid (through the modifier dialog when it has groups). */
async function addProduct(n: number): Promise<void> {
	const before = await page.getByTestId('cart-lines').locator('li.line').count();
	await page.locator('[data-testid="product-grid"] button[data-sku]:not([disabled])').nth(n).click();
	await until(
		async () =>
			(await page.getByTestId('cart-lines').locator('li.line').count()) > before ||
			(await page.getByTestId('modifier-dialog').count()) > 0
	);
	if ((await page.getByTestId('modifier-dialog').count()) > 0) await completeModifiers(page);
	await until(async () => (await page.getByTestId('cart-lines').locator('li.line').count()) > before);
}

/** Answers the approval dialog with a PIN; `refused` expects the wrong-PIN-or-role message and the dialog to stay. */
async function givePin(pin: string, action: string, refused = false): Promise<void> {
	const dialog = page.getByTestId('approval-dialog');
	await dialog.waitFor();
	expect(await dialog.getAttribute('data-action')).toBe(action);
	await page.getByTestId('pin-input').fill(pin);
	await page.getByTestId('pin-submit').click();
	if (refused) await page.getByTestId('pin-dialog').getByRole('alert').waitFor();
	else await dialog.waitFor({ state: 'detached' });
}

/** An ad-hoc discount through the dialog (opened by the caller). */
async function typeDiscount(kind: 'percent' | 'amount', value: string, name: string): Promise<void> {
	await page.getByTestId('discount-dialog').waitFor();
	await page.getByTestId(`discount-kind-${kind}`).check();
	await page.getByTestId('discount-value').fill(value);
	await page.getByTestId('discount-name').fill(name);
	await page.getByTestId('discount-apply').click();
}

const localOrder = (localId: string) =>
	page.evaluate<OrderDoc | null, string>(async (id) => {
		const doc = await window.__kasir!.db.orders.findOne(id).exec();
		return doc ? doc.toMutableJSON() : null;
	}, localId);

async function allSent(): Promise<void> {
	await until(async () => (await page.getByTestId('pending-count').getAttribute('data-count')) === '0', {
		what: 'every order and transaction sent to the cloud'
	});
}

type CloudOrder = {
	local_id: string;
	total_amount: number;
	status: string;
	items: StoredOrderItem[];
	cashier_name: string | null;
	staff_id: string | null;
	voided_by: string | null;
	discount_amount: number;
	discount: OrderDoc['discount'];
};

/** What the cloud holds for these orders (the server halts: PGlite has one process), with their transactions. */
async function cloud(localIds: string[]) {
	await server.halt();
	const db = await openDb({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
	try {
		const { rows: orders } = await db.query<CloudOrder>(
			`select local_id, total_amount::int as total_amount, status, items, cashier_name, staff_id, voided_by,
			        discount_amount::int as discount_amount, discount
			   from orders where local_id = any($1::text[]) order by local_id`,
			[localIds]
		);
		const { rows: transactions } = await db.query<{
			order_id: string;
			total_amount: number;
			cashier_name: string | null;
		}>(
			'select order_id, total_amount::int as total_amount, cashier_name from transactions where order_id = any($1::text[])',
			[localIds]
		);
		return { orders, transactions };
	} finally {
		await db.close();
		await server.restart();
	}
}

async function payCash(opened = false): Promise<string> {
	if (!opened) await page.getByTestId('pay').click();
	await page.getByTestId('payment-dialog').waitFor();
	await page.getByTestId('payment-dialog').locator('[data-testid^="quick-"]').last().click();
	await page.getByTestId('pay-confirm').click();
	await page.waitForURL(/\/receipt\//);
	await page.getByTestId('receipt').waitFor();
	return decodeURIComponent(new URL(page.url()).pathname.split('/').filter(Boolean).pop() ?? '');
}

const ids: { voided?: string; discounted?: string } = {};

describe('till staff and discounts', () => {
	it('a cashier signs in with their PIN; a void needs a supervisor', { timeout: 600_000 }, async () => {
		page = await context.newPage();
		errors = collectPageErrors(page);
		await page.setViewportSize(TABLET);
		await setupThroughWizard(page, server.url);

		// Staff are configured: nobody sells before signing in.
		const signIn = page.getByTestId('staff-signin');
		await signIn.waitFor();
		await shoot('till-staff-01-signin');
		await expectAccessible();
		await page.getByTestId('staff-pin').fill('9999');
		await page.getByTestId('staff-signin-submit').click();
		await signIn.getByRole('alert').waitFor();
		await page.getByTestId('staff-pin').fill(CASHIER.pin);
		await page.getByTestId('staff-signin-submit').click();
		await signIn.waitFor({ state: 'detached' });
		const current = page.getByTestId('staff-current');
		await expect(current.getAttribute('data-staff-id')).resolves.toBe(CASHIER.id);
		await expect(current.textContent()).resolves.toContain(CASHIER.name);
		await shoot('till-staff-02-signed-in');

		// A sale by Sari, then she tries to void it: her role is not enough, her own PIN is refused, Budi's is taken.
		await addProduct(0);
		ids.voided = await payCash();
		await page.getByTestId('new-sale').click();
		await page.getByRole('link', { name: /Pesanan/ }).click();
		await page.getByTestId(`void-${ids.voided}`).click();
		await page.getByTestId('approval-dialog').waitFor();
		await givePin(CASHIER.pin, 'void', true);
		await shoot('till-staff-03-approval-refused');
		await expectAccessible();
		await givePin(SUPERVISOR.pin, 'void');
		await page.getByTestId('void-reason').fill('salah input');
		await page.getByTestId('void-confirm').click();
		await page.getByTestId('void-dialog').waitFor({ state: 'detached' });
		await until(async () => (await localOrder(ids.voided ?? ''))?.status === 'void');
		const voided = await localOrder(ids.voided);
		expect(voided).toMatchObject({
			cashier_name: CASHIER.name,
			staff_id: CASHIER.id,
			voided_by: SUPERVISOR.name,
			voided_by_id: SUPERVISOR.id
		});
		expect(voided?.payments[0]?.cashier_name).toBe(CASHIER.name);

		// Switching cashier: the supervisor signs in over Sari.
		await current.click();
		await signIn.waitFor();
		await page.getByTestId('staff-pin').fill(SUPERVISOR.pin);
		await page.getByTestId('staff-signin-submit').click();
		await signIn.waitFor({ state: 'detached' });
		await expect(current.getAttribute('data-staff-id')).resolves.toBe(SUPERVISOR.id);
		// And back to Sari for the discounts.
		await current.click();
		await page.getByTestId('staff-pin').fill(CASHIER.pin);
		await page.getByTestId('staff-signin-submit').click();
		await signIn.waitFor({ state: 'detached' });
		await expect(current.getAttribute('data-staff-id')).resolves.toBe(CASHIER.id);
		expect(errors).toEqual([]);
	});

	it(
		'discounts with and without a PIN reach the cloud once, with the totals the domain computes',
		{ timeout: 600_000 },
		async () => {
			await page.getByRole('link', { name: /Jual/ }).click();
			await page.getByTestId('product-grid').waitFor();
			await addProduct(1);
			await addProduct(2);
			const lines = page.getByTestId('cart-lines').locator('li.line');

			// Line 1: 5 % typed ad hoc, within the 10 % limit: no PIN.
			await lines.nth(0).locator('button.name').click();
			await lines.nth(0).getByTestId('line-discount').click();
			await typeDiscount('percent', '5', 'Promo');
			await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
			await lines.nth(0).getByTestId('line-discount-amount').waitFor();

			// Line 2: 50 % ad hoc, above the limit: the cashier's PIN is refused, the supervisor approves.
			await lines.nth(1).locator('button.name').click();
			await lines.nth(1).getByTestId('line-discount').click();
			await typeDiscount('percent', '50', 'Rusak');
			await givePin(CASHIER.pin, 'discount_over_limit', true);
			await givePin(SUPERVISOR.pin, 'discount_over_limit');
			await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
			await lines.nth(1).getByTestId('line-discount-amount').waitFor();

			// The whole order: the outlet's "Member" preset, no PIN.
			await page.getByTestId('order-discount').click();
			await page.getByTestId('discount-dialog').waitFor();
			await shoot('till-staff-04-discount-dialog');
			await expectAccessible();
			await page.locator('[data-testid="discount-preset"][data-id="member"]').click();
			await page.getByTestId('discount-dialog').waitFor({ state: 'detached' });
			await page.getByTestId('cart-discount').waitFor();
			await shoot('till-staff-05-cart-discounts');
			const shownTotal = Number(await page.getByTestId('cart-total').getAttribute('data-amount'));
			const shownDiscount = Number(await page.getByTestId('cart-discount').getAttribute('data-amount'));

			// The payment dialog shows what the discounts take off, from the cart's totals.
			await page.getByTestId('pay').click();
			const payDiscount = page.getByTestId('pay-discount');
			await payDiscount.waitFor();
			expect(Number(await payDiscount.getAttribute('data-amount'))).toBe(shownDiscount);
			expect(Number((await page.getByTestId('pay-total').textContent())?.replace(/\D/g, ''))).toBe(
				shownTotal
			);
			await shoot('till-staff-07-payment-discount');
			ids.discounted = await payCash(true);
			await expect(page.getByTestId('receipt').textContent()).resolves.toMatch(/Diskon Member/);
			await shoot('till-staff-06-receipt-discounts');

			const order = await localOrder(ids.discounted);
			if (!order) throw new Error('the paid order is not stored');
			const settings = validateChargeSettings({ tax_rate: taxRate, service_rate: serviceRate });
			if (!settings.ok) throw new Error('bad charge settings');
			const expected = discountedTotals(linesFromOrderItems(order.items), order.discount, settings.value);
			expect(order.total_amount).toBe(expected.total);
			expect(order.total_amount).toBe(shownTotal);
			expect(order.discount_amount).toBe(expected.discount);
			expect(order.discount_amount).toBe(shownDiscount);
			expect(order.subtotal - (order.discount_amount ?? 0) + order.service_amount + order.tax_amount).toBe(
				order.total_amount - order.rounding_amount
			);
			expect(order.items[0]?.discount).toMatchObject({ kind: 'percent', value: 5, approved_by: null });
			expect(order.items[1]?.discount).toMatchObject({
				kind: 'percent',
				value: 50,
				given_by: CASHIER.name,
				approved_by: SUPERVISOR.name,
				approved_by_id: SUPERVISOR.id
			});
			expect(order.discount).toMatchObject({ preset_id: 'member', kind: 'percent', value: 10 });

			await allSent();
			const c = await cloud([ids.voided ?? '', ids.discounted]);
			expect(c.orders.map((o) => o.local_id).sort()).toEqual([ids.voided, ids.discounted].sort());
			const sold = c.orders.find((o) => o.local_id === ids.discounted);
			expect(sold).toMatchObject({
				status: 'paid',
				total_amount: expected.total,
				discount_amount: expected.discount,
				cashier_name: CASHIER.name,
				staff_id: CASHIER.id
			});
			expect(sold?.discount).toMatchObject({ preset_id: 'member' });
			expect(sold?.items.map((i) => (i as { discount_amount?: number }).discount_amount)).toEqual(
				order.items.map((i) => i.discount_amount)
			);
			const gone = c.orders.find((o) => o.local_id === ids.voided);
			expect(gone).toMatchObject({ status: 'void', voided_by: SUPERVISOR.name, cashier_name: CASHIER.name });
			const txs = c.transactions.filter((t) => t.order_id === ids.discounted);
			expect(txs).toEqual([
				{ order_id: ids.discounted, total_amount: expected.total, cashier_name: CASHIER.name }
			]);
			expect(errors).toEqual([]);
		}
	);
});

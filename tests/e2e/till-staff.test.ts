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
import { seriousViolations, setupThroughWizard, until } from './pos-support.ts';
import {
	ApprovalDialog,
	OrdersScreen,
	PaymentDialog,
	SellingScreen,
	shown,
	StaffSignIn,
	waitPendingZero
} from './pages/index.ts';

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

/** Answers the approval dialog with a PIN after checking what it asks for; `refused` expects the dialog to stay. */
async function givePin(pin: string, action: string, refused = false): Promise<void> {
	const approval = new ApprovalDialog(page);
	await approval.waitOpen();
	expect(await approval.action()).toBe(action);
	await approval.give(pin, refused);
}

const localOrder = (localId: string) =>
	page.evaluate<OrderDoc | null, string>(async (id) => {
		const doc = await (await window.__kasir!.database()).orders.findOne(id).exec();
		return doc ? doc.toMutableJSON() : null;
	}, localId);

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

/** Pays by the largest quick-cash note (opening the dialog unless `opened`) and returns the order's id from its receipt. */
async function payCash(opened = false): Promise<string> {
	const payment = opened ? new PaymentDialog(page) : await new SellingScreen(page).openPayment();
	await payment.waitOpen();
	await payment.quickCashLargest();
	return payment.confirmToReceipt();
}

const ids: { voided?: string; discounted?: string } = {};

describe('till staff and discounts', () => {
	it('a cashier signs in with their PIN; a void needs a supervisor', { timeout: 600_000 }, async () => {
		page = await context.newPage();
		errors = collectPageErrors(page);
		await page.setViewportSize(TABLET);
		await setupThroughWizard(page, server.url);
		const staff = new StaffSignIn(page);
		const sell = new SellingScreen(page);
		const orders = new OrdersScreen(page);

		// Staff are configured: nobody sells before signing in.
		await staff.waitOpen();
		await shoot('till-staff-01-signin');
		await expectAccessible();
		await staff.enter('9999');
		await staff.waitRefused();
		await staff.signIn(CASHIER.pin);
		await expect(staff.currentId()).resolves.toBe(CASHIER.id);
		await expect(staff.current.textContent()).resolves.toContain(CASHIER.name);
		await shoot('till-staff-02-signed-in');

		// A sale by Sari, then she tries to void it: her role is not enough, her own PIN is refused, Budi's is taken.
		await sell.addNth(0);
		ids.voided = await payCash();
		await page.getByTestId('new-sale').click();
		await orders.open();
		await orders.startVoid(ids.voided);
		await new ApprovalDialog(page).waitOpen();
		await givePin(CASHIER.pin, 'void', true);
		await shoot('till-staff-03-approval-refused');
		await expectAccessible();
		await givePin(SUPERVISOR.pin, 'void');
		await orders.confirmVoid(ids.voided, 'salah input');
		await shown(page.getByTestId('void-dialog'), 'orders screen', 'the void dialog to close', {
			state: 'detached'
		});
		await until(async () => (await localOrder(ids.voided ?? ''))?.status === 'void', {
			what: `order ${ids.voided} stored as void`
		});
		const voided = await localOrder(ids.voided);
		expect(voided).toMatchObject({
			cashier_name: CASHIER.name,
			staff_id: CASHIER.id,
			voided_by: SUPERVISOR.name,
			voided_by_id: SUPERVISOR.id
		});
		expect(voided?.payments[0]?.cashier_name).toBe(CASHIER.name);

		// Switching cashier: the supervisor signs in over Sari.
		await staff.switchCashier();
		await staff.waitOpen();
		await staff.signIn(SUPERVISOR.pin);
		await expect(staff.currentId()).resolves.toBe(SUPERVISOR.id);
		// And back to Sari for the discounts.
		await staff.switchCashier();
		await staff.signIn(CASHIER.pin);
		await expect(staff.currentId()).resolves.toBe(CASHIER.id);
		expect(errors).toEqual([]);
	});

	it(
		'discounts with and without a PIN reach the cloud once, with the totals the domain computes',
		{ timeout: 600_000 },
		async () => {
			const sell = new SellingScreen(page);
			await page.getByRole('link', { name: /Jual/ }).click();
			await sell.waitReady();
			await sell.addNth(1);
			await sell.addNth(2);

			// Line 1: 5 % typed ad hoc, within the 10 % limit: no PIN.
			const first = await sell.openLineDiscount(0);
			await first.typed('percent', '5', 'Promo');
			await first.waitClosed();
			await sell.waitLineDiscount(0);

			// Line 2: 50 % ad hoc, above the limit: the cashier's PIN is refused, the supervisor approves.
			const second = await sell.openLineDiscount(1);
			await second.typed('percent', '50', 'Rusak');
			await givePin(CASHIER.pin, 'discount_over_limit', true);
			await givePin(SUPERVISOR.pin, 'discount_over_limit');
			await second.waitClosed();
			await sell.waitLineDiscount(1);

			// The whole order: the outlet's "Member" preset, no PIN.
			const whole = await sell.openOrderDiscount();
			await shoot('till-staff-04-discount-dialog');
			await expectAccessible();
			await whole.preset('member');
			await whole.waitClosed();
			const shownDiscount = await sell.orderDiscount();
			await shoot('till-staff-05-cart-discounts');
			const shownTotal = await sell.totalAmount();

			// The payment dialog shows what the discounts take off, from the cart's totals.
			const payment = await sell.openPayment();
			expect(await payment.discount()).toBe(shownDiscount);
			expect(await payment.total()).toBe(shownTotal);
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

			await waitPendingZero(page);
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

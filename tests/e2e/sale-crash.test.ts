// A power cut at every step of the pay path: the browser (every process) is SIGKILLed while the sale is parked at a cut point
// (see src/lib/services/cut-points.ts), relaunched on the same profile, repaired at start, then synced. The till and the cloud
// hold the whole sale or none of it, never a paid order without its payment, never two; a sale cut before its write is still in
// the cart with the same number and pays once; order numbers stay gap-free. Reloading at the same moments must give the same.
// CI runs a sample of cut points; `npm run test:chaos` runs every cut point KASIR_CHAOS_RUNS times.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import type { TestServer } from '../helpers/server.ts';
import { parseOrderNumber } from '../../src/lib/domain/order';
import { CUT_POINTS, type CutPoint } from '../../src/lib/services/cut-points';
import { launchKillable, type Killable } from './crash-support.ts';
import { setupThroughWizard, until } from './pos-support.ts';
import { addFirstProduct, cloudSales, drained, localSales, wholeSales } from './sale-support.ts';
import { SellingScreen } from './pages/index.ts';

const CHAOS = process.env.KASIR_CHAOS === '1';
const CUTS: readonly CutPoint[] = CHAOS
	? CUT_POINTS
	: ['checkout:after-counter', 'pay:before-write', 'pay:after-write'];
const RUNS = CHAOS ? Number(process.env.KASIR_CHAOS_RUNS ?? 3) : 1;
/** Cut before the order document is written: the sale must still be in the cart afterwards. */
const BEFORE_WRITE = new Set<CutPoint>(['checkout:after-counter', 'pay:before-write']);

let server: TestServer;
let profile: string;
let till: Killable | null = null;
beforeAll(async () => {
	server = await startAppServer();
	profile = mkdtempSync(join(tmpdir(), 'kasir-crash-profile-'));
});
afterAll(async () => {
	await till?.kill().catch(() => {});
	await server?.stop().catch(() => {});
	if (profile) rmSync(profile, { recursive: true, force: true });
});

async function openTill(): Promise<Page> {
	till = await launchKillable(profile);
	const page = till.page;
	await page.goto(`${server.url}/`);
	await new SellingScreen(page).waitReady();
	return page;
}

async function paidCount(page: Page): Promise<number> {
	return (await localSales(page)).orders.filter((o) => o.status === 'paid').length;
}

/** The cart's draft (this tab's) holds at least one line: what a crash must not lose. */
async function draftSaved(page: Page): Promise<void> {
	await until(
		() =>
			page.evaluate(async () => {
				const docs = await (
					await window.__kasir!.database()
				).meta
					.find({ selector: { key: { $regex: '^draft:' } } })
					.exec();
				return docs.some(
					(d) => ((d.toJSON().value as { cart?: { lines?: unknown[] } }).cart?.lines?.length ?? 0) > 0
				);
			}),
		{ what: "the cart's draft saved with a line" }
	);
}

const cartNumber = (page: Page) => new SellingScreen(page).orderNumber();

/** Rings up a product and parks the pay path at `cut`; returns the order number shown for the sale (if known by then). */
async function payUntil(page: Page, cut: CutPoint): Promise<string | null> {
	const sell = new SellingScreen(page);
	await addFirstProduct(page);
	await draftSaved(page);
	const parked = page.waitForEvent('console', {
		predicate: (m) => m.text() === `kasir-cut:${cut}`,
		timeout: 60_000
	});
	if (cut === 'checkout:after-counter') {
		await page.evaluate((c) => (window.__kasirCut = c), cut);
		await sell.pressPay();
		await parked;
		return null;
	}
	const payment = await sell.openPayment();
	await payment.method('card');
	const number = await until(
		async () => {
			const n = await cartNumber(page);
			return n.startsWith('ORD-') ? n : null;
		},
		{ what: 'selling screen: the order number reserved at checkout' }
	);
	await page.evaluate((c) => (window.__kasirCut = c), cut);
	await payment.pressConfirm();
	await parked;
	return number;
}

async function payCart(page: Page): Promise<void> {
	const sell = new SellingScreen(page);
	const payment = await sell.openPayment();
	await payment.method('card');
	await payment.confirm();
	await sell.newSale();
}

/** After the interruption: whole sales only, and the interrupted sale is there once (or still in the cart, same number). */
async function checkAfter(
	page: Page,
	cut: CutPoint,
	number: string | null,
	paidBefore: number,
	label: string
): Promise<void> {
	const local = await localSales(page);
	expect(wholeSales(local), label).toEqual([]);
	const numbers = local.orders.map((o) => o.order_number);
	expect(new Set(numbers).size, label).toBe(numbers.length);
	if (BEFORE_WRITE.has(cut)) {
		expect(
			local.orders.filter((o) => o.status === 'paid'),
			label
		).toHaveLength(paidBefore);
		// The sale survived in the cart; paying it completes that same sale.
		await until(async () => (await new SellingScreen(page).lineCount()) > 0, {
			what: 'selling screen: the interrupted sale back in the cart'
		});
		if (number) expect(await cartNumber(page), label).toBe(number);
		await payCart(page);
		expect(await paidCount(page), label).toBe(paidBefore + 1);
	} else {
		expect(
			local.orders.filter((o) => o.status === 'paid'),
			label
		).toHaveLength(paidBefore + 1);
		expect(numbers, label).toContain(number);
		// Nothing is left in the cart to pay a second time.
		expect(await new SellingScreen(page).lineCount(), label).toBe(0);
	}
	expect(wholeSales(await localSales(page)), label).toEqual([]);
}

async function expectGapFreeAndSynced(page: Page, restartServer: boolean): Promise<void> {
	await drained(page);
	const local = await localSales(page);
	const running = local.orders
		.map((o) => parseOrderNumber(o.order_number))
		.filter((p) => p !== null)
		.map((p) => p.running_number)
		.sort((a, b) => a - b);
	expect(running).toEqual(running.map((_, i) => i + 1));
	await till?.kill();
	till = null;
	const cloud = await cloudSales(server, restartServer);
	expect(wholeSales(cloud)).toEqual([]);
	expect(cloud.orders.map((o) => o.local_id).sort()).toEqual(local.orders.map((o) => o.local_id).sort());
	expect(cloud.transactions.map((t) => t.local_id).sort()).toEqual(
		local.transactions.map((t) => t.local_id).sort()
	);
	expect(cloud.orders.map((o) => o.order_number).sort()).toEqual(
		local.orders.map((o) => o.order_number).sort()
	);
}

describe('a sale is all or nothing across a crash or a reload', () => {
	it(
		`kill -9 at ${CUTS.length} cut points × ${RUNS}, relaunch: whole sale or none, never two, numbers gap-free`,
		{ timeout: 3_600_000 },
		async () => {
			till = await launchKillable(profile);
			await setupThroughWizard(till.page, server.url);
			let page = till.page;
			let passed = 0;
			for (let run = 0; run < RUNS; run++)
				for (const cut of CUTS) {
					const label = `kill at ${cut} (run ${run + 1})`;
					const before = await paidCount(page);
					const number = await payUntil(page, cut);
					await till.kill();
					page = await openTill();
					await checkAfter(page, cut, number, before, label);
					passed++;
				}
			console.info(`sale-crash: ${passed} kills passed (${CUTS.length} cut points × ${RUNS} runs)`);
			await expectGapFreeAndSynced(page, true);

			// The same moments, interrupted by a reload instead (a pull-to-refresh, an update): same guarantees.
			page = await openTill();
			for (let run = 0; run < RUNS; run++)
				for (const cut of CUTS) {
					const label = `reload at ${cut} (run ${run + 1})`;
					const before = await paidCount(page);
					const number = await payUntil(page, cut);
					await page.reload();
					await new SellingScreen(page).waitReady();
					await checkAfter(page, cut, number, before, label);
					passed++;
				}
			console.info(`sale-crash: ${passed} interruptions passed in all`);
			await expectGapFreeAndSynced(page, false);
		}
	);
});

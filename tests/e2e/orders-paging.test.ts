// The orders screen over a busy day in Chromium: it shows the newest 50 of today's orders first (read backwards through
// the [business_date, created_at] index in the browser's own IndexedDB), the day's exact count and paid total, grows when
// its end scrolls into view or "show earlier orders" is tapped, and stays live (a new sale on top, a void in place). Its
// first render already holds the first page and the paid total (read before the screen renders).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appHarness } from '../helpers/app';
import { collectPageErrors } from '../helpers/browser';
import { businessDate, dayStartOf } from '../../src/lib/domain/business-day';
import type { OrderDoc } from '../../src/lib/db/types';
import { DEMO, insertOrders, makeOrders } from './replication-support';
import { setupThroughWizard } from './pos-support';
import { OrdersScreen } from './pages/index.ts';
import { waitOn } from './pages/wait.ts';

const app = appHarness();

const DAY_ORDERS = 130;

/** The ids of the rows the screen shows, top to bottom. */
const shownIds = (page: Page) =>
	page.locator('tr[data-order]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order') ?? ''));

const summary = (page: Page) =>
	page.getByTestId('orders-summary').evaluate((el) => ({
		count: Number(el.getAttribute('data-count')),
		paid: el.getAttribute('data-paid')
	}));

describe('orders screen over a busy day', () => {
	it('newest 50 first with the exact count and paid total; grows a page at a time; stays live', async () => {
		const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		const errors = collectPageErrors(page);
		await setupThroughWizard(page, app.server.url);
		const outlet = await page.evaluate(async (code) => {
			const s = (
				await (await window.__kasir!.database()).stores.findOne({ selector: { code } }).exec()
			)?.toJSON();
			return { id: s?.id ?? '', timezone: s?.timezone ?? '', config: s?.config ?? {} };
		}, DEMO.outletCode);
		const today = businessDate(new Date(), outlet.timezone || 'Asia/Jakarta', dayStartOf(outlet.config));
		const now = Date.now();
		// A busy day: one order a minute, a void every 9th, one held every 13th, and yesterday's orders beside them.
		const day: OrderDoc[] = makeOrders(outlet.id, DAY_ORDERS, 9_000).map((o, i) => {
			const at = new Date(now - (i + 5) * 60_000).toISOString();
			const status = i % 9 === 4 ? 'void' : i % 13 === 6 ? 'open' : 'paid';
			return { ...o, business_date: today, created_at: at, updated_at: at, status };
		});
		const yesterday = makeOrders(outlet.id, 20, 9_500).map((o) => ({
			...o,
			business_date: '2000-01-01'
		}));
		await insertOrders(page, [...day, ...yesterday]);
		const newest = [...day].sort((a, b) => b.created_at.localeCompare(a.created_at)).map((o) => o.local_id);
		const paidOf = (orders: OrderDoc[]) =>
			orders.filter((o) => o.status === 'paid').reduce((s, o) => s + o.total_amount, 0);

		// What the screen shows when its table first appears: its route read the first page and paid total before the
		// screen rendered, so it draws once with them, never an empty list first.
		await page.evaluate(() => {
			const w = window as unknown as {
				__firstTable?: { rows: number; count: string | null; paid: string | null };
			};
			new MutationObserver((_, observer) => {
				if (!document.querySelector('[data-testid="orders-table"]')) return;
				const summary = document.querySelector('[data-testid="orders-summary"]');
				w.__firstTable = {
					rows: document.querySelectorAll('tr[data-order]').length,
					count: summary?.getAttribute('data-count') ?? null,
					paid: summary?.getAttribute('data-paid') ?? null
				};
				observer.disconnect();
			}).observe(document.body, { childList: true, subtree: true });
		});
		const screen = new OrdersScreen(page);
		await screen.open();
		expect(await page.evaluate(() => (window as unknown as { __firstTable?: unknown }).__firstTable)).toEqual(
			{
				rows: 50,
				count: String(DAY_ORDERS),
				paid: String(paidOf(day))
			}
		);
		await screen.waitCount({}, 50);
		expect(await shownIds(page)).toEqual(newest.slice(0, 50));
		await waitOn('orders screen', 'the paid total', async () => (await summary(page)).paid !== '');
		expect(await summary(page)).toEqual({ count: DAY_ORDERS, paid: String(paidOf(day)) });

		// "Show earlier orders" tapped while the list's end is far below the screen: one page more, in order. (Dispatched:
		// a real click scrolls the button into view first, which asks for the page by itself.)
		await page.getByTestId('orders-more').dispatchEvent('click');
		await screen.waitCount({}, 100);
		expect(await shownIds(page)).toEqual(newest.slice(0, 100));
		// The list's end scrolled into view: the rest of the day, and no more to offer.
		await page.getByTestId('orders-more').scrollIntoViewIfNeeded();
		await screen.waitCount({}, DAY_ORDERS);
		expect(await shownIds(page)).toEqual(newest);
		expect(await page.getByTestId('orders-more').count()).toBe(0);

		// A new sale appears on top; a shown paid order voided elsewhere changes in place; count and total follow.
		const sale = makeOrders(outlet.id, 1, 9_900).map((o) => ({ ...o, business_date: today }))[0]!;
		await insertOrders(page, [sale]);
		const voided = day.find((o, i) => i > 60 && o.status === 'paid')!;
		await page.evaluate(async (id) => {
			const doc = await (await window.__kasir!.database()).orders.findOne(id).exec();
			await doc!.incrementalPatch({ status: 'void', void_reason: 'e2e' });
		}, voided.local_id);
		const after = [
			sale,
			...day.map((o) => (o.local_id === voided.local_id ? { ...o, status: 'void' as const } : o))
		];
		await waitOn('orders screen', 'the new sale and the void', async () => {
			const s = await summary(page);
			return s.count === DAY_ORDERS + 1 && s.paid === String(paidOf(after));
		});
		await waitOn(
			'orders screen',
			'the void in place',
			async () => (await screen.status(voided.local_id)) === 'void'
		);
		expect((await shownIds(page))[0]).toBe(sale.local_id);
		expect(await screen.count()).toBe(DAY_ORDERS + 1);
		expect(errors).toEqual([]);
		await context.close();
	});
});

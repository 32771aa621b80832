// Shared open orders: two Chromium tablets (two browser contexts, each set up as its own till) against one server with
// SHARE_OPEN_ORDERS=1 (what an outlet edge runs). An order held on A appears on B naming A; B pays it; A sees it paid;
// the server holds it once with B's payment. Both tablets editing one open order → a conflict on the conflicts screen,
// resolved, one final version on the server and on both tablets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SharedOrdersResponse } from '../../src/lib/contract/cloud.ts';
import type { OrderDoc } from '../../src/lib/db/types';
import { startAppServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { ConflictsScreen, SellingScreen, shown } from './pages/index.ts';
import { setUpTablet, until, type Tablet as BaseTablet } from './pos-support.ts';
import { addFirstProduct, cloudSales, localSales } from './sale-support.ts';
import { clientGoto } from './shift-support.ts';

const PIN = '2468';
const KEY = 'demo-key-jkt-001';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
	server = await startAppServer({ env: { SHARE_OPEN_ORDERS: '1' } });
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close().catch(() => {});
	await server?.stop().catch(() => {});
});

interface Tablet extends BaseTablet {
	sell: SellingScreen;
}

async function tablet(): Promise<Tablet> {
	const t = await setUpTablet(browser, server.url, PIN);
	return { ...t, sell: new SellingScreen(t.page) };
}

const orderOn = async (t: Tablet, localId: string): Promise<OrderDoc | undefined> =>
	(await localSales(t.page)).orders.find((o) => o.local_id === localId);

/** Rings up one product with a table and holds it; answers the held order as stored on the tablet. */
async function holdAt(t: Tablet, table: string): Promise<OrderDoc> {
	const before = new Set((await localSales(t.page)).orders.map((o) => o.local_id));
	await addFirstProduct(t.page);
	await t.sell.setTable(table);
	await t.sell.hold();
	return until(async () => (await localSales(t.page)).orders.find((o) => !before.has(o.local_id)), {
		what: `the order held at ${table}`
	});
}

/** The server's copy of an order, through the shared-orders route with the outlet's key. */
async function serverOrders(outletId: string, localId: string) {
	const r = await fetch(`${server.url}/api/v1/outlets/${outletId}/orders?limit=5000`, {
		headers: { Authorization: `Bearer ${KEY}`, 'X-Outlet-ID': outletId, 'X-Outlet-Code': 'JKT-001' }
	});
	return SharedOrdersResponse.parse(await r.json()).data.orders.filter((o) => o.local_id === localId);
}

describe('shared open orders across two tablets', () => {
	it(
		'held on A appears on B naming A; B pays it; A sees it paid; then one order edited on both is a conflict resolved once',
		{ timeout: 600_000 },
		async () => {
			const a = await tablet();
			const b = await tablet();

			// --- Held on A, seen on B (open orders dialog and tables), paid on B, seen paid on A ---
			const held = await holdAt(a, 'A-04');
			const device = held.order_number.split('-').at(-2) ?? '';
			expect(device).not.toBe('');
			const heldAt = Date.now();
			await until(async () => (await orderOn(b, held.local_id))?.status === 'open', {
				what: "A's held order on tablet B"
			});
			console.log(`[figure] order held on tablet A → in tablet B's database: ${Date.now() - heldAt} ms`);
			// The table is taken on B too, naming A's tablet.
			await clientGoto(b.page, '/tables');
			const tableOnB = b.page.locator('[data-testid="tables"] button[data-table="A-04"]');
			await shown(tableOnB.getByTestId('table-origin'), 'tables screen', "table A-04 naming A's tablet");
			expect(await tableOnB.getAttribute('data-state')).toBe('occupied');
			await clientGoto(b.page, '/');
			await b.sell.waitReady();
			await b.page.getByTestId('recall').click();
			const entry = b.page.getByTestId('open-orders').locator('button', { hasText: held.order_number });
			await shown(
				entry.getByTestId('open-order-origin'),
				'open orders dialog',
				"the label naming A's tablet"
			);
			expect(await entry.getByTestId('open-order-origin').getAttribute('data-device')).toBe(device);
			await entry.click();
			await until(async () => (await b.sell.lineCount()) > 0, { what: "A's order recalled into B's cart" });
			const pay = await b.sell.openPayment();
			await pay.method('card');
			await pay.confirm();
			const paidAt = Date.now();
			await b.page.getByTestId('new-sale').click();
			const paidOnA = await until(
				async () => {
					const o = await orderOn(a, held.local_id);
					return o?.status === 'paid' ? o : null;
				},
				{ what: 'the order paid on B, seen paid on tablet A' }
			);
			console.log(`[figure] order paid on tablet B → paid in tablet A's database: ${Date.now() - paidAt} ms`);
			expect(paidOnA.payments).toHaveLength(1);
			// A's floor frees the table.
			await clientGoto(a.page, '/tables');
			const tableOnA = a.page.locator('[data-testid="tables"] button[data-table="A-04"]');
			await until(async () => (await tableOnA.getAttribute('data-state')) === 'free', {
				what: 'table A-04 free on tablet A'
			});
			await clientGoto(a.page, '/');
			await a.sell.waitReady();
			expect(paidOnA.sync_status).toBe('synced');
			const onServer = await until(
				async () => {
					const list = await serverOrders(held.outlet_id, held.local_id);
					return list[0]?.status === 'paid' ? list : null;
				},
				{ what: 'the server holding the order paid' }
			);
			expect(onServer).toHaveLength(1);
			expect(onServer[0]?.shared?.device_code).not.toBe(device);

			// --- Both tablets edit one open order: A offline meanwhile, so its edit is based on the old version ---
			const shared = await holdAt(a, 'A-05');
			await until(async () => (await orderOn(b, shared.local_id))?.status === 'open', {
				what: 'the second order on tablet B'
			});
			await a.context.setOffline(true);
			await b.sell.recall(shared.order_number);
			await addFirstProduct(b.page, 1);
			await b.sell.hold();
			await until(async () => (await serverOrders(shared.outlet_id, shared.local_id))[0]?.version === 2, {
				what: "B's edit stored on the server"
			});
			await a.sell.recall(shared.order_number);
			await addFirstProduct(a.page, 2);
			await a.sell.hold();
			await a.context.setOffline(false);

			await clientGoto(a.page, '/conflicts');
			const conflicts = new ConflictsScreen(a.page);
			await conflicts.unlock(PIN);
			await conflicts.waitCard(shared.local_id);
			await conflicts.resolve(shared.local_id, 'local_wins');
			const final = await until(
				async () => {
					const list = await serverOrders(shared.outlet_id, shared.local_id);
					return list.length === 1 && (list[0]?.version ?? 0) > 2 ? list[0] : null;
				},
				{ what: 'the resolved order on the server' }
			);
			const mineOnA = await until(
				async () => {
					const o = await orderOn(a, shared.local_id);
					return o?.version === final.version ? o : null;
				},
				{ what: 'tablet A on the resolved version' }
			);
			const onB = await until(
				async () => {
					const o = await orderOn(b, shared.local_id);
					return o?.version === final.version ? o : null;
				},
				{ what: 'tablet B on the resolved version' }
			);
			// Keep mine: A's lines won, everywhere.
			expect(onB.items.map((i) => i.product_name)).toEqual(mineOnA.items.map((i) => i.product_name));
			expect(final.items.map((i) => i.product_name)).toEqual(mineOnA.items.map((i) => i.product_name));
			expect(final.total_amount).toBe(mineOnA.total_amount);
			expect(onB.total_amount).toBe(mineOnA.total_amount);
			for (const t of [a, b]) expect(t.errors).toEqual([]);

			// The server holds each order once, and the first one with the one payment B took.
			const cloud = await cloudSales(server, false);
			expect(cloud.orders.filter((o) => o.local_id === held.local_id)).toHaveLength(1);
			expect(cloud.orders.filter((o) => o.local_id === shared.local_id)).toHaveLength(1);
			const payments = cloud.transactions.filter((x) => x.order_id === held.local_id);
			expect(payments).toHaveLength(1);
			expect(payments[0]?.total_amount).toBe(paidOnA.total_amount);
		}
	);
});

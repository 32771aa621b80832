// Helpers for the sale-integrity e2e files: ring up and pay a sale through the UI, read the till's local sales, and read what the
// cloud holds (the server's own database, opened after the server is halted).
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open.ts';
import type { OrderDoc, TransactionDoc } from '../../src/lib/db/types';
import type { TestServer } from '../helpers/server.ts';
import { until } from './pos-support.ts';
import { SellingScreen } from './pages/selling-screen.ts';
import { allSent } from './pages/settings-screen.ts';

/** Adds the first available product (completing its modifiers) to the cart. */
export async function addFirstProduct(page: Page, nth = 0): Promise<void> {
	const sell = new SellingScreen(page);
	await sell.waitReady();
	await sell.grid.locator('button[data-sku]:not([disabled])').nth(nth).click();
	if (
		await page
			.getByTestId('modifier-dialog')
			.isVisible()
			.catch(() => false)
	)
		await sell.pickModifiers();
}

/** Rings up one product and pays by card through the UI; back on the selling screen afterwards. */
export async function sellOne(page: Page, nth = 0): Promise<void> {
	await addFirstProduct(page, nth);
	const sell = new SellingScreen(page);
	const payment = await sell.openPayment();
	await payment.method('card');
	await payment.confirm();
	await page.getByTestId('new-sale').click();
	await sell.waitReady();
}

export interface LocalSales {
	orders: OrderDoc[];
	transactions: TransactionDoc[];
}

export async function localSales(page: Page): Promise<LocalSales> {
	return page.evaluate(async () => {
		const db = await window.__kasir!.database();
		return {
			orders: (await db.orders.find().exec()).map((d) => d.toMutableJSON()),
			transactions: (await db.transactions.find().exec()).map((d) => d.toMutableJSON())
		};
	});
}

/** Waits until nothing is waiting to be sent (`allSent`: the top bar's pending badge at 0, no document still pending). */
export async function drained(page: Page): Promise<void> {
	await until(() => allSent(page), {
		what: 'top bar: the pending badge at 0 and no order or transaction pending (everything sent)'
	});
}

export interface CloudSales {
	orders: { local_id: string; order_number: string | null; total_amount: number; status: string }[];
	transactions: { local_id: string; order_id: string; total_amount: number }[];
}

/** What the cloud holds: halts the server (PGlite has one process), reads its database, and starts it again if asked. */
export async function cloudSales(server: TestServer, restart = true): Promise<CloudSales> {
	await server.halt();
	const db = await openDb({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
	try {
		const { rows: orders } = await db.query<CloudSales['orders'][number]>(
			'select local_id, order_number, total_amount::int as total_amount, status from orders order by local_id'
		);
		const { rows: transactions } = await db.query<CloudSales['transactions'][number]>(
			'select local_id, order_id, total_amount::int as total_amount from transactions order by local_id'
		);
		return { orders, transactions };
	} finally {
		await db.close();
		if (restart) await server.restart();
	}
}

/** Every paid order has exactly its payments as transactions, no transaction without its order, nothing twice. */
export function wholeSales(s: {
	orders: { local_id: string; status: string; total_amount: number }[];
	transactions: { local_id: string; order_id: string; total_amount: number }[];
}): string[] {
	const problems: string[] = [];
	const ids = new Set(s.orders.map((o) => o.local_id));
	if (ids.size !== s.orders.length) problems.push('an order twice');
	if (new Set(s.transactions.map((t) => t.local_id)).size !== s.transactions.length)
		problems.push('a transaction twice');
	for (const o of s.orders) {
		const txs = s.transactions.filter((t) => t.order_id === o.local_id);
		if (o.status === 'paid' && txs.length !== 1)
			problems.push(`paid order ${o.local_id} with ${txs.length} transactions`);
		if (o.status === 'paid' && txs[0] && Number(txs[0].total_amount) !== Number(o.total_amount))
			problems.push(`order ${o.local_id} paid ${txs[0].total_amount} of ${o.total_amount}`);
	}
	for (const t of s.transactions)
		if (!ids.has(t.order_id)) problems.push(`transaction ${t.local_id} without its order`);
	return problems;
}

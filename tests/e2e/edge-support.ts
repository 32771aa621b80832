// Helpers for the outlet-edge e2e (docs/edge.md): a tablet set up through the wizard against the edge's address, many
// paid sales stored as the till stores them (built with the domain's own builders, handed to the page's database in one
// bulk write, then pushed by the app's own replicator), and what the cloud and the edge hold (their own databases).
import type { BrowserContext, Page } from 'playwright-core';
import { openDb } from '../../server/db/open.ts';
import { uuidv7 } from '../../src/lib/domain/ids';
import { buildOrderPayload, orderNumber, paymentEntry } from '../../src/lib/domain/order';
import { businessDate } from '../../src/lib/domain/business-day';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';
import type { OrderDoc } from '../../src/lib/db/types';
import { EDGE_DEMO, type ServerProcess } from '../helpers/edge-rig.ts';
import { collectPageErrors } from '../helpers/browser.ts';
import { until } from '../helpers/wait.ts';
import { SetupWizard } from './pages/setup-wizard.ts';
import { allSent } from './pages/settings-screen.ts';
import { shown } from './pages/wait.ts';

export interface Tablet {
	name: string;
	context: BrowserContext;
	page: Page;
	errors: string[];
}

/** Walks the setup wizard on the app's origin, typing the edge's address as HO and cloud address. */
export async function setupAtEdge(page: Page, appUrl: string, edgeUrl: string, pin = '2468'): Promise<void> {
	const wizard = new SetupWizard(page);
	await wizard.open(appUrl);
	await wizard.hoUrl(edgeUrl);
	await wizard.logIn(EDGE_DEMO.username, EDGE_DEMO.password);
	await wizard.waitForStoreStep();
	await wizard.pickStore(EDGE_DEMO.outletCode);
	await wizard.storeNext();
	await shown(page.getByTestId('setup-cloud'), 'setup wizard', 'the cloud step');
	await page.getByTestId('cloud-url').fill(edgeUrl);
	await wizard.connectCloud(EDGE_DEMO.apiKey);
	await wizard.enterPin(pin);
	await wizard.sync();
	await wizard.done(appUrl);
}

export async function openTablet(name: string, context: BrowserContext, appUrl: string, edgeUrl: string) {
	const page = await context.newPage();
	const errors = collectPageErrors(page);
	await setupAtEdge(page, appUrl, edgeUrl);
	return { name, context, page, errors } satisfies Tablet;
}

interface TillIdentity {
	outlet_id: string;
	outlet_code: string;
	device_code: string;
	time_zone: string;
}

async function tillIdentity(page: Page): Promise<TillIdentity> {
	return page.evaluate(async () => {
		const k = window.__kasir!;
		const s = await k.worker.api.getSettings();
		const store = s.store_id ? await (await k.database()).stores.findOne(s.store_id).exec() : null;
		return {
			outlet_id: s.outlet_id,
			outlet_code: s.outlet_code,
			device_code: s.device_code,
			time_zone: store?.timezone || 'Asia/Jakarta'
		};
	});
}

/** `n` paid card sales of one product each, numbered from `from` under the till's own device code. */
export function paidSales(till: TillIdentity, n: number, from: number): OrderDoc[] {
	const now = new Date().toISOString();
	return Array.from({ length: n }, (_, k) => {
		const i = from + k;
		const price = 15000 + (i % 9) * 1000;
		const qty = 1 + (i % 3);
		const total = price * qty;
		const localId = uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
		const p = buildOrderPayload({
			context: {
				local_id: localId,
				outlet_id: till.outlet_id,
				outlet_code: till.outlet_code,
				table_number: null,
				pax: 1,
				version: 1,
				created_at: now,
				updated_at: now
			},
			lines: [
				{
					line_id: 'L1',
					product_id: 'p',
					product_name: 'Es Teh',
					category: 'Minuman',
					unit_price: price,
					qty,
					modifiers: [],
					note: '',
					destination: 'bar',
					status: 'served'
				}
			],
			totals: { total },
			status: 'paid',
			payment: { method: 'card', paid_at: now }
		});
		const paymentId = uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
		return {
			...p,
			order_number: orderNumber(now, till.time_zone, till.outlet_code, i, till.device_code),
			items: p.items.map((it) => ({ ...it, modifiers: [] })),
			payments: [
				paymentEntry(
					paymentId,
					{ method: 'card', amount: total, cash_amount: null, change_amount: null },
					now,
					EDGE_DEMO.username
				)
			],
			subtotal: total,
			service_amount: 0,
			tax_amount: 0,
			rounding_amount: 0,
			void_reason: null,
			business_date: businessDate(now, till.time_zone, '00:00'),
			shift_id: null,
			...NEVER_PUSHED
		} satisfies OrderDoc;
	});
}

/**
 * Stores `n` paid sales in the tablet's own database in one bulk write (the replicator then derives their transactions and
 * pushes them, as for any sale). Numbers start at `from` (kept above the UI's own running numbers).
 */
export async function storeSales(t: Tablet, n: number, from: number): Promise<OrderDoc[]> {
	const docs = paidSales(await tillIdentity(t.page), n, from);
	await t.page.evaluate(async (d) => {
		const r = await (await window.__kasir!.database()).orders.bulkInsert(d);
		if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
	}, docs);
	return docs;
}

export type OrderRow = {
	local_id: string;
	order_number: string | null;
	total_amount: number;
	status: string;
};

export type TransactionRow = {
	local_id: string;
	order_id: string;
	total_amount: number;
};

export interface Holdings {
	orders: OrderRow[];
	transactions: TransactionRow[];
}

/** What a server process holds: stops it (PGlite has one process), reads its database, and starts it again. */
export async function holdings(server: ServerProcess, outletId: string): Promise<Holdings> {
	await server.kill('SIGTERM');
	const db = await openDb({ databaseUrl: undefined, dataDir: server.dataDir });
	try {
		const { rows: orders } = await db.query<OrderRow>(
			'select local_id, order_number, total_amount::int as total_amount, status from orders where outlet_id = $1 order by local_id',
			[outletId]
		);
		const { rows: transactions } = await db.query<TransactionRow>(
			'select local_id, order_id, total_amount::int as total_amount from transactions where outlet_id = $1 order by local_id',
			[outletId]
		);
		return { orders, transactions };
	} finally {
		await db.close();
		await server.start();
	}
}

/** The tablet's local orders (its own and, with an edge, the other tablets'). */
export async function localOrders(page: Page): Promise<OrderRow[]> {
	return page.evaluate(async () =>
		(await (await window.__kasir!.database()).orders.find().exec()).map((d) => ({
			local_id: d.local_id,
			order_number: d.order_number,
			total_amount: d.total_amount,
			status: d.status
		}))
	);
}

/** Waits until nothing is waiting to be sent from this tablet (`allSent`: the pending badge at 0, no document pending). */
export async function drainedTo(page: Page, what: string): Promise<void> {
	await until(() => allSent(page), {
		what: `${what}: the pending badge at 0 and no order or transaction pending`,
		timeoutMs: 110_000
	});
}

export const sum = (xs: readonly { total_amount: number }[]) =>
	xs.reduce((s, x) => s + Number(x.total_amount), 0);

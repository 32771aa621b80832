// Why: every change to an order (hold, send, serve, pay, void) is written to the local database at once with sync_status 'pending'; the worker pushes it later.
import type { KasirDatabase, OrderDoc, OrderItem, TableDoc, TransactionDoc } from '$lib/db';
import { nextCounter } from '$lib/db';
import { cartSubtotal, serveLine, sendNewLines, type CartLine } from '$lib/domain/cart';
import { buildOrderPayload, buildTransactionPayload, compactOutletCode, orderNumber, transitionOrder, type OrderStatus } from '$lib/domain/order';
import { settlePayment, type PaymentInput, type SettledPayment } from '$lib/domain/payment';
import { outletDate } from '$lib/domain/time';
import { businessDate } from '$lib/domain/business-day'; // i13
import { shiftIdForOrder } from './shift.service'; // i13
import { normalizeTableNumber } from '$lib/domain/tables';
import { app } from '$lib/managers/app.svelte';
import { cart } from '$lib/managers/cart.svelte';
import { AppError } from './error.service';

function nowIso(): string {
	return new Date().toISOString();
}

function outletInfo(): { outlet_id: string; outlet_code: string } {
	const s = app.settings;
	if (!s || !s.outlet_id) throw new AppError('not_configured');
	return { outlet_id: s.outlet_id, outlet_code: s.outlet_code };
}

/** Allocates the next order number of the outlet's business day (a counter in the local database). */
async function newOrderId(db: KasirDatabase, at: string, outletCode: string): Promise<string> {
	const date = outletDate(at, app.timeZone).replaceAll('-', '');
	const n = await nextCounter(db, `order:${date}:${compactOutletCode(outletCode)}`);
	return orderNumber(at, app.timeZone, outletCode, n);
}

function itemsFromLines(lines: readonly CartLine[]): OrderItem[] {
	const payload = buildOrderPayload({
		context: { local_id: 'x', outlet_id: 'x', outlet_code: 'x', version: 1, created_at: '', updated_at: '' },
		lines,
		totals: { total: 0 },
		status: 'open'
	}).items;
	return payload.map((p, i) => {
		const line = lines[i] as CartLine;
		const modifiers = line.modifiers.map((m) => ({ group_id: m.group_id, group_name: m.group_name, option_id: m.option_id, name: m.name, price: m.price }));
		return { ...p, line_id: line.line_id, modifiers };
	});
}

/** Writes the cart as an order document with the given status (version bumped, pending for the push). */
async function writeOrder(status: OrderStatus, extra: Partial<OrderDoc> = {}): Promise<OrderDoc> {
	const db = app.requireDb();
	const outlet = outletInfo();
	const table = normalizeTableNumber(cart.table);
	const now = nowIso();
	const createdAt = cart.createdAt ?? now;
	const localId = cart.orderId ?? (await newOrderId(db, createdAt, outlet.outlet_code));
	const existing = cart.orderId ? await db.orders.findOne(localId).exec() : null;
	const totals = cart.totals;
	const doc: OrderDoc = {
		local_id: localId,
		...outlet,
		table_number: table.ok ? table.value : cart.table.trim() || null,
		customer_name: cart.customer.trim() || null,
		pax: cart.pax && cart.pax > 0 ? Math.floor(cart.pax) : null,
		items: itemsFromLines(cart.cart.lines),
		subtotal: cartSubtotal(cart.cart.lines),
		service_amount: totals.service_charge,
		tax_amount: totals.tax,
		rounding_amount: totals.rounding,
		total_amount: totals.total,
		status,
		void_reason: null,
		payment_info: null,
		version: (existing?.version ?? 0) + 1,
		created_at: createdAt,
		updated_at: now,
		business_date: businessDate(createdAt, app.timeZone, app.dayStart), // i13: the outlet's business day boundary
		shift_id: await shiftIdForOrder(status, existing?.shift_id ?? null), // i13: the open shift (auto-opened at a first sale if configured)
		cloud_id: existing?.cloud_id ?? null,
		synced_version: existing?.synced_version ?? 0,
		synced_at: existing?.synced_at ?? null,
		sync_status: 'pending',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null,
		...extra
	};
	await db.orders.upsert(doc);
	await setTable(db, doc);
	return doc;
}

/** Keeps the tables collection following open orders (free when paid or voided). */
async function setTable(db: KasirDatabase, order: OrderDoc, bill = false): Promise<void> {
	if (!order.table_number) return;
	const existing = await db.tables.findOne(order.table_number).exec();
	const open = order.status === 'open' || order.status === 'sent';
	if (!open && existing && existing.order_local_id !== order.local_id) return;
	const doc: TableDoc = {
		id: order.table_number,
		number: order.table_number,
		seats: existing?.seats ?? 4,
		// A table that asked for the bill keeps asking while its order is held or changed.
		status: open ? (bill || (existing?.status === 'bill' && existing.order_local_id === order.local_id) ? 'bill' : 'occupied') : 'free',
		order_local_id: open ? order.local_id : null,
		sync_status: 'pending',
		updated_at: nowIso()
	};
	await db.tables.upsert(doc);
}

function checkTransition(to: OrderStatus): void {
	const r = transitionOrder(cart.orderStatus, to, { item_count: cart.cart.lines.length });
	if (!r.ok) throw new AppError(r.error.code);
}

/** Holds the order (parks it to recall later) and starts a fresh cart. */
export async function holdOrder(): Promise<OrderDoc> {
	if (cart.isEmpty) throw new AppError('empty_order');
	const status: OrderStatus = cart.orderStatus === 'sent' ? 'sent' : 'open';
	const doc = await writeOrder(status);
	cart.reset();
	return doc;
}

/** Sends new lines to the kitchen/bar: they become 'sent' and the order is kept open. */
export async function sendToKitchen(): Promise<{ order: OrderDoc; sent: number }> {
	checkTransition('sent');
	const { cart: next, sent } = sendNewLines(cart.cart);
	cart.set(next);
	const doc = await writeOrder('sent');
	cart.load(doc);
	return { order: doc, sent: sent.length };
}

export async function serveItem(lineId: string): Promise<void> {
	const r = serveLine(cart.cart, lineId);
	if (!r.ok) throw new AppError(r.error.code);
	cart.set(r.value);
	if (cart.orderId) cart.load(await writeOrder(cart.orderStatus));
}

/** Marks the table's order as "bill asked" (tables screen shows it). */
export async function askBill(): Promise<void> {
	if (!cart.orderId) cart.load(await writeOrder('open'));
	const db = app.requireDb();
	const doc = await db.orders.findOne(cart.orderId ?? '').exec();
	if (doc) await setTable(db, doc.toJSON() as OrderDoc, true);
}

/** Pays the order: the order (status paid) and its transaction are written locally in one go; never waits for the network. */
export async function payOrder(input: PaymentInput): Promise<{ order: OrderDoc; transaction: TransactionDoc; payment: SettledPayment }> {
	checkTransition('paid');
	const settled = settlePayment(cart.totals.total, input);
	if (!settled.ok) throw new AppError(settled.error.code);
	const db = app.requireDb();
	const paidAt = nowIso();
	const paid = await writeOrder('paid', { payment_info: { method: settled.value.method, amount: settled.value.amount, paid_at: paidAt } });
	const order = paid;
	const outlet = outletInfo();
	const txPayload = buildTransactionPayload({
		local_id: `tx-${crypto.randomUUID()}`,
		...outlet,
		order_local_id: order.local_id,
		payment: settled.value,
		cashier_name: app.settings?.ho_username || 'Kasir',
		created_at: paidAt
	});
	const tx: TransactionDoc = {
		...txPayload,
		updated_at: paidAt,
		business_date: order.business_date,
		cloud_id: null,
		synced_version: 0,
		synced_at: null,
		sync_status: 'pending',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null
	};
	await db.transactions.insert(tx);
	cart.reset();
	return { order: paid, transaction: tx, payment: settled.value };
}

/** Recalls a held or sent order into the cart. */
export async function recallOrder(localId: string): Promise<void> {
	const doc = await app.requireDb().orders.findOne(localId).exec();
	if (!doc) throw new AppError('not_found');
	cart.load(doc.toJSON() as OrderDoc);
}

/** Voids an order (the caller has checked the manager PIN). */
export async function voidOrder(localId: string, reason: string): Promise<OrderDoc> {
	const db = app.requireDb();
	const doc = await db.orders.findOne(localId).exec();
	if (!doc) throw new AppError('not_found');
	const r = transitionOrder(doc.status, 'void', { reason });
	if (!r.ok) throw new AppError(r.error.code);
	const now = nowIso();
	const after = await doc.incrementalModify((d) => ({
		...d,
		status: 'void',
		void_reason: reason.trim(),
		version: d.version + 1,
		updated_at: now,
		sync_status: 'pending',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null
	}));
	const json = after.toJSON() as OrderDoc;
	await setTable(db, json);
	if (cart.orderId === localId) cart.reset();
	return json;
}

// Why: every change to an order (hold, send, serve, pay, void) is written to the local database at once with sync_status 'pending';
// the worker pushes it later. A sale has an identity from the moment checkout starts, and paying is ONE order-document write.
import type { OrderDoc, OrderItem, ShiftDoc, TransactionDoc } from '$lib/db';
// The sale's pure helpers only: the database itself is the worker's (boot opens no RxDB on the UI thread).
import { PENDING } from '$lib/db/push-state';
import type { RepairReport } from '$lib/db/sales';
import { clearedDraft, orderCounterName, paymentInfoOf, transactionDocs } from '$lib/db/sale-docs';
import { outcome, sales } from './sales-client';
import { cartSubtotal, serveLine, sendNewLines, type CartLine } from '$lib/domain/cart';
import { uuidv7 } from '$lib/domain/ids';
import {
	buildOrderPayload,
	compactOutletCode,
	orderNumber,
	paymentEntry,
	transitionOrder,
	type OrderStatus
} from '$lib/domain/order';
import { isPaymentMethod, settlePayment, type PaymentInput, type SettledPayment } from '$lib/domain/payment';
import type { Result } from '$lib/domain/result';
import { settleSplit, type PartInput } from '$lib/domain/split';
import { outletDate } from '$lib/domain/time';
import { businessDate } from '$lib/domain/business-day';
import { shiftConfig, shiftIdForOrder } from './shift.service';
import { currentActor } from './staff.service';
import { normalizeTableNumber } from '$lib/domain/tables';
import { app } from '$lib/managers/app.svelte';
import { cart } from '$lib/managers/cart.svelte';
import { cutPoint } from './cut-points';
import { AppError } from './error.service';

function nowIso(): string {
	return new Date().toISOString();
}

export { paymentInfoOf };

/** A new sync identity (UUIDv7): no other device can produce it. */
export function newLocalId(): string {
	return uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
}

function outletInfo(): { outlet_id: string; outlet_code: string } {
	const s = app.settings;
	if (!s || !s.outlet_id) throw new AppError('not_configured');
	return { outlet_id: s.outlet_id, outlet_code: s.outlet_code };
}

/** The counter of this till's order numbers for the business day of `at`. */
function counterFor(at: string, outletCode: string): string {
	return orderCounterName(
		outletDate(at, app.timeZone),
		compactOutletCode(outletCode),
		app.settings?.device_code ?? ''
	);
}

/** The checkout being started, shared by every caller until it is done (see `beginCheckout`). */
let starting: Promise<void> | null = null;

/**
 * Starts the checkout attempt (the payment dialog opens, or a first hold/send): the sale gets its local_id and its order number,
 * kept in the tab's draft before anything relies on them. Idempotent: a sale that has them keeps them. Two callers at once (a
 * send to the kitchen writing the order while the pay tap opens the dialog) share one start: each would otherwise draw its own
 * number and one would be lost (a gap).
 */
export function beginCheckout(): Promise<void> {
	starting ??= startCheckout().finally(() => (starting = null));
	return starting;
}

async function startCheckout(): Promise<void> {
	const outlet = outletInfo();
	// A sale that has its identity and number already kept them in its draft (or its stored order): only a draft save still
	// waiting for idle time is written now, before anything relies on it.
	if (cart.createdAt && cart.orderId && cart.orderNumber) {
		if (cart.pending) await cart.saveDraft();
		return;
	}
	cart.createdAt ??= nowIso();
	cart.orderId ??= newLocalId();
	if (!cart.orderNumber) {
		const key = counterFor(cart.createdAt, outlet.outlet_code);
		if (cart.spareNumber && cart.spareKey === key) {
			cart.orderNumber = cart.spareNumber;
			cart.numberKey = key;
		} else {
			// The worker draws it (a counter behind the numbers in use is raised first: never a used number).
			const n = await sales().drawNumber(key);
			await cutPoint('checkout:after-counter');
			cart.orderNumber = orderNumber(
				cart.createdAt,
				app.timeZone,
				outlet.outlet_code,
				n,
				app.settings?.device_code ?? ''
			);
			cart.numberKey = key;
		}
		if (cart.spareNumber === cart.orderNumber || cart.spareKey !== key) {
			cart.spareNumber = null;
			cart.spareKey = null;
		}
	}
	await cart.saveDraft();
}

/** Draws the next order number of this till for the business day of `at` (split-bill parts get their own numbers). */
export async function drawOrderNumber(at: string): Promise<string> {
	const outlet = outletInfo();
	const n = await sales().drawNumber(counterFor(at, outlet.outlet_code));
	return orderNumber(at, app.timeZone, outlet.outlet_code, n, app.settings?.device_code ?? '');
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
		const modifiers = line.modifiers.map((m) => ({
			group_id: m.group_id,
			group_name: m.group_name,
			option_id: m.option_id,
			name: m.name,
			price: m.price
		}));
		return { ...p, line_id: line.line_id, modifiers };
	});
}

/**
 * What the caller already read: the stored order of this sale (null: none) and the open shift (a read in flight), or
 * `shiftByWorker`: the worker fills the open shift in as it writes (a new sale's pay, `insertPaidOrder`).
 */
interface Known {
	existing?: OrderDoc | null;
	openShift?: Promise<ShiftDoc | null>;
	shiftByWorker?: boolean;
}

/** The cart as an order document with the given status (version bumped, pending for the push). */
async function orderDoc(
	status: OrderStatus,
	extra: Partial<OrderDoc> = {},
	known: Known = {}
): Promise<OrderDoc> {
	const hadId = cart.orderId !== null;
	await beginCheckout();
	const outlet = outletInfo();
	const table = normalizeTableNumber(cart.table);
	const now = nowIso();
	const createdAt = cart.createdAt ?? now;
	const localId = cart.orderId ?? newLocalId();
	// The order and the open shift are read at once (two independent reads, one round trip's wait).
	const [existing, open] = await Promise.all([
		known.existing !== undefined && hadId ? known.existing : sales().readOrder(localId),
		known.shiftByWorker ? null : (known.openShift ?? sales().readOpenShift())
	]);
	const totals = cart.totals;
	return {
		local_id: localId,
		order_number: existing?.order_number ?? cart.orderNumber ?? localId,
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
		discount: cart.cart.discount ?? null,
		discount_amount: totals.discount,
		// Who took the order: whoever first wrote it (a recalled order keeps its cashier; the payment names who was paid).
		cashier_name: existing?.cashier_name ?? currentActor().name,
		staff_id: existing?.staff_id ?? currentActor().id,
		status,
		void_reason: null,
		payment_info: null,
		payments: existing?.payments ?? [],
		// A merged or split order keeps its links when it is written again from the cart.
		links: existing?.links ?? null,
		version: (existing?.version ?? 0) + 1,
		created_at: createdAt,
		updated_at: now,
		business_date: businessDate(createdAt, app.timeZone, app.dayStart),
		// the open shift (auto-opened at a first sale if configured)
		shift_id: known.shiftByWorker
			? (existing?.shift_id ?? null)
			: open
				? open.local_id
				: await shiftIdForOrder(status, existing?.shift_id ?? null, null),
		cloud_id: existing?.cloud_id ?? null,
		synced_version: existing?.synced_version ?? 0,
		synced_at: existing?.synced_at ?? null,
		...PENDING,
		...extra
	};
}

/** Writes the cart as an order document with the given status: one document write (the worker's), then its table. */
async function writeOrder(status: OrderStatus, extra: Partial<OrderDoc> = {}): Promise<OrderDoc> {
	const doc = await orderDoc(status, extra);
	await sales().storeOrder(doc, false);
	cart.stored = true;
	await sales().followOrderTable(doc);
	return doc;
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
	await cart.saveDraft();
	return doc;
}

/** Sends new lines to the kitchen/bar: they become 'sent' and the order is kept open. */
export async function sendToKitchen(): Promise<{ order: OrderDoc; sent: number }> {
	checkTransition('sent');
	const before = cart.cart;
	const { cart: next, sent } = sendNewLines(cart.cart);
	cart.set(next);
	let doc: OrderDoc;
	try {
		doc = await writeOrder('sent');
	} catch (e) {
		// Not written, so not sent (no ticket printed either): the lines go back to new and "send" is offered again.
		if (cart.cart === next) cart.set(before);
		throw e;
	}
	cart.load(doc);
	return { order: doc, sent: sent.length };
}

export async function serveItem(lineId: string): Promise<void> {
	const r = serveLine(cart.cart, lineId);
	if (!r.ok) throw new AppError(r.error.code);
	const before = cart.cart;
	cart.set(r.value);
	if (!cart.stored) return;
	try {
		cart.load(await writeOrder(cart.orderStatus));
	} catch (e) {
		// Not written, so not served: the mark goes back.
		if (cart.cart === r.value) cart.set(before);
		throw e;
	}
}

/**
 * Marks the table's order as "bill asked" (tables screen shows it). When the server shares open orders (an outlet
 * edge), the ask is also a new version of the order, so the other tablets' floors show the table asking too.
 */
export async function askBill(): Promise<void> {
	if (!cart.stored) cart.load(await writeOrder('open'));
	await sales().askBillFor(cart.orderId ?? '');
}

/** Finishes a completed sale in this tab: derived records, table, and a fresh cart whose draft no longer holds it. */
async function finishSale(order: OrderDoc): Promise<TransactionDoc> {
	await sales().deriveSale(order);
	await cutPoint('pay:after-derive');
	await sales().followOrderTable(order);
	await cutPoint('pay:after-table');
	cart.reset();
	await sales().saveDraft(clearedDraft(cart.draft(), nowIso()));
	const tx = transactionDocs(order)[0];
	if (!tx) throw new AppError('not_found');
	return tx;
}

/**
 * Pays the order: ONE write stores the order with status paid and its payment inside it, or nothing is stored; the transaction
 * record is derived from it afterwards (and again at start-up and before each push). Paying again for the same checkout
 * attempt (after an error, a reload or a crash) shows the sale as done and never writes a second one. Never waits for the network.
 */
export async function payOrder(
	input: PaymentInput
): Promise<{ order: OrderDoc; transaction: TransactionDoc; payment: SettledPayment }> {
	return payWith((total) => {
		const settled = settlePayment(total, input);
		return settled.ok ? { ok: true, value: [settled.value] } : settled;
	});
}

/**
 * Pays the order with several payments (cash + QRIS, …): the parts the dialog collected are checked together (exactly the
 * total, change only on the cash part) and written with the order in the same ONE write; each becomes its own transaction.
 */
export async function payOrderSplit(
	parts: readonly PartInput[]
): Promise<{ order: OrderDoc; transaction: TransactionDoc; payment: SettledPayment }> {
	return payWith((total) => settleSplit(total, parts));
}

async function payWith(
	settle: (total: number) => Result<SettledPayment[], { code: string }>
): Promise<{ order: OrderDoc; transaction: TransactionDoc; payment: SettledPayment }> {
	// User Timing marks (with `kasir:pay:stored`): where the confirm's time goes, for `npm run bench -- till`.
	performance.mark('kasir:pay:begin');
	// The paid order this sale writes (over the stored one, if any), built up to the cut point before its one write.
	const paidOrder = async (existing: OrderDoc | null, shiftByWorker = false) => {
		checkTransition('paid');
		const { first, paidAt, payments } = paidEntries(settle(cart.totals.total));
		const order = await orderDoc(
			'paid',
			{ payment_info: paymentInfoOf(payments, cart.totals.total, paidAt), payments },
			{ existing, shiftByWorker }
		);
		await cutPoint('pay:before-write');
		performance.mark('kasir:pay:write');
		return { order, first };
	};
	// A sale this tab never wrote an order for is inserted in one trip, without reading it or the open shift first: the
	// worker fills the open shift in beside the insert, and the insert itself refuses a document that exists (paid before
	// a crash or reload, written by another tab), which is then read as below. With no shift open and the outlet opening
	// one by itself, nothing is written and the sale takes the path below (the shift opened, then the write).
	if (cart.orderId && !cart.stored) {
		const { order, first } = await paidOrder(null, true);
		const r = await sales().insertPaidOrder(order, shiftConfig().autoOpen);
		if (r.outcome === 'stored') return afterPayWrite({ ...order, shift_id: r.shift_id }, first);
	}
	let existing: OrderDoc | null = null;
	if (cart.orderId) {
		existing = await sales().readOrder(cart.orderId);
		if (existing && existing.status === 'paid') {
			const order = existing;
			const transaction = await finishSale(order);
			const method = transaction.payment_method;
			const payment: SettledPayment = {
				method: isPaymentMethod(method) ? method : 'cash',
				amount: transaction.total_amount,
				cash_amount: transaction.cash_amount,
				change_amount: transaction.change_amount
			};
			return { order, transaction, payment };
		}
	}
	const { order, first } = await paidOrder(existing);
	await sales().storeOrder(order, false);
	return afterPayWrite(order, first);
}

/**
 * After the paid order's one write, confirmed back from the worker: the cut points, the derived transaction, the table and
 * the cleared draft.
 */
async function afterPayWrite(
	order: OrderDoc,
	first: SettledPayment
): Promise<{ order: OrderDoc; transaction: TransactionDoc; payment: SettledPayment }> {
	// User Timing mark: the sale is stored (what `npm run bench -- till` times from the confirm tap).
	performance.mark('kasir:pay:stored', { detail: order.local_id });
	cart.stored = true;
	await cutPoint('pay:after-write');
	const transaction = await finishSale(order);
	await cutPoint('pay:done');
	performance.mark('kasir:pay:done', { detail: order.local_id });
	return { order, transaction, payment: first };
}

/**
 * Pays a stored open order (a part of a split bill) without the cart: ONE write of that order with status paid and its
 * payments, then its transactions are derived; its table goes to the next open order there, or is freed.
 */
export async function payStoredOrder(localId: string, parts: readonly PartInput[]): Promise<OrderDoc> {
	const doc = await sales().readOrder(localId);
	if (!doc) throw new AppError('not_found');
	if (doc.status === 'paid') return doc;
	const r = transitionOrder(doc.status, 'paid', { item_count: doc.items.length });
	if (!r.ok) throw new AppError(r.error.code);
	const { paidAt, payments } = paidEntries(settleSplit(doc.total_amount, parts));
	const shiftId = await shiftIdForOrder('paid', doc.shift_id ?? null);
	// The worker writes it (a part paid meanwhile stays as it is), derives its transactions and moves its table on.
	return outcome(await sales().payStoredOrder(localId, payments, paidAt, shiftId));
}

/** The settled parts as the order's payment entries (own ids, one paid-at time, the signed-in cashier); throws when not settled. */
function paidEntries(settled: Result<SettledPayment[], { code: string }>) {
	if (!settled.ok) throw new AppError(settled.error.code);
	const first = settled.value[0];
	if (!first) throw new AppError('invalid_amount');
	const paidAt = nowIso();
	const cashier = currentActor().name;
	const payments = settled.value.map((p) => paymentEntry(newLocalId(), p, paidAt, cashier));
	return { first, paidAt, payments };
}

/** Recalls a held or sent order into the cart. */
export async function recallOrder(localId: string): Promise<void> {
	const doc = await sales().readOrder(localId);
	if (!doc) throw new AppError('not_found');
	cart.load(doc);
}

/** Voids an order (the caller has authorized it: `authorize('void')`); `by` is who allowed it. */
export async function voidOrder(
	localId: string,
	reason: string,
	by: { name: string; id: string | null } = currentActor()
): Promise<OrderDoc> {
	const json = outcome(await sales().voidStoredOrder(localId, reason, { name: by.name, id: by.id }));
	if (cart.orderId === localId) cart.reset();
	return json;
}

const TAB_KEY = 'kasir.tab';
const TAB_LOCK = 'kasir-tab:';

/** This tab's id (kept across reloads in sessionStorage), held as a Web Lock for the tab's life so others can tell it is alive. */
function tabId(): string {
	let id = sessionStorage.getItem(TAB_KEY);
	if (!id) {
		id = newLocalId();
		sessionStorage.setItem(TAB_KEY, id);
	}
	return id;
}

/**
 * Every start, before the selling screen shows: repairs what a crash left (see repairSales), then gives this tab its cart back:
 * its own draft after a reload, or the draft of a tab that is gone (a crash, a killed browser) so its sale and number are not lost.
 * Made by the worker (worker/sales/start.ts) under the origin's `kasir-sales-start` Web Lock; this tab holds
 * `kasir-tab:<id>` for its life so another tab's start can tell it is alive.
 */
export async function startSales(): Promise<RepairReport> {
	const me = tabId();
	void navigator.locks.request(`${TAB_LOCK}${me}`, () => new Promise<never>(() => undefined));
	const { report, draft } = await sales().startSales(me);
	if (draft) cart.restore(draft);
	cart.persist(sales(), me);
	return report;
}

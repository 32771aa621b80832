// Why: the outlet builds the seed-004 order and transaction payloads itself, offline, so they must be exact and pure.
import { lineSubtotal, lineUnitTotal, type CartLine, type Destination, type LineStatus } from './cart';
import { lineDiscount, type Discount } from './discount';
import { modifiersPrice, type ChosenModifier } from './modifiers';
import type { Rupiah } from './money';
import type { PaymentMethod, SettledPayment } from './payment';
import { err, ok, type Result } from './result';
import { outletDate, type OutletTimeZone } from './time';
import type { Totals } from './totals';

export type OrderStatus = 'open' | 'sent' | 'paid' | 'void';

/**
 * One item as seed 004 pushes it (product_name ... status). line_id, product_id, modifiers and note
 * are additions the seed leaves room for: they let a stored order be recalled and reprinted.
 */
export type OrderItemPayload = {
	line_id: string;
	product_id: string;
	product_name: string;
	category: string;
	qty: number;
	/** Unit price including modifiers. */
	price: Rupiah;
	subtotal: Rupiah;
	destination: Destination;
	status: LineStatus;
	modifiers: ChosenModifier[];
	note: string;
	/** Extension (docs/till.md): the line's discount and the rupiah it takes off `subtotal`; absent when none. */
	discount?: Discount;
	discount_amount?: Rupiah;
};

export type OrderPayload = {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	table_number: string | null;
	customer_name: string | null;
	pax: number | null;
	total_amount: Rupiah;
	status: OrderStatus;
	items: OrderItemPayload[];
	payment_info: { method: PaymentMethod; amount: Rupiah; paid_at: string } | null;
	version: number;
	created_at: string;
	updated_at: string;
	void_reason?: string;
};

export type TransactionPayload = {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	order_id: string;
	total_amount: Rupiah;
	payment_method: PaymentMethod;
	cash_amount: Rupiah | null;
	change_amount: Rupiah | null;
	cashier_name: string;
	version: number;
	created_at: string;
};

export type OrderContext = {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	table_number?: string | null;
	customer_name?: string | null;
	pax?: number | null;
	version: number;
	created_at: string;
	updated_at: string;
};

export function orderItems(lines: readonly CartLine[]): OrderItemPayload[] {
	return lines.map((l) => ({
		line_id: l.line_id,
		product_id: l.product_id,
		product_name: l.product_name,
		category: l.category,
		qty: l.qty,
		price: lineUnitTotal(l),
		subtotal: lineSubtotal(l),
		destination: l.destination,
		status: l.status,
		modifiers: l.modifiers.map((m) => ({ ...m })),
		note: l.note,
		...(l.discount ? { discount: { ...l.discount }, discount_amount: lineDiscount(l) } : {})
	}));
}

/** A stored item, loosely typed: what an order document holds, whoever wrote it. */
export type StoredOrderItem = {
	line_id?: string;
	product_id: string;
	product_name: string;
	category: string;
	qty: number;
	price: Rupiah;
	modifiers?: readonly {
		group_id?: string;
		group_name?: string;
		option_id?: string;
		name: string;
		price: Rupiah;
	}[];
	note?: string;
	destination: Destination;
	status: string;
	discount?: Discount | null;
};

const LINE_STATUSES: readonly string[] = ['new', 'sent', 'served'];

/**
 * Back from stored items to cart lines, to recall a held order: unit_price = price - modifiers.
 * Items without a line_id get "L1", "L2"... after the highest one present; an unknown status reads as sent.
 */
export function linesFromOrderItems(items: readonly StoredOrderItem[]): CartLine[] {
	let next = 1;
	for (const i of items) {
		const m = /^L(\d+)$/.exec(i.line_id ?? '');
		if (m) next = Math.max(next, Number(m[1]) + 1);
	}
	return items.map((i) => {
		const modifiers = (i.modifiers ?? []).map((m) => ({
			group_id: m.group_id ?? '',
			group_name: m.group_name ?? '',
			option_id: m.option_id ?? '',
			name: m.name,
			price: m.price
		}));
		return {
			line_id: i.line_id ?? `L${next++}`,
			product_id: i.product_id,
			product_name: i.product_name,
			category: i.category,
			unit_price: i.price - modifiersPrice(modifiers),
			qty: i.qty,
			modifiers,
			note: i.note ?? '',
			destination: i.destination,
			status: LINE_STATUSES.includes(i.status) ? (i.status as LineStatus) : 'sent',
			...(i.discount ? { discount: i.discount } : {})
		};
	});
}

/** The totals as a local order document stores them beside total_amount. */
export function orderTotalsFields(t: Totals): {
	subtotal: Rupiah;
	service_amount: Rupiah;
	tax_amount: Rupiah;
	rounding_amount: Rupiah;
	total_amount: Rupiah;
} {
	return {
		subtotal: t.subtotal,
		service_amount: t.service_charge,
		tax_amount: t.tax,
		rounding_amount: t.rounding,
		total_amount: t.total
	};
}

const blankToNull = (s: string | null | undefined) => (s == null || s.trim() === '' ? null : s.trim());

/** The order as `POST /api/v1/outlets/{outlet_id}/orders` takes it. */
export function buildOrderPayload(input: {
	context: OrderContext;
	lines: readonly CartLine[];
	totals: Pick<Totals, 'total'>;
	status: OrderStatus;
	payment?: { method: PaymentMethod; paid_at: string } | null;
	void_reason?: string;
}): OrderPayload {
	const { context: c } = input;
	const payload: OrderPayload = {
		local_id: c.local_id,
		outlet_id: c.outlet_id,
		outlet_code: c.outlet_code,
		table_number: blankToNull(c.table_number),
		customer_name: blankToNull(c.customer_name),
		pax: c.pax ?? null,
		total_amount: input.totals.total,
		status: input.status,
		items: orderItems(input.lines),
		payment_info: input.payment
			? { method: input.payment.method, amount: input.totals.total, paid_at: input.payment.paid_at }
			: null,
		version: c.version,
		created_at: c.created_at,
		updated_at: c.updated_at
	};
	if (input.void_reason !== undefined) payload.void_reason = input.void_reason;
	return payload;
}

/** The transaction as `POST /api/v1/outlets/{outlet_id}/transactions` takes it. */
export function buildTransactionPayload(input: {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	order_local_id: string;
	payment: SettledPayment;
	cashier_name: string;
	created_at: string;
	version?: number;
}): TransactionPayload {
	return {
		local_id: input.local_id,
		outlet_id: input.outlet_id,
		outlet_code: input.outlet_code,
		order_id: input.order_local_id,
		total_amount: input.payment.amount,
		payment_method: input.payment.method,
		cash_amount: input.payment.cash_amount,
		change_amount: input.payment.change_amount,
		cashier_name: input.cashier_name,
		version: input.version ?? 1,
		created_at: input.created_at
	};
}

/** "JKT-001" -> "JKT001": the outlet part of an order number. */
export function compactOutletCode(code: string): string {
	return code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A device code (the till's part of an order number): a letter then up to 3 letters or digits, e.g. "B", "T2". */
export const DEVICE_CODE = /^[A-Z][A-Z0-9]{0,3}$/;

export function normalizeDeviceCode(value: string): string | null {
	const v = value.trim().toUpperCase();
	return DEVICE_CODE.test(v) ? v : null;
}

/**
 * ORD-YYYYMMDD-<OUTLETCODE without dash>-<DEVICE>-NNNN, the date in the outlet's zone; past 9999 it grows.
 * Without a device code (a till set up before device codes) the device part is left out, as before.
 */
export function orderNumber(
	instant: string | number | Date,
	timeZone: OutletTimeZone,
	outletCode: string,
	runningNumber: number,
	deviceCode = ''
): string {
	if (!Number.isSafeInteger(runningNumber) || runningNumber < 1)
		throw new RangeError(`running number must be a positive integer, got ${runningNumber}`);
	const date = outletDate(instant, timeZone).replaceAll('-', '');
	const device = deviceCode ? `-${deviceCode}` : '';
	return `ORD-${date}-${compactOutletCode(outletCode)}${device}-${String(runningNumber).padStart(4, '0')}`;
}

/** The part of an order number before the running number (what a day's numbers of one till share). */
export function orderNumberPrefix(date: string, outletCode: string, deviceCode = ''): string {
	const device = deviceCode ? `-${deviceCode}` : '';
	return `ORD-${date.replaceAll('-', '')}-${compactOutletCode(outletCode)}${device}-`;
}

export type ParsedOrderNumber = { date: string; outlet: string; device: string; running_number: number };

export function parseOrderNumber(value: string): ParsedOrderNumber | null {
	const m = /^ORD-(\d{4})(\d{2})(\d{2})-([A-Z0-9]+)(?:-([A-Z][A-Z0-9]{0,3}))?-(\d{4,})$/.exec(value);
	if (!m) return null;
	return {
		date: `${m[1]}-${m[2]}-${m[3]}`,
		outlet: m[4] ?? '',
		device: m[5] ?? '',
		running_number: Number(m[6])
	};
}

/** The next running number for a day, outlet and device, given the order numbers already used. */
export function nextRunningNumber(
	existing: Iterable<string>,
	date: string,
	outletCode: string,
	deviceCode = ''
): number {
	const outlet = compactOutletCode(outletCode);
	let max = 0;
	for (const n of existing) {
		const p = parseOrderNumber(n);
		if (p && p.date === date && p.outlet === outlet && p.device === deviceCode)
			max = Math.max(max, p.running_number);
	}
	return max + 1;
}

/** One payment of an order, stored inside the order document (the unit of atomicity); its local_id is the derived transaction's. */
export type PaymentEntry = {
	local_id: string;
	method: PaymentMethod;
	amount: Rupiah;
	cash_amount: Rupiah | null;
	change_amount: Rupiah | null;
	paid_at: string;
	cashier_name: string;
};

export function paymentEntry(
	localId: string,
	payment: SettledPayment,
	paidAt: string,
	cashierName: string
): PaymentEntry {
	return {
		local_id: localId,
		method: payment.method,
		amount: payment.amount,
		cash_amount: payment.cash_amount,
		change_amount: payment.change_amount,
		paid_at: paidAt,
		cashier_name: cashierName
	};
}

/** The transactions an order's payments stand for (same local_ids, so deriving twice gives the same records). */
export function transactionsFromPayments(order: {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	payments: readonly PaymentEntry[];
}): TransactionPayload[] {
	return order.payments.map((p) =>
		buildTransactionPayload({
			local_id: p.local_id,
			outlet_id: order.outlet_id,
			outlet_code: order.outlet_code,
			order_local_id: order.local_id,
			payment: {
				method: p.method,
				amount: p.amount,
				cash_amount: p.cash_amount,
				change_amount: p.change_amount
			},
			cashier_name: p.cashier_name,
			created_at: p.paid_at
		})
	);
}

export type OrderTransitionError =
	| { code: 'illegal_transition'; from: OrderStatus; to: OrderStatus }
	| { code: 'void_reason_required' }
	| { code: 'empty_order' };

/**
 * open -> sent -> paid; open -> paid (a takeaway paid at once); sent -> sent (more items to the
 * kitchen); void from open, sent or paid with a reason. Nothing leaves void, nothing goes back.
 */
const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
	open: ['sent', 'paid', 'void'],
	sent: ['sent', 'paid', 'void'],
	paid: ['void'],
	void: []
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
	return ALLOWED[from].includes(to);
}

export function transitionOrder(
	from: OrderStatus,
	to: OrderStatus,
	opts: { reason?: string; item_count?: number } = {}
): Result<OrderStatus, OrderTransitionError> {
	if (!canTransition(from, to)) return err({ code: 'illegal_transition', from, to });
	if (to === 'void' && (opts.reason ?? '').trim() === '') return err({ code: 'void_reason_required' });
	if ((to === 'paid' || to === 'sent') && opts.item_count !== undefined && opts.item_count < 1)
		return err({ code: 'empty_order' });
	return ok(to);
}

/** Orders that still hold a table and can be recalled. */
export function isOpenStatus(status: OrderStatus): boolean {
	return status === 'open' || status === 'sent';
}

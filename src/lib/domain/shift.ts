// Why: a cashier's shift, pure: the drawer's expected cash (opening + cash sales + cash in − cash out), expected
// QRIS/card, the counted amounts and their variance, when the manager PIN is needed, and the X/Z report lines.
import { formatAmount, type Rupiah } from './money';
import { paymentsOf, refundsOf, type PaidShape } from './payments';
import { center, leftRight, type PaperWidth, type ReceiptLanguage } from './receipt';
import { formatOutletDateTime, type OutletTimeZone } from './time';

export const SHIFT_METHODS = ['cash', 'qris', 'card'] as const;
export type ShiftMethod = (typeof SHIFT_METHODS)[number];
export type PerMethod = Record<ShiftMethod, Rupiah>;

export type CashMovement = {
	local_id: string;
	kind: 'in' | 'out';
	amount: Rupiah;
	reason: string;
	at: string;
};

/** What the shift arithmetic needs of a shift; ShiftDoc fits. */
export type ShiftCore = {
	local_id: string;
	opening_cash: Rupiah;
	movements: readonly CashMovement[];
	opened_at: string;
	closed_at: string | null;
};

export type ShiftOrder = PaidShape & {
	status: string;
	total_amount: Rupiah;
	shift_id?: string | null;
	/** Line + order discounts of the order (domain/discount.ts); absent: none. */
	discount_amount?: Rupiah;
};

export type ShiftTotals = {
	/** Paid orders of the shift per method: count and sum. */
	sales: Record<string, { count: number; sum: Rupiah }>;
	paid: { count: number; sum: Rupiah };
	voids: { count: number; sum: Rupiah };
	/** Refunds paid back during the shift, per method (cash ones left the drawer). */
	refunds: Record<string, { count: number; sum: Rupiah }>;
	/** Paid orders that had a discount, and the rupiah the discounts took off. */
	discounts: { count: number; sum: Rupiah };
	cash_in: Rupiah;
	cash_out: Rupiah;
	expected: PerMethod;
};

export const zeroPerMethod = (): PerMethod => ({ cash: 0, qris: 0, card: 0 });

/**
 * What one order adds to a shift's totals: its sale or void when it is the shift's (`own`), and the refunds paid back
 * during the shift (an order may be refunded in a later shift). Plain numbers, so a shift's totals can be kept from
 * these alone (db/shift-summary.ts) and give exactly what folding the orders gives.
 */
export type ShiftContribution = {
	own: boolean;
	status: string;
	total: Rupiah;
	discount: Rupiah;
	/** Payments, [method, amount], oldest first. */
	pay: [string, Rupiah][];
	/** Refunds paid back during the shift, [method, amount], oldest first. */
	ref: [string, Rupiah][];
};

/** An order's contribution to the totals of shift `shiftId`. */
export function shiftContribution(shiftId: string, o: ShiftOrder): ShiftContribution {
	const own = o.shift_id === shiftId;
	return {
		own,
		status: o.status,
		total: o.total_amount,
		discount: o.discount_amount ?? 0,
		pay: own && o.status === 'paid' ? paymentsOf(o).map((p) => [p.method, p.amount]) : [],
		ref: refundsOf(o).flatMap((r): [string, Rupiah][] =>
			(r.shift_id ?? o.shift_id) === shiftId ? [[r.method, r.amount]] : []
		)
	};
}

/** The shift's totals over its orders (orders of another shift are ignored). */
export function shiftTotals(shift: ShiftCore, orders: readonly ShiftOrder[]): ShiftTotals {
	return addContributions(
		shift,
		orders.map((o) => shiftContribution(shift.local_id, o))
	);
}

/** The shift's totals over its orders' contributions, in the orders' order (see shiftContribution). */
export function addContributions(shift: ShiftCore, contributions: Iterable<ShiftContribution>): ShiftTotals {
	const sales: ShiftTotals['sales'] = {
		cash: { count: 0, sum: 0 },
		qris: { count: 0, sum: 0 },
		card: { count: 0, sum: 0 }
	};
	const paid = { count: 0, sum: 0 };
	const voids = { count: 0, sum: 0 };
	const refunds: ShiftTotals['refunds'] = {};
	const discounts = { count: 0, sum: 0 };
	for (const c of contributions) {
		// A refund belongs to the shift that paid it back (the order may be from an earlier one).
		for (const [method, amount] of c.ref) {
			const m = (refunds[method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += amount;
		}
		if (!c.own) continue;
		if (c.status === 'void') {
			voids.count++;
			voids.sum += c.total;
		}
		if (c.status !== 'paid') continue;
		paid.count++;
		paid.sum += c.total;
		if (c.discount) {
			discounts.count++;
			discounts.sum += c.discount;
		}
		for (const [method, amount] of c.pay) {
			const m = (sales[method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += amount;
		}
	}
	let cash_in = 0;
	let cash_out = 0;
	for (const m of shift.movements) {
		if (m.kind === 'in') cash_in += m.amount;
		else cash_out += m.amount;
	}
	return {
		sales,
		paid,
		voids,
		refunds,
		discounts,
		cash_in,
		cash_out,
		expected: {
			cash: shift.opening_cash + (sales.cash?.sum ?? 0) - (refunds.cash?.sum ?? 0) + cash_in - cash_out,
			qris: (sales.qris?.sum ?? 0) - (refunds.qris?.sum ?? 0),
			card: (sales.card?.sum ?? 0) - (refunds.card?.sum ?? 0)
		}
	};
}

/** counted − expected per method (negative: short), and the total. */
export function variance(expected: PerMethod, counted: PerMethod): PerMethod & { total: Rupiah } {
	const v = {
		cash: counted.cash - expected.cash,
		qris: counted.qris - expected.qris,
		card: counted.card - expected.card
	};
	return { ...v, total: v.cash + v.qris + v.card };
}

/** Closing needs the manager PIN when any method's variance is beyond the threshold (either way). */
export function needsManagerPin(v: PerMethod, threshold: Rupiah): boolean {
	return SHIFT_METHODS.some((m) => Math.abs(v[m]) > Math.max(0, threshold));
}

/** A cash movement is a positive whole rupiah amount with a reason; cash out cannot exceed the drawer. */
export function checkMovement(
	kind: 'in' | 'out',
	amount: number,
	reason: string,
	drawer: Rupiah
): { ok: true } | { ok: false; code: 'invalid_amount' | 'reason_required' | 'exceeds_drawer' } {
	if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, code: 'invalid_amount' };
	if (!reason.trim()) return { ok: false, code: 'reason_required' };
	if (kind === 'out' && amount > drawer) return { ok: false, code: 'exceeds_drawer' };
	return { ok: true };
}

const LABELS = {
	id: {
		x: 'LAPORAN X (SEMENTARA)',
		z: 'LAPORAN Z (TUTUP SHIFT)',
		shift: 'Shift',
		opened: 'Buka',
		closed: 'Tutup',
		opening: 'Modal awal',
		sales: 'Penjualan',
		orders: 'Pesanan lunas',
		voids: 'Batal',
		refunds: 'Refund',
		discounts: 'Diskon',
		cashIn: 'Kas masuk',
		cashOut: 'Kas keluar',
		expected: 'Seharusnya',
		counted: 'Dihitung',
		variance: 'Selisih',
		cash: 'Tunai',
		qris: 'QRIS',
		card: 'Kartu'
	},
	en: {
		x: 'X REPORT (MID-SHIFT)',
		z: 'Z REPORT (SHIFT CLOSE)',
		shift: 'Shift',
		opened: 'Opened',
		closed: 'Closed',
		opening: 'Opening cash',
		sales: 'Sales',
		orders: 'Paid orders',
		voids: 'Voids',
		refunds: 'Refunds',
		discounts: 'Discounts',
		cashIn: 'Cash in',
		cashOut: 'Cash out',
		expected: 'Expected',
		counted: 'Counted',
		variance: 'Variance',
		cash: 'Cash',
		qris: 'QRIS',
		card: 'Card'
	}
} as const;

export type ShiftReportData = {
	kind: 'x' | 'z';
	outlet: string;
	shift: ShiftCore;
	totals: ShiftTotals;
	counted: PerMethod | null;
	/** When the report is printed (the X report's "now"). */
	at: string;
	timeZone: OutletTimeZone;
	language: ReceiptLanguage;
};

const signed = (n: number) => (n > 0 ? `+${formatAmount(n)}` : n < 0 ? `-${formatAmount(-n)}` : '0');

/** The X (mid-shift) or Z (close) report as fixed-width lines for 58/80 mm paper. */
export function layoutShiftReport(d: ShiftReportData, width: PaperWidth): string[] {
	const L = LABELS[d.language];
	const rule = '-'.repeat(width);
	const lr = (l: string, r: string, indent = 0) => leftRight(l, r, width, indent);
	const out: string[] = [
		...center(d.outlet, width),
		...center(d.kind === 'x' ? L.x : L.z, width),
		rule,
		...lr(L.shift, d.shift.local_id.slice(-12)),
		...lr(L.opened, formatOutletDateTime(d.shift.opened_at, d.timeZone)),
		...lr(L.closed, formatOutletDateTime(d.shift.closed_at ?? d.at, d.timeZone)),
		rule,
		...lr(L.orders, `${d.totals.paid.count}  ${formatAmount(d.totals.paid.sum)}`),
		...lr(L.voids, `${d.totals.voids.count}  ${formatAmount(d.totals.voids.sum)}`),
		...(d.totals.discounts.count > 0
			? lr(L.discounts, `${d.totals.discounts.count}  -${formatAmount(d.totals.discounts.sum)}`)
			: []),
		L.sales
	];
	for (const m of SHIFT_METHODS) {
		const s = d.totals.sales[m] ?? { count: 0, sum: 0 };
		out.push(...lr(L[m], `${s.count}  ${formatAmount(s.sum)}`, 2));
	}
	const refunds = d.totals.refunds ?? {};
	if (Object.keys(refunds).length > 0) {
		out.push(L.refunds);
		for (const m of SHIFT_METHODS) {
			const r = refunds[m];
			if (r) out.push(...lr(L[m], `${r.count}  -${formatAmount(r.sum)}`, 2));
		}
	}
	out.push(
		rule,
		...lr(L.opening, formatAmount(d.shift.opening_cash)),
		...lr(L.cashIn, formatAmount(d.totals.cash_in)),
		...lr(L.cashOut, formatAmount(d.totals.cash_out))
	);
	for (const mv of d.shift.movements)
		out.push(...lr(`${mv.kind === 'in' ? '+' : '-'} ${mv.reason}`, formatAmount(mv.amount), 2));
	out.push(rule, L.expected);
	for (const m of SHIFT_METHODS) out.push(...lr(L[m], formatAmount(d.totals.expected[m]), 2));
	if (d.counted) {
		const v = variance(d.totals.expected, d.counted);
		out.push(L.counted);
		for (const m of SHIFT_METHODS) out.push(...lr(L[m], formatAmount(d.counted[m]), 2));
		out.push(L.variance);
		for (const m of SHIFT_METHODS) out.push(...lr(L[m], signed(v[m]), 2));
	}
	out.push(rule);
	return out;
}

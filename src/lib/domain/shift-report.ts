// Why: the X (mid-shift) and Z (close) reports as fixed-width lines for 58/80 mm paper, pure; apart from shift.ts so that
// the receipt layout loads with the shift screen, not with the selling screen (which computes shift totals only).
import { formatAmount } from './money';
import { center, leftRight, type PaperWidth, type ReceiptLanguage } from './receipt';
import { SHIFT_METHODS, variance, type PerMethod, type ShiftCore, type ShiftTotals } from './shift';
import { formatOutletDateTime, type OutletTimeZone } from './time';

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

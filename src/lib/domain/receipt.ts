// Why: receipts print from the browser on 58/80 mm thermal paper; plain fixed-width lines print the same everywhere.
import { lineSubtotal, lineUnitTotal, type CartLine } from './cart';
import { discountLabel, lineDiscount } from './discount';
import { formatAmount, formatIdr, type Rupiah } from './money';
import type { PaymentMethod } from './payment';
import { formatOutletDateTime, type OutletTimeZone } from './time';
import type { Totals } from './totals';

/** Characters per line: 58 mm paper prints 32, 80 mm prints 48 in the printers' standard font. */
export type PaperWidth = 32 | 48;
export const PAPER_WIDTHS = { '58mm': 32, '80mm': 48 } as const satisfies Record<string, PaperWidth>;

export type ReceiptLanguage = 'id' | 'en';

const LABELS = {
	id: {
		order: 'No',
		date: 'Tanggal',
		table: 'Meja',
		pax: 'Tamu',
		cashier: 'Kasir',
		customer: 'Nama',
		subtotal: 'Subtotal',
		service: 'Service',
		tax: 'PB1',
		rounding: 'Pembulatan',
		discount: 'Diskon',
		total: 'TOTAL',
		cash: 'Tunai',
		qris: 'QRIS',
		card: 'Kartu',
		change: 'Kembali',
		reprint: '*** CETAK ULANG ***',
		void: '*** BATAL ***',
		unpaid: 'BELUM DIBAYAR',
		refund: '*** REFUND ***',
		refundTotal: 'TOTAL REFUND',
		reason: 'Alasan',
		approvedBy: 'Disetujui'
	},
	en: {
		order: 'No',
		date: 'Date',
		table: 'Table',
		pax: 'Pax',
		cashier: 'Cashier',
		customer: 'Name',
		subtotal: 'Subtotal',
		service: 'Service',
		tax: 'Tax',
		rounding: 'Rounding',
		discount: 'Discount',
		total: 'TOTAL',
		cash: 'Cash',
		qris: 'QRIS',
		card: 'Card',
		change: 'Change',
		reprint: '*** REPRINT ***',
		void: '*** VOID ***',
		unpaid: 'NOT PAID',
		refund: '*** REFUND ***',
		refundTotal: 'TOTAL REFUND',
		reason: 'Reason',
		approvedBy: 'Approved by'
	}
} as const;

export type ReceiptData = {
	outlet: { name: string; address?: string; phone?: string };
	order_number: string;
	/** When the order was paid (or printed, for a bill); shown in the outlet's zone. */
	at: string;
	timeZone: OutletTimeZone;
	table_number?: string | null;
	customer_name?: string | null;
	pax?: number | null;
	cashier_name: string;
	lines: readonly CartLine[];
	totals: Totals;
	/** Percent rates for the labels ("Service 5%"); omitted labels print without a rate. */
	tax_rate?: number;
	service_rate?: number;
	/** Null or absent for a bill printed before payment. */
	payment?: {
		method: PaymentMethod;
		amount: Rupiah;
		cash_amount: Rupiah | null;
		change_amount: Rupiah | null;
	} | null;
	/** The order discount as printed under the subtotal (line discounts print under their lines, from `lines`). */
	order_discount?: { label: string; amount: Rupiah } | null;
	footer?: string;
	reprint?: boolean;
	voided?: boolean;
	language?: ReceiptLanguage;
	/** A split payment: every part, in order (`payment` is then the first). */
	payments?: readonly ReceiptPayment[];
	/** A refund receipt: what went back, by which method and why (lines and totals of the sale are not printed). */
	refund?: ReceiptRefund | null;
};

export type ReceiptPayment = {
	method: PaymentMethod;
	amount: Rupiah;
	cash_amount: Rupiah | null;
	change_amount: Rupiah | null;
};

export type ReceiptRefund = {
	amount: Rupiah;
	method: PaymentMethod;
	reason: string;
	/** Who allowed the refund (printed under the reason when known). */
	approved_by?: string | null;
	lines: readonly { product_name: string; qty: number; amount: Rupiah }[];
};

/** Word-wraps to `width`, breaking words longer than a line; whitespace collapses; never returns no lines. */
export function wrapText(text: string, width: number): string[] {
	const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
	const lines: string[] = [];
	let current = '';
	for (let word of words) {
		while (word.length > width) {
			if (current) {
				lines.push(current);
				current = '';
			}
			lines.push(word.slice(0, width));
			word = word.slice(width);
		}
		if (!word) continue;
		if (!current) current = word;
		else if (current.length + 1 + word.length <= width) current += ` ${word}`;
		else {
			lines.push(current);
			current = word;
		}
	}
	if (current || lines.length === 0) lines.push(current);
	return lines;
}

export function center(text: string, width: number): string[] {
	return wrapText(text, width).map((l) => ' '.repeat(Math.floor((width - l.length) / 2)) + l);
}

/** Left text with a right-aligned amount on the last line; the amount gets its own line if it cannot fit. */
export function leftRight(left: string, right: string, width: number, indent = 0): string[] {
	const pad = ' '.repeat(indent);
	const room = width - indent;
	const wrapped = left.trim() === '' ? [''] : wrapText(left, room);
	const last = wrapped[wrapped.length - 1] ?? '';
	const head = wrapped.slice(0, -1).map((l) => pad + l);
	if (last.length + 1 + right.length <= room) {
		return [...head, pad + last + ' '.repeat(room - last.length - right.length) + right];
	}
	return [...head, pad + last, right.padStart(width)];
}

const rule = (width: number, ch = '-') => ch.repeat(width);
const rateLabel = (label: string, rate: number | undefined) =>
	rate === undefined ? label : `${label} ${String(rate).replace('.', ',')}%`;

/** Lays out a receipt (or an unpaid bill) as lines of at most `width` characters. */
export function layoutReceipt(data: ReceiptData, width: PaperWidth): string[] {
	const lang = data.language ?? 'id';
	const t = LABELS[lang];
	const locale = lang === 'id' ? 'id-ID' : 'en-US';
	const amount = (v: Rupiah) => formatAmount(v, locale);
	const out: string[] = [];
	// Keys line up in a column; a value too long for it (the order number on 58 mm) takes a short key.
	const field = (label: string, value: string) => {
		const padded = `${label.padEnd(7)}: `;
		const key =
			padded.length + value.length > width && label.length + 2 + value.length <= width
				? `${label}: `
				: padded;
		out.push(
			...wrapText(value, width - key.length).map((l, i) => (i === 0 ? key : ' '.repeat(key.length)) + l)
		);
	};

	out.push(...center(data.outlet.name.toUpperCase(), width));
	if (data.outlet.address) out.push(...center(data.outlet.address, width));
	if (data.outlet.phone) out.push(...center(data.outlet.phone, width));
	if (data.reprint) out.push(...center(t.reprint, width));
	if (data.voided) out.push(...center(t.void, width));
	if (data.refund) out.push(...center(t.refund, width));
	out.push(rule(width));
	field(t.order, data.order_number);
	field(t.date, formatOutletDateTime(data.at, data.timeZone));
	if (data.table_number) field(t.table, data.table_number);
	if (data.pax) field(t.pax, String(data.pax));
	if (data.customer_name) field(t.customer, data.customer_name);
	field(t.cashier, data.cashier_name);
	out.push(rule(width));

	if (data.refund) {
		const r = data.refund;
		for (const l of r.lines) {
			out.push(...wrapText(l.product_name, width));
			out.push(...leftRight(`${l.qty} x`, amount(-l.amount), width, 2));
		}
		out.push(rule(width, '='));
		out.push(...leftRight(t.refundTotal, formatIdr(-r.amount, locale).replace(/\s/g, ' '), width));
		out.push(rule(width, '='));
		out.push(...leftRight(t[r.method], amount(-r.amount), width));
		out.push(...wrapText(`${t.reason}: ${r.reason}`, width));
		if (r.approved_by) out.push(...wrapText(`${t.approvedBy}: ${r.approved_by}`, width));
		return out.map((l) => l.replace(/\s+$/, ''));
	}

	for (const line of data.lines) {
		out.push(...wrapText(line.product_name, width));
		for (const m of line.modifiers) {
			const label = `+ ${m.name}`;
			out.push(
				...(m.price !== 0
					? leftRight(label, amount(m.price), width - 12, 2)
					: wrapText(label, width - 2).map((l) => `  ${l}`))
			);
		}
		if (line.note.trim()) out.push(...wrapText(`* ${line.note}`, width - 2).map((l) => `  ${l}`));
		out.push(
			...leftRight(`${line.qty} x ${amount(lineUnitTotal(line))}`, amount(lineSubtotal(line)), width, 2)
		);
		if (line.discount) {
			const off = lineDiscount(line);
			if (off > 0)
				out.push(...leftRight(`${t.discount} ${discountLabel(line.discount)}`, `-${amount(off)}`, width, 2));
		}
	}
	out.push(rule(width));

	const tt = data.totals;
	out.push(...leftRight(t.subtotal, amount(tt.subtotal), width));
	const od = data.order_discount;
	if (od && od.amount > 0)
		out.push(...leftRight(`${t.discount} ${od.label}`, `-${amount(od.amount)}`, width));
	if (tt.service_charge !== 0 || (data.service_rate ?? 0) > 0)
		out.push(...leftRight(rateLabel(t.service, data.service_rate), amount(tt.service_charge), width));
	if (tt.tax !== 0 || (data.tax_rate ?? 0) > 0)
		out.push(...leftRight(rateLabel(t.tax, data.tax_rate), amount(tt.tax), width));
	if (tt.rounding !== 0) out.push(...leftRight(t.rounding, amount(tt.rounding), width));
	out.push(rule(width, '='));
	out.push(...leftRight(t.total, formatIdr(tt.total, locale).replace(/\s/g, ' '), width));
	out.push(rule(width, '='));

	const p = data.payment;
	if (data.payments && data.payments.length > 1) {
		for (const part of data.payments) {
			const cash = part.method === 'cash' && part.cash_amount !== null;
			out.push(...leftRight(t[part.method], amount(cash ? (part.cash_amount ?? 0) : part.amount), width));
			if (cash && part.change_amount) out.push(...leftRight(t.change, amount(part.change_amount), width));
		}
	} else if (p) {
		const method = t[p.method];
		out.push(
			...leftRight(
				method,
				amount(p.method === 'cash' && p.cash_amount !== null ? p.cash_amount : p.amount),
				width
			)
		);
		if (p.method === 'cash' && p.change_amount !== null)
			out.push(...leftRight(t.change, amount(p.change_amount), width));
	} else {
		out.push(...center(t.unpaid, width));
	}
	if (data.footer && data.footer.trim()) {
		out.push('');
		for (const para of data.footer.split('\n')) out.push(...center(para, width));
	}
	return out.map((l) => l.replace(/\s+$/, ''));
}

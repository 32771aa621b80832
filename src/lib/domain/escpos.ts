// Why: the thermal printers Indonesian outlets use (58/80 mm) speak ESC/POS; receipts and kitchen/bar tickets are encoded here as bytes, the same for every transport (serial, USB, Bluetooth, raw TCP 9100).
import {
	center,
	layoutReceipt,
	leftRight,
	wrapText,
	type PaperWidth,
	type ReceiptData,
	type ReceiptLanguage
} from './receipt';
import type { CartLine, Destination } from './cart';
import { formatOutletDateTime, type OutletTimeZone } from './time';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';

/** The ESC/POS commands used, one place (Epson ESC/POS reference; every 58/80 mm clone accepts this subset). */
export const CMD = {
	/** ESC @: reset modes and clear the buffer. */
	init: [ESC, 0x40],
	/** ESC t n: character code table; 0 = PC437, which every printer has (text is sent as ASCII). */
	codePage: (n: number) => [ESC, 0x74, n],
	/** ESC E n: emphasized (bold). */
	bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
	/** GS ! n: character size, width and height multipliers 1–8 (high nibble width, low nibble height). */
	size: (width: number, height: number) => [
		GS,
		0x21,
		((clampSize(width) - 1) << 4) | (clampSize(height) - 1)
	],
	/** ESC a n: justification 0 left, 1 center, 2 right. */
	align: (a: Align) => [ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2],
	/** ESC d n: print and feed n lines. */
	feed: (lines: number) => [ESC, 0x64, lines],
	/** GS V 66 n: feed n units past the cutter, then a partial cut (printers without a cutter ignore it). */
	cut: (feedUnits = 3) => [GS, 0x56, 0x42, feedUnits],
	/** ESC p m t1 t2: pulse the cash-drawer kick on pin 2 (m=0), on 25×2 ms, off 250×2 ms. */
	drawer: [ESC, 0x70, 0x00, 0x19, 0xfa],
	lf: [LF]
} as const;

function clampSize(n: number): number {
	return Math.min(8, Math.max(1, Math.round(n)));
}

/**
 * Text for a PC437 printer: accents folded (é → e), typographic quotes and dashes to ASCII, anything else outside
 * printable ASCII becomes '?'. Bytes, so a multi-byte character never shifts the columns the layout counted.
 */
export function encodeText(text: string): number[] {
	const folded = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[\u2018\u2019]/g, "'")
		.replace(/[\u201c\u201d]/g, '"')
		.replace(/[\u2013\u2014]/g, '-')
		.replace(/[\u00a0\u202f]/g, ' ')
		.replace(/\u2026/g, '...');
	const out: number[] = [];
	for (const ch of folded) {
		const c = ch.codePointAt(0) ?? 0x3f;
		out.push(c >= 0x20 && c <= 0x7e ? c : 0x3f);
	}
	return out;
}

/** A small builder: the receipt and ticket encoders read as the paper looks. */
export class EscPos {
	readonly #bytes: number[] = [];

	raw(bytes: readonly number[]): this {
		this.#bytes.push(...bytes);
		return this;
	}
	init(): this {
		return this.raw(CMD.init).raw(CMD.codePage(0));
	}
	align(a: Align): this {
		return this.raw(CMD.align(a));
	}
	bold(on: boolean): this {
		return this.raw(CMD.bold(on));
	}
	size(width: number, height: number): this {
		return this.raw(CMD.size(width, height));
	}
	line(text = ''): this {
		return this.raw(encodeText(text)).raw(CMD.lf);
	}
	lines(texts: readonly string[]): this {
		for (const t of texts) this.line(t);
		return this;
	}
	feed(n: number): this {
		return this.raw(CMD.feed(n));
	}
	cut(): this {
		return this.raw(CMD.cut());
	}
	drawer(): this {
		return this.raw(CMD.drawer);
	}
	bytes(): Uint8Array {
		return Uint8Array.from(this.#bytes);
	}
}

export interface PrintOptions {
	/** Pulse the cash drawer (a cash payment); sent before the cut so the drawer opens while the paper tears. */
	openDrawer?: boolean;
	/** Lines fed before the cut so the last line clears the tear bar. */
	feedBeforeCut?: number;
}

/**
 * A receipt as ESC/POS: the laid-out receipt lines (the same as the screen and the browser print), with the outlet
 * name bold and double height, the TOTAL line bold and double height, then feed, optional drawer kick, cut.
 * Double height keeps the column count, so the layout's alignment holds.
 */
export function encodeReceipt(data: ReceiptData, width: PaperWidth, opts: PrintOptions = {}): Uint8Array {
	const lines = layoutReceipt(data, width);
	const headerCount = center(data.outlet.name.toUpperCase(), width).length;
	const p = new EscPos().init();
	p.align('center').bold(true).size(1, 2);
	p.lines(lines.slice(0, headerCount).map((l) => l.trim()));
	p.size(1, 1).bold(false).align('left');
	for (const [i, l] of lines.slice(headerCount).entries()) {
		const prev = lines[headerCount + i - 1] ?? '';
		const isTotal = l.startsWith('TOTAL') && /^=+$/.test(prev);
		if (isTotal) p.bold(true).size(1, 2).line(l).size(1, 1).bold(false);
		else p.line(l);
	}
	p.feed(opts.feedBeforeCut ?? 3);
	if (opts.openDrawer) p.drawer();
	return p.cut().bytes();
}

export interface TicketData {
	destination: Destination;
	order_number: string;
	/** When the lines were sent; shown in the outlet's zone. */
	at: string;
	timeZone: OutletTimeZone;
	table_number?: string | null;
	customer_name?: string | null;
	cashier_name?: string;
	/** Only the lines for this destination print; the caller may pass the whole order. */
	lines: readonly CartLine[];
	/** A reprint says so, so the kitchen does not cook twice. */
	reprint?: boolean;
	language?: ReceiptLanguage;
}

const TICKET_LABELS = {
	id: {
		kitchen: 'DAPUR',
		bar: 'BAR',
		table: 'Meja',
		name: 'Nama',
		order: 'No',
		cashier: 'Kasir',
		reprint: '** CETAK ULANG **'
	},
	en: {
		kitchen: 'KITCHEN',
		bar: 'BAR',
		table: 'Table',
		name: 'Name',
		order: 'No',
		cashier: 'Cashier',
		reprint: '** REPRINT **'
	}
} as const;

/** The ticket's lines for one destination, or none when nothing goes there (then nothing prints). */
export function ticketLines(data: TicketData): CartLine[] {
	return data.lines.filter((l) => l.destination === data.destination);
}

/**
 * A kitchen or bar ticket: station name big, table big, order number and time, then each item as "qty x name" in
 * double height (read from a distance), modifiers and notes indented below; no prices. Null when no line goes there.
 */
export function encodeTicket(
	data: TicketData,
	width: PaperWidth,
	opts: PrintOptions = {}
): Uint8Array | null {
	const items = ticketLines(data);
	if (items.length === 0) return null;
	const t = TICKET_LABELS[data.language ?? 'id'];
	const p = new EscPos().init();
	p.align('center').bold(true).size(2, 2).line(t[data.destination]);
	if (data.table_number) p.line(`${t.table} ${data.table_number}`);
	p.size(1, 1);
	if (data.reprint) p.line(t.reprint);
	p.bold(false).align('left');
	p.lines(
		leftRight(
			`${t.order} ${data.order_number}`,
			formatOutletDateTime(data.at, data.timeZone).slice(-5),
			width
		)
	);
	if (data.customer_name) p.lines(wrapText(`${t.name}: ${data.customer_name}`, width));
	if (data.cashier_name) p.lines(wrapText(`${t.cashier}: ${data.cashier_name}`, width));
	p.line('-'.repeat(width));
	for (const l of items) {
		// Double height only: the width stays, so wrapping at `width` holds.
		p.bold(true)
			.size(1, 2)
			.lines(wrapText(`${l.qty} x ${l.product_name}`, width))
			.size(1, 1)
			.bold(false);
		for (const m of l.modifiers) p.lines(wrapText(`+ ${m.name}`, width - 3).map((s) => `   ${s}`));
		if (l.note.trim()) p.lines(wrapText(`* ${l.note}`, width - 3).map((s) => `   ${s}`));
	}
	p.line('-'.repeat(width));
	p.feed(opts.feedBeforeCut ?? 3);
	return p.cut().bytes();
}

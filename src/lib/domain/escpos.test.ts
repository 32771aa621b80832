import { describe, expect, it } from 'vitest';
import { encodeReceipt, encodeText, encodeTicket, type TicketData } from './escpos';
import { settlePayment } from './payment';
import { layoutReceipt, type ReceiptData } from './receipt';
import { computeTotals } from './totals';
import { cartWith } from '../../../tests/fixtures/cart';

// Expected command bytes are spelled out here from the ESC/POS reference, not taken from the encoder's table.
const INIT = [0x1b, 0x40, 0x1b, 0x74, 0x00];
const CENTER = [0x1b, 0x61, 0x01];
const LEFT = [0x1b, 0x61, 0x00];
const BOLD_ON = [0x1b, 0x45, 0x01];
const BOLD_OFF = [0x1b, 0x45, 0x00];
const SIZE_1x1 = [0x1d, 0x21, 0x00];
const SIZE_1x2 = [0x1d, 0x21, 0x01];
const SIZE_2x2 = [0x1d, 0x21, 0x11];
const FEED_3 = [0x1b, 0x64, 0x03];
const DRAWER = [0x1b, 0x70, 0x00, 0x19, 0xfa];
const CUT = [0x1d, 0x56, 0x42, 0x03];
const text = (s: string) => [...Buffer.from(s, 'ascii'), 0x0a];

const cart = cartWith(
	{
		product_id: 'p1',
		product_name: 'Nasi Goreng',
		category: 'Food',
		unit_price: 35000,
		qty: 2,
		modifiers: [{ group_id: 'g1', group_name: 'Level', option_id: 'o1', name: 'Pedas', price: 0 }],
		note: 'tanpa bawang',
		destination: 'kitchen'
	},
	{
		product_id: 'p2',
		product_name: 'Es Teh Manis',
		category: 'Drinks',
		unit_price: 8000,
		modifiers: [],
		destination: 'bar'
	}
);
const totals = computeTotals(cart.lines, { tax_rate: 10, service_rate: 0, rounding: 100 });
const pay = settlePayment(totals.total, { method: 'cash', tendered: 100000 });
if (!pay.ok) throw new Error('pay');
const receipt: ReceiptData = {
	outlet: { name: 'Warung Bu Sri' },
	order_number: 'ORD-1',
	at: '2026-01-27T10:30:00Z',
	timeZone: 'Asia/Jakarta',
	cashier_name: 'Sari',
	lines: cart.lines,
	totals,
	tax_rate: 10,
	payment: pay.value
};

describe('encodeText', () => {
	it('sends ASCII as is, folds accents and typography, and replaces the rest with ?', () => {
		expect(encodeText('Rp 1.000')).toEqual([0x52, 0x70, 0x20, 0x31, 0x2e, 0x30, 0x30, 0x30]);
		expect(String.fromCharCode(...encodeText('Café “Kopi” – 5\u00a0menit…'))).toBe(
			'Cafe "Kopi" - 5 menit...'
		);
		expect(encodeText('🍜')).toEqual([0x3f]);
	});
});

describe('encodeReceipt', () => {
	const lines = layoutReceipt(receipt, 32);
	it('lays the receipt out as the screen does, with the commands around it (58 mm)', () => {
		const totalAt = lines.findIndex((l) => l.startsWith('TOTAL'));
		const expected = [
			...INIT,
			...CENTER,
			...BOLD_ON,
			...SIZE_1x2,
			...text('WARUNG BU SRI'),
			...SIZE_1x1,
			...BOLD_OFF,
			...LEFT,
			...lines.slice(1, totalAt).flatMap(text),
			...BOLD_ON,
			...SIZE_1x2,
			...text(lines[totalAt] ?? ''),
			...SIZE_1x1,
			...BOLD_OFF,
			...lines.slice(totalAt + 1).flatMap(text),
			...FEED_3,
			...CUT
		];
		expect([...encodeReceipt(receipt, 32)]).toEqual(expected);
	});
	it('kicks the drawer before the cut when asked', () => {
		const bytes = [...encodeReceipt(receipt, 32, { openDrawer: true })];
		expect(bytes.slice(-(DRAWER.length + CUT.length))).toEqual([...DRAWER, ...CUT]);
		expect(bytes.length).toBe(encodeReceipt(receipt, 32).length + DRAWER.length);
	});
	it('prints 48 columns on 80 mm and never more than the paper holds', () => {
		const wide = [...encodeReceipt(receipt, 48)];
		const printed = Buffer.from(wide).toString('latin1');
		expect(printed).toContain(layoutReceipt(receipt, 48).find((l) => l.startsWith('TOTAL')));
		for (const l of layoutReceipt(receipt, 48)) expect(l.length).toBeLessThanOrEqual(48);
		expect(wide.length).not.toBe(encodeReceipt(receipt, 32).length);
	});
});

describe('encodeTicket', () => {
	const ticket: TicketData = {
		destination: 'kitchen',
		order_number: 'ORD-1',
		at: '2026-01-27T10:30:00Z',
		timeZone: 'Asia/Jakarta',
		table_number: 'A-05',
		cashier_name: 'Sari',
		lines: cart.lines
	};
	it('prints only the kitchen lines, big, without prices', () => {
		const expected = [
			...INIT,
			...CENTER,
			...BOLD_ON,
			...SIZE_2x2,
			...text('DAPUR'),
			...text('Meja A-05'),
			...SIZE_1x1,
			...BOLD_OFF,
			...LEFT,
			...text('No ORD-1                   17:30'),
			...text('Kasir: Sari'),
			...text('-'.repeat(32)),
			...BOLD_ON,
			...SIZE_1x2,
			...text('2 x Nasi Goreng'),
			...SIZE_1x1,
			...BOLD_OFF,
			...text('   + Pedas'),
			...text('   * tanpa bawang'),
			...text('-'.repeat(32)),
			...FEED_3,
			...CUT
		];
		expect([...(encodeTicket(ticket, 32) ?? [])]).toEqual(expected);
	});
	it('routes the bar line to the bar ticket, in English when asked, marked as a reprint', () => {
		const bar = encodeTicket({ ...ticket, destination: 'bar', language: 'en', reprint: true }, 48);
		const s = Buffer.from(bar ?? []).toString('latin1');
		expect(s).toContain('BAR\nTable A-05\n');
		expect(s).toContain('** REPRINT **');
		expect(s).toContain('1 x Es Teh Manis');
		expect(s).not.toContain('Nasi Goreng');
		expect(s).toContain('-'.repeat(48));
	});
	it('prints nothing for a station with no lines', () => {
		expect(
			encodeTicket({ ...ticket, lines: cart.lines.filter((l) => l.destination === 'bar') }, 32)
		).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import { settlePayment } from './payment';
import { center, layoutReceipt, leftRight, PAPER_WIDTHS, wrapText, type ReceiptData } from './receipt';
import { computeTotals } from './totals';
import { cartWith } from '../../../tests/fixtures/cart';

const cart = cartWith(
	{
		product_id: 'p1',
		product_name: 'Nasi Goreng Kampung Spesial Seafood dengan Telur Mata Sapi',
		category: 'Food',
		unit_price: 35000,
		qty: 2,
		modifiers: [
			{ group_id: 'g1', group_name: 'Level Pedas', option_id: 'o1', name: 'Pedas', price: 0 },
			{ group_id: 'g2', group_name: 'Topping', option_id: 'o2', name: 'Keju', price: 5000 }
		],
		note: 'tanpa bawang goreng',
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
const settings = { tax_rate: 10, service_rate: 5, rounding: 100 as const };
const totals = computeTotals(cart.lines, settings);
const pay = settlePayment(totals.total, { method: 'cash', tendered: 150000 });
if (!pay.ok) throw new Error('pay');

const data: ReceiptData = {
	outlet: { name: 'Nusantara Rasa Sudirman', address: 'Jl. Jend. Sudirman No. 1, Jakarta Pusat' },
	order_number: 'ORD-20260127-JKT001-0001',
	at: '2026-01-27T10:30:00Z',
	timeZone: 'Asia/Jakarta',
	table_number: 'A-05',
	pax: 2,
	cashier_name: 'Sari',
	lines: cart.lines,
	totals,
	tax_rate: 10,
	service_rate: 5,
	payment: pay.value,
	footer: 'Terima kasih atas kunjungan Anda!'
};

describe('text helpers', () => {
	it('wraps on spaces and hard-breaks long words', () => {
		expect(wrapText('Nasi Goreng Kampung Spesial', 12)).toEqual(['Nasi Goreng', 'Kampung', 'Spesial']);
		expect(wrapText('Supercalifragilistic', 8)).toEqual(['Supercal', 'ifragili', 'stic']);
		expect(wrapText('  a   b ', 5)).toEqual(['a b']);
		expect(wrapText('', 5)).toEqual(['']);
	});
	it('centers and right-aligns', () => {
		expect(center('abc', 9)).toEqual(['   abc']);
		expect(leftRight('Subtotal', '88.000', 20)).toEqual(['Subtotal      88.000']);
		expect(leftRight('A very long label here', '1.000.000', 16)).toEqual([
			'A very long',
			'label here',
			'       1.000.000'
		]);
	});
});

describe('layoutReceipt', () => {
	it('lays out a 58 mm receipt', () => {
		// 2 x (35.000 + 5.000) + 8.000 = 88.000; service 4.400; tax 9.240; 101.640 -> 101.600
		expect(totals).toMatchObject({
			subtotal: 88000,
			service_charge: 4400,
			tax: 9240,
			rounding: -40,
			total: 101600
		});
		expect(layoutReceipt(data, 32)).toEqual([
			'    NUSANTARA RASA SUDIRMAN',
			'   Jl. Jend. Sudirman No. 1,',
			'         Jakarta Pusat',
			'--------------------------------',
			'No: ORD-20260127-JKT001-0001',
			'Tanggal: 27/01/2026 17:30',
			'Meja   : A-05',
			'Tamu   : 2',
			'Kasir  : Sari',
			'--------------------------------',
			'Nasi Goreng Kampung Spesial',
			'Seafood dengan Telur Mata Sapi',
			'  + Pedas',
			'  + Keju       5.000',
			'  * tanpa bawang goreng',
			'  2 x 40.000              80.000',
			'Es Teh Manis',
			'  1 x 8.000                8.000',
			'--------------------------------',
			'Subtotal                  88.000',
			'Service 5%                 4.400',
			'PB1 10%                    9.240',
			'Pembulatan                   -40',
			'================================',
			'TOTAL                 Rp 101.600',
			'================================',
			'Tunai                    150.000',
			'Kembali                   48.400',
			'',
			'  Terima kasih atas kunjungan',
			'             Anda!'
		]);
	});
	it('never exceeds the paper width, on either paper', () => {
		for (const width of Object.values(PAPER_WIDTHS)) {
			const lines = layoutReceipt(
				{ ...data, customer_name: 'Bapak Yohanes Bambang Sutrisno Wijayakusuma' },
				width
			);
			expect(lines.every((l) => l.length <= width)).toBe(true);
			expect(lines.filter((l) => l.startsWith('TOTAL'))).toHaveLength(1);
		}
	});
	it('80 mm keeps long names on one line where they fit', () => {
		const lines = layoutReceipt(data, 48);
		expect(lines).toContain('Nasi Goreng Kampung Spesial Seafood dengan Telur');
		expect(lines).toContain(`TOTAL${' '.repeat(48 - 5 - 10)}Rp 101.600`);
		expect(lines[0]).toBe(`${' '.repeat(12)}NUSANTARA RASA SUDIRMAN`);
		expect(lines).toContain('No     : ORD-20260127-JKT001-0001');
		expect(lines).toContain('  + Keju                       5.000');
	});
	it('an unpaid bill in English, reprint and void marks, no rounding line', () => {
		const t2 = computeTotals(cart.lines, { tax_rate: 10, service_rate: 0, rounding: 'none' });
		const lines = layoutReceipt(
			{
				...data,
				totals: t2,
				service_rate: 0,
				payment: null,
				language: 'en',
				reprint: true,
				voided: true,
				footer: ''
			},
			32
		);
		expect(lines).toContain('        *** REPRINT ***');
		expect(lines).toContain('          *** VOID ***');
		expect(lines).toContain('Tax 10%                    8,800');
		expect(lines.some((l) => l.startsWith('Service'))).toBe(false);
		expect(lines.some((l) => l.startsWith('Rounding'))).toBe(false);
		expect(lines).toContain('TOTAL                 IDR 96,800');
		expect(lines[lines.length - 1]).toBe('            NOT PAID');
		expect(lines).toContain('Table  : A-05');
	});
	it('QRIS shows the amount and no change', () => {
		const q = settlePayment(totals.total, { method: 'qris' });
		if (!q.ok) throw new Error('pay');
		const lines = layoutReceipt({ ...data, payment: q.value, footer: undefined }, 32);
		expect(lines.slice(-1)).toEqual(['QRIS                     101.600']);
	});
});

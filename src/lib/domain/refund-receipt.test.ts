// The refund receipt and the split-payment lines, as the screen shows them and as the thermal printer gets them (ESC/POS).
import { describe, expect, it } from 'vitest';
import { encodeReceipt } from './escpos';
import { layoutReceipt, type ReceiptData } from './receipt';
import { computeTotalsFromSubtotal } from './totals';

const totals = computeTotalsFromSubtotal(104_000, { tax_rate: 10, service_rate: 5, rounding: 'none' });
const base: ReceiptData = {
	outlet: { name: 'Warung Test' },
	order_number: 'ORD-20260127-JKT001-B-0001',
	at: '2026-01-27T11:00:00Z',
	timeZone: 'Asia/Jakarta',
	cashier_name: 'Sari',
	lines: [],
	totals,
	language: 'id'
};

describe('refund receipt', () => {
	const refund: ReceiptData = {
		...base,
		refund: {
			amount: 46_200,
			method: 'cash',
			reason: 'Salah pesan',
			lines: [{ product_name: 'Nasi Goreng', qty: 1, amount: 46_200 }]
		}
	};
	it('prints what went back, the total refund, the method and the reason, not the sale', () => {
		const lines = layoutReceipt(refund, 32);
		expect(lines).toEqual([
			'          WARUNG TEST',
			'         *** REFUND ***',
			'--------------------------------',
			'No: ORD-20260127-JKT001-B-0001',
			'Tanggal: 27/01/2026 18:00',
			'Kasir  : Sari',
			'--------------------------------',
			'Nasi Goreng',
			'  1 x                    -46.200',
			'================================',
			'TOTAL REFUND          -Rp 46.200',
			'================================',
			'Tunai                    -46.200',
			'Alasan: Salah pesan'
		]);
	});
	it('goes to the printer as the same lines with TOTAL REFUND bold and double height', () => {
		const bytes = encodeReceipt(refund, 32);
		const text = new TextDecoder('latin1').decode(bytes);
		expect(text).toContain('*** REFUND ***');
		// ESC E 1, GS ! 0x01 (double height) right before the TOTAL line.
		expect(text).toContain('\x1bE\x01\x1d!\x01TOTAL REFUND');
		expect(text).toContain('Alasan: Salah pesan');
	});
});

describe('split payment on the receipt', () => {
	it('lists each part, change only on the cash part', () => {
		const lines = layoutReceipt(
			{
				...base,
				payments: [
					{ method: 'qris', amount: 60_000, cash_amount: null, change_amount: null },
					{ method: 'cash', amount: 60_120, cash_amount: 70_000, change_amount: 9_880 }
				]
			},
			32
		);
		expect(lines.slice(-3)).toEqual([
			'QRIS                      60.000',
			'Tunai                     70.000',
			'Kembali                    9.880'
		]);
	});
});

import { describe, expect, it } from 'vitest';
import {
	checkMovement,
	needsManagerPin,
	shiftTotals,
	variance,
	type ShiftCore,
	type ShiftOrder
} from './shift';
import { layoutShiftReport } from './shift-report';

const shift: ShiftCore = {
	local_id: 'SHIFT-0001',
	opening_cash: 200_000,
	movements: [
		{ local_id: 'm1', kind: 'out', amount: 50_000, reason: 'Beli es batu', at: '2026-01-27T05:00:00Z' },
		{ local_id: 'm2', kind: 'in', amount: 20_000, reason: 'Tambah kembalian', at: '2026-01-27T06:00:00Z' }
	],
	opened_at: '2026-01-27T01:00:00Z',
	closed_at: null
};
const paid = (id: string, method: string, total: number, shift_id = 'SHIFT-0001'): ShiftOrder => ({
	local_id: id,
	status: 'paid',
	total_amount: total,
	shift_id,
	payment_info: { method, amount: total, paid_at: '2026-01-27T04:00:00Z' }
});
const orders: ShiftOrder[] = [
	paid('A', 'cash', 45_000),
	paid('B', 'qris', 30_000),
	paid('C', 'card', 25_000),
	paid('D', 'cash', 10_000),
	{ local_id: 'E', status: 'void', total_amount: 12_000, shift_id: 'SHIFT-0001', payment_info: null },
	{ local_id: 'F', status: 'open', total_amount: 99_000, shift_id: 'SHIFT-0001', payment_info: null },
	paid('G', 'cash', 70_000, 'SHIFT-OTHER')
];

describe('shiftTotals', () => {
	it('expects opening + cash sales + cash in − cash out in the drawer, and the QRIS/card sales', () => {
		const t = shiftTotals(shift, orders);
		expect(t.sales.cash).toEqual({ count: 2, sum: 55_000 });
		expect(t.sales.qris).toEqual({ count: 1, sum: 30_000 });
		expect(t.sales.card).toEqual({ count: 1, sum: 25_000 });
		expect(t.paid).toEqual({ count: 4, sum: 110_000 });
		expect(t.voids).toEqual({ count: 1, sum: 12_000 });
		expect(t.cash_in).toBe(20_000);
		expect(t.cash_out).toBe(50_000);
		expect(t.expected).toEqual({ cash: 200_000 + 55_000 + 20_000 - 50_000, qris: 30_000, card: 25_000 });
	});
});

describe('variance and the manager PIN', () => {
	it('is counted − expected per method; beyond the threshold either way needs the PIN', () => {
		const v = variance(
			{ cash: 225_000, qris: 30_000, card: 25_000 },
			{ cash: 220_000, qris: 30_000, card: 25_000 }
		);
		expect(v).toEqual({ cash: -5_000, qris: 0, card: 0, total: -5_000 });
		expect(needsManagerPin(v, 1_000)).toBe(true);
		expect(needsManagerPin(v, 5_000)).toBe(false);
		expect(needsManagerPin({ cash: 0, qris: 2_000, card: 0 }, 1_000)).toBe(true);
		expect(needsManagerPin({ cash: 0, qris: 0, card: 0 }, 0)).toBe(false);
	});

	it('checks a cash movement: positive amount, a reason, not more out than the drawer holds', () => {
		expect(checkMovement('out', 50_000, 'petty cash', 200_000)).toEqual({ ok: true });
		expect(checkMovement('out', 0, 'x', 200_000)).toEqual({ ok: false, code: 'invalid_amount' });
		expect(checkMovement('in', 10.5, 'x', 0)).toEqual({ ok: false, code: 'invalid_amount' });
		expect(checkMovement('in', 10_000, '  ', 0)).toEqual({ ok: false, code: 'reason_required' });
		expect(checkMovement('out', 300_000, 'x', 200_000)).toEqual({ ok: false, code: 'exceeds_drawer' });
	});
});

describe('layoutShiftReport', () => {
	it('prints the Z report within 32 and 48 characters with expected, counted and variance', () => {
		const totals = shiftTotals(shift, orders);
		const counted = { cash: totals.expected.cash - 5_000, qris: 30_000, card: 25_000 };
		for (const width of [32, 48] as const) {
			const lines = layoutShiftReport(
				{
					kind: 'z',
					outlet: 'Warung Kopi Jakarta',
					shift: { ...shift, closed_at: '2026-01-27T10:00:00Z' },
					totals,
					counted,
					at: '2026-01-27T10:00:00Z',
					timeZone: 'Asia/Jakarta',
					language: 'id'
				},
				width
			);
			expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(width);
			const text = lines.join('\n');
			expect(text).toContain('LAPORAN Z');
			expect(text).toMatch(/Modal awal\s+200\.000/);
			expect(text).toMatch(/Kas keluar\s+50\.000/);
			expect(text).toMatch(/Selisih\n\s+Tunai\s+-5\.000/);
			expect(text).toContain('27/01/2026 17:00');
		}
	});

	it('prints the X report without counted amounts', () => {
		const lines = layoutShiftReport(
			{
				kind: 'x',
				outlet: 'Outlet',
				shift,
				totals: shiftTotals(shift, orders),
				counted: null,
				at: '2026-01-27T08:00:00Z',
				timeZone: 'Asia/Jakarta',
				language: 'en'
			},
			32
		);
		const text = lines.join('\n');
		expect(text).toContain('X REPORT');
		expect(text).not.toContain('Variance');
		expect(text).toMatch(/Cash\s+225\.000/);
	});
});

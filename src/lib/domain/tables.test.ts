import { describe, expect, it } from 'vitest';
import { normalizeTableNumber, tableCounts, tableNumbers, tableStates, type TableOrder } from './tables';

describe('tableNumbers', () => {
	it('numbers tables A-01 upwards', () => {
		expect(tableNumbers(3)).toEqual(['A-01', 'A-02', 'A-03']);
		expect(tableNumbers(12).at(-1)).toBe('A-12');
		expect(tableNumbers(2, 'B')).toEqual(['B-01', 'B-02']);
		expect(tableNumbers(120)[0]).toBe('A-001');
		expect(tableNumbers(0)).toEqual([]);
		expect(tableNumbers(-3)).toEqual([]);
	});
});

describe('normalizeTableNumber', () => {
	it('reads what cashiers type', () => {
		expect(normalizeTableNumber('a5')).toEqual({ ok: true, value: 'A-05' });
		expect(normalizeTableNumber(' A 05 ')).toEqual({ ok: true, value: 'A-05' });
		expect(normalizeTableNumber('b-12')).toEqual({ ok: true, value: 'B-12' });
		expect(normalizeTableNumber('VIP 3')).toEqual({ ok: true, value: 'VIP-03' });
		expect(normalizeTableNumber('')).toEqual({ ok: true, value: null });
	});
	it('rejects the rest with a code', () => {
		expect(normalizeTableNumber('5')).toEqual({
			ok: false,
			error: { code: 'invalid_table_number', input: '5' }
		});
		expect(normalizeTableNumber('A-0').ok).toBe(false);
		expect(normalizeTableNumber('table five').ok).toBe(false);
	});
});

describe('tableStates', () => {
	const orders: TableOrder[] = [
		{
			local_id: 'O1',
			table_number: 'A-01',
			status: 'open',
			pax: 2,
			total_amount: 50000,
			created_at: '2026-01-27T03:10:00Z'
		},
		{
			local_id: 'O2',
			table_number: 'A-02',
			status: 'sent',
			pax: 4,
			total_amount: 120000,
			created_at: '2026-01-27T03:00:00Z',
			bill_requested: true
		},
		{ local_id: 'O3', table_number: 'A-03', status: 'paid', pax: 2, total_amount: 80000 },
		{ local_id: 'O4', table_number: 'A-04', status: 'void' },
		{ local_id: 'O5', table_number: null, status: 'open' },
		{
			local_id: 'O6',
			table_number: 'A-01',
			status: 'sent',
			pax: 1,
			total_amount: 20000,
			created_at: '2026-01-27T03:05:00Z'
		},
		{ local_id: 'O7', table_number: 'Z-99', status: 'open', created_at: '2026-01-27T04:00:00Z' }
	];
	it('derives free, occupied and bill from open orders only', () => {
		const views = tableStates(tableNumbers(4), orders);
		expect(views).toEqual([
			{
				table_number: 'A-01',
				state: 'occupied',
				order_ids: ['O6', 'O1'],
				pax: 3,
				total_amount: 70000,
				since: '2026-01-27T03:05:00Z'
			},
			{
				table_number: 'A-02',
				state: 'bill',
				order_ids: ['O2'],
				pax: 4,
				total_amount: 120000,
				since: '2026-01-27T03:00:00Z'
			},
			{ table_number: 'A-03', state: 'free', order_ids: [], pax: 0, total_amount: 0, since: null },
			{ table_number: 'A-04', state: 'free', order_ids: [], pax: 0, total_amount: 0, since: null },
			{
				table_number: 'Z-99',
				state: 'occupied',
				order_ids: ['O7'],
				pax: 0,
				total_amount: 0,
				since: '2026-01-27T04:00:00Z'
			}
		]);
		expect(tableCounts(views)).toEqual({ free: 2, occupied: 2, bill: 1 });
	});
	it('all free with no orders', () => {
		expect(tableCounts(tableStates(tableNumbers(12), []))).toEqual({ free: 12, occupied: 0, bill: 0 });
	});
});

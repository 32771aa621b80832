// Why: the tables screen follows open orders; deriving each table's state purely keeps it consistent with the orders list.
import type { Rupiah } from './money';
import { isOpenStatus, type OrderStatus } from './order';
import { err, ok, type Result } from './result';

export type TableState = 'free' | 'occupied' | 'bill';

/** What the tables screen needs of an order. */
export type TableOrder = {
	local_id: string;
	table_number: string | null;
	status: OrderStatus;
	/** Set when the guest asked for the bill (a bill printed or "bill" tapped). */
	bill_requested?: boolean;
	total_amount?: Rupiah;
	pax?: number | null;
	created_at?: string;
};

export type TableView = {
	table_number: string;
	state: TableState;
	/** Open orders at the table, oldest first. */
	order_ids: string[];
	pax: number;
	total_amount: Rupiah;
	/** created_at of the oldest open order, or null when free. */
	since: string | null;
};

/** "A-01" ... for an outlet's table_count; two digits at least, more when there are 100+ tables. */
export function tableNumbers(count: number, prefix = 'A'): string[] {
	const n = Math.max(0, Math.floor(count));
	const digits = Math.max(2, String(n).length);
	return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(digits, '0')}`);
}

export type TableNumberError = { code: 'invalid_table_number'; input: string };

/** Reads what a cashier types ("a5", "A 05", "a-5") as "A-05"; empty means takeaway (null). */
export function normalizeTableNumber(input: string): Result<string | null, TableNumberError> {
	const s = input.trim().toUpperCase();
	if (s === '') return ok(null);
	const m = /^([A-Z]{1,3})[\s-]*(\d{1,3})$/.exec(s);
	if (!m) return err({ code: 'invalid_table_number', input });
	const num = Number(m[2]);
	if (num < 1) return err({ code: 'invalid_table_number', input });
	return ok(`${m[1]}-${String(num).padStart(2, '0')}`);
}

/**
 * Each table's state from the open orders (open or sent): free without one, bill when any of its
 * orders asked for the bill, occupied otherwise. Tables that only appear on orders (renamed,
 * or beyond table_count) are listed after the configured ones, in name order.
 */
export function tableStates(tables: readonly string[], orders: readonly TableOrder[]): TableView[] {
	const byTable = new Map<string, TableOrder[]>();
	for (const o of orders) {
		if (!o.table_number || !isOpenStatus(o.status)) continue;
		const list = byTable.get(o.table_number) ?? [];
		list.push(o);
		byTable.set(o.table_number, list);
	}
	const configured = new Set(tables);
	const extra = [...byTable.keys()].filter((t) => !configured.has(t)).sort();
	return [...tables, ...extra].map((table_number) => {
		const list = (byTable.get(table_number) ?? [])
			.slice()
			.sort(
				(a, b) =>
					(a.created_at ?? '').localeCompare(b.created_at ?? '') || a.local_id.localeCompare(b.local_id)
			);
		const state: TableState =
			list.length === 0 ? 'free' : list.some((o) => o.bill_requested) ? 'bill' : 'occupied';
		return {
			table_number,
			state,
			order_ids: list.map((o) => o.local_id),
			pax: list.reduce((s, o) => s + (o.pax ?? 0), 0),
			total_amount: list.reduce((s, o) => s + (o.total_amount ?? 0), 0),
			since: list[0]?.created_at ?? null
		};
	});
}

/** Counts per state, for the header of the tables screen. */
export function tableCounts(views: readonly TableView[]): Record<TableState, number> {
	const counts: Record<TableState, number> = { free: 0, occupied: 0, bill: 0 };
	for (const v of views) counts[v.state] += 1;
	return counts;
}

// Why: shared open orders (an outlet edge): which till an order came from, and what a manager compares when two tills
// edited one order, read purely from the order (its number names the till: ORD-<day>-<OUTLET>-<DEVICE>-<nnnn>).
import { parseOrderNumber } from './order';

export type OrderOrigin = { device: string; cashier: string | null };

/** The till that opened an order, when it is not this one (null: opened here, or its number names no till). */
export function orderOrigin(
	o: { order_number: string; cashier_name?: string | null | undefined },
	myDevice: string
): OrderOrigin | null {
	const device = parseOrderNumber(o.order_number)?.device ?? '';
	if (!device || device === myDevice) return null;
	return { device, cashier: o.cashier_name ?? null };
}

export type OrderCopy = {
	order_number: string | null;
	device: string | null;
	lines: number;
	total: number;
	status: string;
	customer: string | null;
	pax: number | null;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One copy of an order in an order conflict (the server's or this till's), or null when it is not an order. */
export function orderCopy(v: unknown): OrderCopy | null {
	if (!isRecord(v) || !Array.isArray(v.items) || typeof v.total_amount !== 'number') return null;
	const shared = isRecord(v.shared) ? v.shared : null;
	return {
		order_number: typeof v.order_number === 'string' ? v.order_number : null,
		device: typeof shared?.device_code === 'string' ? shared.device_code : null,
		lines: v.items.length,
		total: v.total_amount,
		status: typeof v.status === 'string' ? v.status : '',
		customer: typeof v.customer_name === 'string' ? v.customer_name : null,
		pax: typeof v.pax === 'number' ? v.pax : null
	};
}

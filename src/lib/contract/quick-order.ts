// Why: zod was the largest Node cost of a small `/sync/batch` request (BatchItem then OrderPush, a copy of every order
// twice); a batch's well-formed new orders are checked here by hand in one pass with no copies, and anything this check
// is not sure of goes to the zod schemas, which stay the only source of errors and their messages.
import type { OrderPush } from './cloud';
import { isIsoTimestamp } from './safe';

/**
 * What `OrderPush.safeParse(BatchItem.parse(raw).data)` answers for a batch item that both schemas accept: the
 * order, as the same keys and values (zod's copy differs only in key order, which no consumer reads: the bulk insert
 * stores jsonb). Not a copy: the order object of `raw` itself, which the caller owns (a parsed request body).
 *
 * `null` means "ask zod", never "invalid": every order carrying something this check does not model (`shared`, a
 * `__proto__` key, which zod's copy drops) is left to zod as well. `cloud.ts`'s schemas are the definition; the table in
 * `quick-order.test.ts` holds this function to them.
 */
export function quickBatchOrder(raw: unknown): OrderPush | null {
	const item = plain(raw);
	if (!item || item.entity_type !== 'order') return null;
	const op = item.operation;
	if (op !== undefined && op !== 'create' && op !== 'update') return null;
	const o = plain(item.data);
	if (!o || o.shared !== undefined) return null;
	const ok =
		text(o.local_id, 1, 200) &&
		optional(o.order_number, (v) => text(v, 0, 100)) &&
		optional(o.outlet_id, anyText) &&
		optional(o.outlet_code, anyText) &&
		nullable(o.table_number, (v) => text(v, 0, 50)) &&
		nullable(o.customer_name, (v) => text(v, 0, 200)) &&
		nullable(o.pax, (v) => int(v, 0, 10_000)) &&
		rupiah(o.total_amount) &&
		(o.status === 'open' || o.status === 'sent' || o.status === 'paid' || o.status === 'void') &&
		lines(o.items) &&
		nullable(o.payment_info, payment) &&
		nullable(o.cashier_name, (v) => text(v, 0, 200)) &&
		nullable(o.staff_id, (v) => text(v, 0, 64)) &&
		nullable(o.voided_by, (v) => text(v, 0, 200)) &&
		optional(o.discount_amount, rupiah) &&
		nullable(o.discount, discount) &&
		int(o.version, 1, 2_147_483_647) &&
		timestamp(o.created_at) &&
		timestamp(o.updated_at);
	// Checked field by field above against the schema `OrderPush` is inferred from.
	return ok ? (o as OrderPush) : null;
}

const PROTO = '__proto__';
const MAX_RUPIAH = 1_000_000_000_000;

/** A JSON object (not an array, not null) with no `__proto__` key of its own. */
function plain(v: unknown): Record<string, unknown> | null {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
	return Object.hasOwn(v, PROTO) ? null : (v as Record<string, unknown>);
}

const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const nullable = (v: unknown, check: (v: unknown) => boolean) => v === undefined || v === null || check(v);
const text = (v: unknown, min: number, max: number) =>
	typeof v === 'string' && v.length >= min && v.length <= max;
const anyText = (v: unknown) => typeof v === 'string';
const int = (v: unknown, min: number, max: number) =>
	typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const rupiah = (v: unknown) => int(v, 0, MAX_RUPIAH);
const timestamp = (v: unknown) => typeof v === 'string' && isIsoTimestamp(v);

/** `OrderItem`, each line of `items` (at most 1000). */
function lines(v: unknown): boolean {
	if (!Array.isArray(v) || v.length > 1000) return false;
	for (const x of v as unknown[]) {
		const l = plain(x);
		if (
			!l ||
			!text(l.product_name, 1, 200) ||
			!optional(l.category, (c) => text(c, 0, 200)) ||
			!int(l.qty, 1, 100_000) ||
			!rupiah(l.price) ||
			!rupiah(l.subtotal) ||
			!optional(l.destination, (d) => d === 'kitchen' || d === 'bar') ||
			!optional(l.status, (s) => s === 'new' || s === 'sent' || s === 'served') ||
			!optional(l.discount, discount) ||
			!optional(l.discount_amount, rupiah)
		)
			return false;
	}
	return true;
}

/** The order's `payment_info` (null allowed by the caller). */
function payment(v: unknown): boolean {
	const p = plain(v);
	return !!p && text(p.method, 1, 50) && rupiah(p.amount) && timestamp(p.paid_at);
}

/** `DiscountWire`, on a line or on the order. */
function discount(v: unknown): boolean {
	const d = plain(v);
	return (
		!!d &&
		(d.kind === 'percent' || d.kind === 'amount') &&
		typeof d.value === 'number' &&
		Number.isFinite(d.value) &&
		d.value > 0 &&
		d.value <= MAX_RUPIAH &&
		text(d.name, 0, 100) &&
		d.preset_id !== undefined &&
		nullable(d.preset_id, (x) => text(x, 0, 64)) &&
		nullable(d.given_by, (x) => text(x, 0, 200)) &&
		nullable(d.given_by_id, (x) => text(x, 0, 64)) &&
		nullable(d.approved_by, (x) => text(x, 0, 200)) &&
		nullable(d.approved_by_id, (x) => text(x, 0, 64))
	);
}

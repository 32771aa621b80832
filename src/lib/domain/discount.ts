// Why: discounts change what the guest pays, the tax base and the cloud's figures; the money rules live here, pure, so
// the till, the receipt and the push agree to the rupiah. Order of operations (docs/till.md): each line's discount on the
// line's subtotal -> the order discount on the sum after line discounts -> service on that -> PB1 on it + service -> cash rounding.
import { DISCOUNT_KINDS } from '../contract/values';
import { lineSubtotal, type CartLine } from './cart';
import { isNonNegativeRupiah, percentOf, type Rupiah } from './money';
import { err, ok, type Result } from './result';
import { computeTotalsFromSubtotal, type ChargeSettings, type Totals } from './totals';

export { DISCOUNT_KINDS };
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/** A discount given on a line or on the whole order, as the order document (and the push) carries it. */
export type Discount = {
	kind: DiscountKind;
	/** percent: 0 < value <= 100, at most two decimals; amount: whole rupiah > 0. */
	value: number;
	/** What the receipt prints: the preset's name, or what the cashier typed. */
	name: string;
	/** The outlet's preset it came from; null when typed ad hoc. */
	preset_id: string | null;
	/** Who gave it (the signed-in cashier's name) and their staff id when staff are configured. */
	given_by: string | null;
	given_by_id: string | null;
	/** Who approved an ad-hoc discount above the limit with their PIN; null when no approval was needed. */
	approved_by: string | null;
	approved_by_id: string | null;
};

/** A discount the outlet defines in its configuration (`config.discounts`); `scope` says where it may be used. */
export type DiscountPreset = {
	id: string;
	name: string;
	kind: DiscountKind;
	value: number;
	scope: 'line' | 'order' | 'both';
};

/** The ad-hoc limit when the outlet sets none: a typed discount above 10 % of what it applies to needs a supervisor. */
export const DEFAULT_DISCOUNT_LIMIT_PERCENT = 10;

export type DiscountError = { code: 'invalid_discount'; value: unknown };

function validPercent(v: number): boolean {
	return Number.isFinite(v) && v > 0 && v <= 100 && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
}

/** Checks what a cashier typed or a config holds: a percent in (0, 100] with two decimals at most, or whole rupiah > 0. */
export function validateDiscountValue(kind: DiscountKind, value: number): Result<number, DiscountError> {
	if (kind === 'percent' ? validPercent(value) : isNonNegativeRupiah(value) && value > 0) return ok(value);
	return err({ code: 'invalid_discount', value });
}

/** The rupiah a discount takes off `base`: a percent rounded half-up to the rupiah; never more than the base, never < 0. */
export function discountOf(d: Pick<Discount, 'kind' | 'value'> | null | undefined, base: Rupiah): Rupiah {
	if (!d || base <= 0) return 0;
	const raw = d.kind === 'percent' ? percentOf(base, d.value) : Math.floor(d.value);
	return Math.max(0, Math.min(raw, base));
}

/** A line's discount in rupiah (at most the line's subtotal). */
export function lineDiscount(line: Pick<CartLine, 'unit_price' | 'modifiers' | 'qty' | 'discount'>): Rupiah {
	return discountOf(line.discount, lineSubtotal(line));
}

export type DiscountBreakdown = {
	/** Sum of the lines before any discount (what the receipt prints as Subtotal). */
	gross: Rupiah;
	/** Sum of the lines' discounts. */
	line_discount: Rupiah;
	/** The order discount, on `gross - line_discount`. */
	order_discount: Rupiah;
	/** line_discount + order_discount: the order's `discount_amount`. */
	discount_amount: Rupiah;
	/** gross - discount_amount: the base of service and PB1. */
	net: Rupiah;
};

export function discountBreakdown(
	lines: readonly Pick<CartLine, 'unit_price' | 'modifiers' | 'qty' | 'discount'>[],
	orderDiscount: Pick<Discount, 'kind' | 'value'> | null | undefined
): DiscountBreakdown {
	let gross = 0;
	let line_discount = 0;
	for (const l of lines) {
		gross += lineSubtotal(l);
		line_discount += lineDiscount(l);
	}
	const order_discount = discountOf(orderDiscount, gross - line_discount);
	const discount_amount = line_discount + order_discount;
	return { gross, line_discount, order_discount, discount_amount, net: gross - discount_amount };
}

/** Totals with discounts: `subtotal` stays the gross of the lines; total = subtotal - discount + service + tax + rounding. */
export type DiscountedTotals = Totals & { discount: Rupiah; line_discount: Rupiah; order_discount: Rupiah };

export function discountedTotals(
	lines: readonly CartLine[],
	orderDiscount: Discount | null | undefined,
	settings: ChargeSettings
): DiscountedTotals {
	const b = discountBreakdown(lines, orderDiscount);
	const t = computeTotalsFromSubtotal(b.net, settings);
	return {
		...t,
		subtotal: b.gross,
		discount: b.discount_amount,
		line_discount: b.line_discount,
		order_discount: b.order_discount
	};
}

/**
 * Whether giving `d` on `base` needs a supervisor's PIN: a preset never does (the outlet chose it); an ad-hoc discount
 * does when it takes off more than `limitPercent` of what it applies to.
 */
export function needsApproval(
	d: Pick<Discount, 'kind' | 'value' | 'preset_id'>,
	base: Rupiah,
	limitPercent: number = DEFAULT_DISCOUNT_LIMIT_PERCENT
): boolean {
	if (d.preset_id !== null) return false;
	return discountOf(d, base) > percentOf(Math.max(0, base), Math.max(0, limitPercent));
}

/** The receipt's label of a discount: its name, else "10%" / the amount's digits. */
export function discountLabel(d: Pick<Discount, 'kind' | 'value' | 'name'>): string {
	if (d.name.trim()) return d.name.trim();
	return d.kind === 'percent' ? `${String(d.value).replace('.', ',')}%` : String(d.value);
}

/** Drops malformed entries of a configured preset list (ids unique, first wins). */
export function validPresetList(raw: unknown): DiscountPreset[] {
	if (!Array.isArray(raw)) return [];
	const seen = new Set<string>();
	const out: DiscountPreset[] = [];
	for (const r of raw as unknown[]) {
		if (typeof r !== 'object' || r === null) continue;
		const { id, name, kind, value, scope } = r as Record<string, unknown>;
		if (typeof id !== 'string' || id === '' || seen.has(id) || typeof name !== 'string') continue;
		if (kind !== 'percent' && kind !== 'amount') continue;
		if (typeof value !== 'number' || !validateDiscountValue(kind, value).ok) continue;
		const sc = scope === 'line' || scope === 'order' ? scope : 'both';
		seen.add(id);
		out.push({ id, name: name.trim() || id, kind, value, scope: sc });
	}
	return out;
}

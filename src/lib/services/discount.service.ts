// Why: giving or removing a discount on a line or the whole order: checks the value, asks `authorize` for the PIN an
// ad-hoc discount above the outlet's limit needs, and records who gave and who approved it in the cart.
import type { CartLine } from '$lib/domain/cart';
import {
	DEFAULT_DISCOUNT_LIMIT_PERCENT,
	discountBreakdown,
	needsApproval,
	validateDiscountValue,
	type Discount,
	type DiscountKind
} from '$lib/domain/discount';
import { lineSubtotal } from '$lib/domain/cart';
import type { StaffAction } from '$lib/domain/staff';
import { app } from '$lib/managers/app.svelte';
import { cart } from '$lib/managers/cart.svelte';
import { AppError } from './error.service';
import { authorize, currentActor } from './staff.service';

export type DiscountInput = { kind: DiscountKind; value: number; name: string; preset_id: string | null };

/** The outlet's ad-hoc limit in percent (config `discount_limit_percent`, default 10). */
export function discountLimit(): number {
	const v = app.store?.config.discount_limit_percent;
	return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100
		? v
		: DEFAULT_DISCOUNT_LIMIT_PERCENT;
}

/** What a discount on `lineId` (null: the order) applies to: the line's subtotal, or the lines after their own discounts. */
export function discountBase(lineId: string | null): number {
	if (lineId === null) return discountBreakdown(cart.cart.lines, null).net;
	const line = cart.cart.lines.find((l) => l.line_id === lineId);
	return line ? lineSubtotal(line) : 0;
}

/** The role table's action for this discount on this base. */
export function discountAction(input: DiscountInput, base: number): StaffAction {
	if (input.preset_id !== null) return 'discount_preset';
	return needsApproval(input, base, discountLimit()) ? 'discount_over_limit' : 'discount_within_limit';
}

/**
 * Gives the discount on the line (or the order when `lineId` is null). Resolves false when the approval was refused or
 * cancelled (nothing changes); throws AppError('invalid_discount') for a value no one can mean.
 */
export async function giveDiscount(lineId: string | null, input: DiscountInput): Promise<boolean> {
	if (!validateDiscountValue(input.kind, input.value).ok) throw new AppError('invalid_discount');
	const action = discountAction(input, discountBase(lineId));
	const approver = await authorize(action);
	if (!approver) return false;
	const by = currentActor();
	const discount: Discount = {
		kind: input.kind,
		value: input.value,
		name: input.name.trim(),
		preset_id: input.preset_id,
		given_by: by.name,
		given_by_id: by.id,
		approved_by: action === 'discount_over_limit' ? approver.name : null,
		approved_by_id: action === 'discount_over_limit' ? approver.id || null : null
	};
	setDiscount(lineId, discount);
	return true;
}

export function removeDiscount(lineId: string | null): void {
	setDiscount(lineId, null);
}

function setDiscount(lineId: string | null, discount: Discount | null): void {
	const c = cart.cart;
	if (lineId === null) cart.set({ ...c, discount });
	else
		cart.set({
			...c,
			lines: c.lines.map((l): CartLine => (l.line_id === lineId ? { ...l, discount } : l))
		});
}

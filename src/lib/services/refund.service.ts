// Why: a refund is ONE write of the original order (the refund embedded in it, version bumped for the push); its refund
// transaction (negative amount, type 'refund', linked by order_id) is derived from it like payments are, so it is never lost.
import { deriveTransactions, PENDING, type OrderDoc } from '$lib/db';
import { computeRefund, type RefundEntry, type RefundRequestLine } from '$lib/domain/refund';
import type { PaymentMethod } from '$lib/domain/payment';
import { byMethod } from '$lib/domain/split';
import { app } from '$lib/managers/app.svelte';
import { currentActor } from './staff.service';
import { AppError } from './error.service';
import { newLocalId } from './order.service';
import { openShiftOf } from './shift.service';

/**
 * Refunds chosen lines and quantities of a paid order (the caller has authorized it: `authorize('refund')`; `by` is who
 * allowed it, stored as `approved_by`/`approved_by_id` and printed on the refund receipt), paid back by `method`. The
 * amount is computed inside the document's modify function, on the order as stored at that moment, so two tabs refunding the
 * same line cannot together give back more than was sold. Refused beyond what that method took in.
 */
export async function refundOrder(
	localId: string,
	request: readonly RefundRequestLine[],
	reason: string,
	method: PaymentMethod,
	by?: { name: string; id: string | null }
): Promise<{ order: OrderDoc; refund: RefundEntry }> {
	const db = app.requireDb();
	const doc = await db.orders.findOne(localId).exec();
	if (!doc) throw new AppError('not_found');
	const shift = await openShiftOf(db);
	const now = new Date().toISOString();
	const refundId = newLocalId();
	let made: RefundEntry | null = null;
	const after = await doc.incrementalModify((d) => {
		const order = d as OrderDoc;
		const r = computeRefund(order, request, reason);
		if (!r.ok) throw new AppError(r.error.code);
		const took = byMethod(order.payments).get(method) ?? 0;
		const gave = (order.refunds ?? []).filter((x) => x.method === method).reduce((s, x) => s + x.amount, 0);
		if (r.value.amount > took - gave) throw new AppError('refund_exceeds_method');
		made = {
			local_id: refundId,
			lines: r.value.lines,
			amount: r.value.amount,
			method,
			reason: reason.trim(),
			refunded_at: now,
			cashier_name: currentActor().name,
			approved_by: by?.name ?? null,
			approved_by_id: by?.id ?? null,
			shift_id: shift?.local_id ?? null
		};
		return {
			...order,
			refunds: [...(order.refunds ?? []), made],
			version: order.version + 1,
			updated_at: now,
			...PENDING
		};
	});
	const order = after.toJSON() as OrderDoc;
	await deriveTransactions(db, [order]);
	const refund = (order.refunds ?? []).find((r) => r.local_id === refundId) ?? made;
	if (!refund) throw new AppError('not_found');
	return { order, refund };
}

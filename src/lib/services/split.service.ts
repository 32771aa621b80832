// Why: split bills: each begins with ONE order write that holds the whole intent, then finishes idempotently
// (src/lib/db/splits.ts, written by the worker: worker/sales/orders.ts), so a crash in between is completed by the start-up repair instead of losing money. Table moves
// and merges (the tables screen's) are in table-move.service.ts.
import type { OrderDoc, SplitPartPlan } from '$lib/db';
import { newPartId } from '$lib/db/sale-docs';
import type { OrderItem } from '$lib/db';
import { isOpenStatus } from '$lib/domain/order';
import { shareMoney, splitByLineSubtotals, splitEqually } from '$lib/domain/split';
import { cart } from '$lib/managers/cart.svelte';
import { AppError } from './error.service';
import { drawOrderNumber } from './order.service';
import { outcome, sales } from './sales-client';

export type SplitSpec = { kind: 'lines'; groups: string[][] } | { kind: 'equal'; parts: number };

/** The item an equal part carries: one line worth the part's subtotal (the lines stay listed on the original). */
function shareItem(orderNumber: string, i: number, n: number, subtotal: number): OrderItem {
	return {
		line_id: 'L1',
		product_id: '',
		product_name: `${orderNumber} (${i + 1}/${n})`,
		category: '',
		qty: 1,
		price: subtotal,
		subtotal,
		modifiers: [],
		note: '',
		destination: 'kitchen',
		status: 'served'
	};
}

/** The parts' items and money: by lines (each group its lines, in proportion) or equally (the total by N, to the rupiah). */
function planParts(order: OrderDoc, spec: SplitSpec): Omit<SplitPartPlan, 'local_id' | 'order_number'>[] {
	if (spec.kind === 'equal') {
		if (!Number.isSafeInteger(spec.parts) || spec.parts < 2 || spec.parts > 20)
			throw new AppError('invalid_split');
		return shareMoney(order, splitEqually(order.total_amount, spec.parts)).map((m, i) => ({
			...m,
			items: [shareItem(order.order_number, i, spec.parts, m.subtotal)]
		}));
	}
	const groups = spec.groups.filter((g) => g.length > 0);
	const used = groups.flat();
	if (groups.length < 2 || new Set(used).size !== used.length || used.length !== order.items.length)
		throw new AppError('invalid_split');
	const byId = new Map(order.items.map((i) => [i.line_id, i]));
	const items = groups.map((g) =>
		g.map((id) => {
			const it = byId.get(id);
			if (!it) throw new AppError('invalid_split');
			return it;
		})
	);
	const totals = splitByLineSubtotals(
		order.total_amount,
		items.map((g) => g.map((i) => i.subtotal))
	);
	return shareMoney(order, totals).map((m, i) => ({ ...m, items: items[i] ?? [] }));
}

/**
 * Splits a stored open order (hold it first) into parts with their own order numbers, each paid on its own. Write 1 puts the
 * plan (part ids, numbers, items, money) in the original; `finishSplit` then writes the parts and closes the original as void
 * "split". A crash between them is finished by the start-up repair.
 */
export async function splitOrder(localId: string, spec: SplitSpec): Promise<OrderDoc[]> {
	const order = await sales().readOrder(localId);
	if (!order) throw new AppError('not_found');
	if (!isOpenStatus(order.status) || order.links?.split_plan) throw new AppError('invalid_split');
	const shapes = planParts(order, spec);
	const at = new Date().toISOString();
	const plan: SplitPartPlan[] = [];
	for (const s of shapes) plan.push({ ...s, local_id: newPartId(), order_number: await drawOrderNumber(at) });
	// The worker writes the plan into the original, finishes the split, and gives the first part the table.
	const parts = outcome(await sales().splitStoredOrder(localId, plan));
	if (cart.orderId === localId) cart.reset();
	return parts;
}

/**
 * The split-bill part the cart holds, when it was recalled and left unchanged (same lines, same quantities): it is paid for
 * its share of the original (`payStoredOrder`), which the cart's own totals of its lines can miss by a rupiah or more.
 */
export async function splitPartInCart(): Promise<OrderDoc | null> {
	if (!cart.orderId || !cart.stored) return null;
	const doc = await sales().readOrder(cart.orderId);
	if (!doc || !doc.links?.split_from || !isOpenStatus(doc.status)) return null;
	const stored = doc.items.map((i) => `${i.line_id}\u001f${i.qty}`).join('\n');
	const inCart = cart.cart.lines.map((l) => `${l.line_id}\u001f${l.qty}`).join('\n');
	return stored === inCart ? doc : null;
}

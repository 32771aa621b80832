// Why: table moves and merges (the tables screen's): a merge begins with ONE order write that holds the whole intent, then
// finishes idempotently (src/lib/db/splits.ts, written by the worker: worker/sales/orders.ts), so a crash in between is
// completed by the start-up repair instead of losing money. Apart from split.service.ts (the selling screen's split bill) so the selling screen does not load them.
import type { OrderDoc } from '$lib/db';
import { cart } from '$lib/managers/cart.svelte';
import { outcome, sales } from './sales-client';

/** Moves a table's open orders to a free table (one write per order, by the worker); both tables' status follows. */
export async function moveTable(from: string, to: string): Promise<OrderDoc[]> {
	const moved = outcome(await sales().moveTableOrders(from, to));
	for (const o of moved) if (cart.orderId === o.local_id) cart.table = to;
	return moved;
}

/**
 * Merges the open orders of table `from` into the oldest open order of table `to` (worker/sales/orders.ts mergeTables: one
 * write of the target holding the whole intent, then the sources closed as void "merged"), totals with the outlet's charges;
 * the cart follows (a source it held is gone, the target it holds is reloaded).
 */
export async function mergeTables(from: string, to: string): Promise<OrderDoc> {
	const { merged, sources } = outcome(await sales().mergeTableOrders(from, to, { ...cart.charges }));
	for (const s of sources) if (cart.orderId === s.local_id) cart.reset();
	if (cart.orderId === merged.local_id) cart.load(merged);
	return merged;
}

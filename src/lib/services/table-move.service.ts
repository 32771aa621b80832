// Why: table moves and merges (the tables screen's): a merge begins with ONE order write that holds the whole intent, then
// finishes idempotently (src/lib/db/splits.ts), so a crash in between is completed by the start-up repair instead of losing
// money. Apart from split.service.ts (the selling screen's split bill) so the selling screen does not load them.
import { finishMerge, nextLineNumber, openOrderDocs, PENDING, type OrderDoc } from '$lib/db';
import { linesFromOrderItems } from '$lib/domain/order';
import { computeTotals } from '$lib/domain/totals';
import { app } from '$lib/managers/app.svelte';
import { cart } from '$lib/managers/cart.svelte';
import { AppError } from './error.service';
import { followTable, setTable } from './order.service';

async function openOrdersAt(table: string): Promise<OrderDoc[]> {
	const db = app.requireDb();
	return (await openOrderDocs(db))
		.filter((o) => o.table_number === table)
		.map((o) => o.toJSON() as OrderDoc)
		.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** Moves a table's open orders to a free table (one write per order); both tables' status follows. */
export async function moveTable(from: string, to: string): Promise<OrderDoc[]> {
	if (from === to) throw new AppError('invalid_table_move');
	const db = app.requireDb();
	const moving = await openOrdersAt(from);
	if (moving.length === 0) throw new AppError('not_found');
	if ((await openOrdersAt(to)).length > 0) throw new AppError('table_occupied');
	const moved: OrderDoc[] = [];
	for (const o of moving) {
		const doc = await db.orders.findOne(o.local_id).exec();
		if (!doc) continue;
		const after = await doc.incrementalModify((d) => ({
			...d,
			table_number: to,
			version: d.version + 1,
			updated_at: new Date().toISOString(),
			...PENDING
		}));
		moved.push(after.toJSON() as OrderDoc);
		if (cart.orderId === o.local_id) cart.table = to;
	}
	const first = moved[0];
	if (first) {
		await setTable(db, first);
		await setTable(db, { ...first, table_number: from, status: 'void' });
	}
	return moved;
}

/**
 * Merges the open orders of table `from` into the oldest open order of table `to`: write 1 appends their lines (renumbered) to
 * the target with `merged_from` listing them, totals recomputed with the outlet's charges; `finishMerge` then closes each source
 * as void "merged". A source already listed is never appended twice.
 */
export async function mergeTables(from: string, to: string): Promise<OrderDoc> {
	if (from === to) throw new AppError('invalid_table_move');
	const db = app.requireDb();
	const sources = await openOrdersAt(from);
	const target = (await openOrdersAt(to))[0];
	if (!target || sources.length === 0) throw new AppError('not_found');
	const doc = await db.orders.findOne(target.local_id).exec();
	if (!doc) throw new AppError('not_found');
	await doc.incrementalModify((d) => {
		const already = new Set(d.links?.merged_from ?? []);
		const adding = sources.filter((s) => !already.has(s.local_id));
		if (adding.length === 0) return d;
		let next = nextLineNumber(d.items);
		const items = [
			...d.items,
			...adding.flatMap((s) => s.items.map((i) => ({ ...i, line_id: `L${next++}` })))
		];
		const t = computeTotals(linesFromOrderItems(items), cart.charges);
		return {
			...d,
			items,
			subtotal: t.subtotal,
			service_amount: t.service_charge,
			tax_amount: t.tax,
			rounding_amount: t.rounding,
			total_amount: t.total,
			pax: (d.pax ?? 0) + adding.reduce((s, o) => s + (o.pax ?? 0), 0) || null,
			links: { ...(d.links ?? {}), merged_from: [...already, ...adding.map((s) => s.local_id)] },
			version: d.version + 1,
			updated_at: new Date().toISOString(),
			...PENDING
		};
	});
	await finishMerge(db, target.local_id);
	const merged = (await db.orders.findOne(target.local_id).exec())?.toJSON() as OrderDoc;
	for (const s of sources) {
		if (cart.orderId === s.local_id) cart.reset();
		await followTable(db, { ...s, status: 'void' });
	}
	await setTable(db, merged);
	if (cart.orderId === target.local_id) cart.load(merged);
	return merged;
}

// Why: the writes to stored orders the selling and tables screens make (void, the bill asked, a split part paid, the split
// bill, table moves and merges), in the worker as the tab made them: one order write first, then what follows from it
// (transactions, tables), each finished idempotently. Expected refusals come back as codes, never as thrown errors.
import { SHARED_ORDERS_FEATURE } from '../../src/lib/contract/values';
import { getMeta, META } from '../../src/lib/db/meta';
import { PENDING } from '../../src/lib/db/push-state';
import { deriveTransactions, paymentInfoOf, setTable } from '../../src/lib/db/sales';
import {
	finishMerge,
	finishSplit,
	followTable,
	nextLineNumber,
	openOrderDocs
} from '../../src/lib/db/splits';
import type { OrderDoc, SplitPartPlan, StoredPayment } from '../../src/lib/db/types';
import { linesFromOrderItems, transitionOrder } from '../../src/lib/domain/order';
import { computeTotals, type ChargeSettings } from '../../src/lib/domain/totals';
import type { Ctx } from '../context';

/** A write's answer: its value, or the code of why it was refused (the UI shows it as its AppError). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

const nowIso = () => new Date().toISOString();

/** The open and sent orders, newest first (recall's list): two equality ranges on the status index. */
export async function openOrders(ctx: Ctx): Promise<OrderDoc[]> {
	return (await openOrderDocs(ctx.db))
		.map((d) => d.toMutableJSON())
		.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
}

/** Voids an order (the caller has authorized it); `by` is who allowed it. Its table follows. */
export async function voidOrder(
	ctx: Ctx,
	localId: string,
	reason: string,
	by: { name: string; id: string | null }
): Promise<Outcome<OrderDoc>> {
	const doc = await ctx.db.orders.findOne(localId).exec();
	if (!doc) return { ok: false, code: 'not_found' };
	const r = transitionOrder(doc.status, 'void', { reason });
	if (!r.ok) return { ok: false, code: r.error.code };
	const now = nowIso();
	const after = await doc.incrementalModify((d) => ({
		...d,
		status: 'void',
		void_reason: reason.trim(),
		voided_by: by.name,
		voided_by_id: by.id || null,
		version: d.version + 1,
		updated_at: now,
		...PENDING
	}));
	const json = after.toMutableJSON();
	await setTable(ctx.db, json);
	return { ok: true, value: json };
}

/**
 * The table of a stored order asks for the bill. When the server shares open orders (an outlet edge), the ask is also a
 * new version of the order, so the other tablets' floors show the table asking too.
 */
export async function askBill(ctx: Ctx, localId: string): Promise<void> {
	const doc = await ctx.db.orders.findOne(localId).exec();
	if (!doc) return;
	await setTable(ctx.db, doc.toMutableJSON(), true);
	if (!((await getMeta<string[]>(ctx.db, META.cloudFeatures)) ?? []).includes(SHARED_ORDERS_FEATURE)) return;
	const now = nowIso();
	await doc.incrementalModify((d) => ({ ...d, version: d.version + 1, updated_at: now, ...PENDING }));
}

/**
 * Pays a stored open order (a part of a split bill): ONE write of that order with status paid and these payments (nothing
 * when it is paid already), then its transactions are derived; its table goes to the next open order there, or is freed.
 */
export async function payStoredOrder(
	ctx: Ctx,
	localId: string,
	payments: StoredPayment[],
	paidAt: string,
	shiftId: string | null
): Promise<Outcome<OrderDoc>> {
	const doc = await ctx.db.orders.findOne(localId).exec();
	if (!doc) return { ok: false, code: 'not_found' };
	const after = await doc.incrementalModify((d) =>
		d.status === 'paid'
			? d
			: {
					...d,
					status: 'paid',
					payments,
					payment_info: paymentInfoOf(payments, d.total_amount, paidAt),
					shift_id: shiftId,
					version: d.version + 1,
					updated_at: paidAt,
					...PENDING
				}
	);
	const order = after.toMutableJSON();
	await deriveTransactions(ctx.db, [order]);
	await followTable(ctx.db, order);
	return { ok: true, value: order };
}

/**
 * Splits a stored open order by this plan (part ids, numbers, items, money): write 1 puts the plan in the original (kept
 * when one is there already); `finishSplit` then writes the parts and closes the original as void "split". The first
 * part takes the table.
 */
export async function splitOrder(
	ctx: Ctx,
	localId: string,
	plan: SplitPartPlan[]
): Promise<Outcome<OrderDoc[]>> {
	const doc = await ctx.db.orders.findOne(localId).exec();
	if (!doc) return { ok: false, code: 'not_found' };
	await doc.incrementalModify((d) =>
		d.links?.split_plan
			? d
			: { ...d, links: { ...(d.links ?? {}), split_into: plan.map((p) => p.local_id), split_plan: plan } }
	);
	const parts = await finishSplit(ctx.db, localId);
	const first = parts[0];
	if (first) await setTable(ctx.db, first);
	return { ok: true, value: parts };
}

async function openOrdersAt(ctx: Ctx, table: string): Promise<OrderDoc[]> {
	return (await openOrderDocs(ctx.db))
		.filter((o) => o.table_number === table)
		.map((o) => o.toMutableJSON())
		.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** Moves a table's open orders to a free table (one write per order); both tables' status follows. */
export async function moveTable(ctx: Ctx, from: string, to: string): Promise<Outcome<OrderDoc[]>> {
	if (from === to) return { ok: false, code: 'invalid_table_move' };
	const moving = await openOrdersAt(ctx, from);
	if (moving.length === 0) return { ok: false, code: 'not_found' };
	if ((await openOrdersAt(ctx, to)).length > 0) return { ok: false, code: 'table_occupied' };
	const moved: OrderDoc[] = [];
	for (const o of moving) {
		const doc = await ctx.db.orders.findOne(o.local_id).exec();
		if (!doc) continue;
		const after = await doc.incrementalModify((d) => ({
			...d,
			table_number: to,
			version: d.version + 1,
			updated_at: nowIso(),
			...PENDING
		}));
		moved.push(after.toMutableJSON());
	}
	const first = moved[0];
	if (first) {
		await setTable(ctx.db, first);
		await setTable(ctx.db, { ...first, table_number: from, status: 'void' });
	}
	return { ok: true, value: moved };
}

/**
 * Merges the open orders of table `from` into the oldest open order of table `to`: write 1 appends their lines (renumbered) to
 * the target with `merged_from` listing them, totals recomputed with the outlet's `charges`; `finishMerge` then closes each
 * source as void "merged". A source already listed is never appended twice. Answers the merged order and the sources.
 */
export async function mergeTables(
	ctx: Ctx,
	from: string,
	to: string,
	charges: ChargeSettings
): Promise<Outcome<{ merged: OrderDoc; sources: OrderDoc[] }>> {
	if (from === to) return { ok: false, code: 'invalid_table_move' };
	const sources = await openOrdersAt(ctx, from);
	const target = (await openOrdersAt(ctx, to))[0];
	if (!target || sources.length === 0) return { ok: false, code: 'not_found' };
	const doc = await ctx.db.orders.findOne(target.local_id).exec();
	if (!doc) return { ok: false, code: 'not_found' };
	await doc.incrementalModify((d) => {
		const already = new Set(d.links?.merged_from ?? []);
		const adding = sources.filter((s) => !already.has(s.local_id));
		if (adding.length === 0) return d;
		let next = nextLineNumber(d.items);
		const items = [
			...d.items,
			...adding.flatMap((s) => s.items.map((i) => ({ ...i, line_id: `L${next++}` })))
		];
		const t = computeTotals(linesFromOrderItems(items), charges);
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
			updated_at: nowIso(),
			...PENDING
		};
	});
	await finishMerge(ctx.db, target.local_id);
	const merged = (await ctx.db.orders.findOne(target.local_id).exec())?.toMutableJSON();
	if (!merged) return { ok: false, code: 'not_found' };
	for (const s of sources) await followTable(ctx.db, { ...s, status: 'void' });
	await setTable(ctx.db, merged);
	return { ok: true, value: { merged, sources } };
}

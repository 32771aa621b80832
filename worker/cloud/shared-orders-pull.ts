// Why: the pull side of shared open orders (see shared-orders.ts): the other tills' orders mapped to local documents,
// merged by the pull's rule, applied a page at a time, and the tables made to follow them. Loaded with the first pull, so
// a till whose server does not share orders never loads it.
import type { SharedOrder, SharedOrderTill } from '../../src/lib/contract/cloud';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import type { OrderDoc, OrderItem, RefundEntry, StoredPayment } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { ackIndexIfAny } from '../../src/lib/db/acks';
import { bulkModify } from '../sync/bulk-modify';
import { cloudRequest } from './client';

const str = (v: unknown, dflt = ''): string => (typeof v === 'string' ? v : dflt);
const num = (v: unknown, dflt = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);

function itemOf(wire: SharedOrder['items'][number], n: number): OrderItem {
	const { discount, ...i } = wire;
	return {
		...i,
		line_id: str(i.line_id, `L${n + 1}`),
		product_id: str(i.product_id),
		product_name: i.product_name,
		category: i.category ?? '',
		qty: i.qty,
		price: i.price,
		subtotal: i.subtotal,
		modifiers: Array.isArray(i.modifiers) ? (i.modifiers as OrderItem['modifiers']) : [],
		note: str(i.note),
		destination: i.destination ?? 'kitchen',
		status: i.status ?? 'new',
		// The line discount is the till's own object, written by another till of this outlet.
		...(discount ? { discount: discount as unknown as OrderItem['discount'] } : {}),
		...(i.discount_amount !== undefined ? { discount_amount: i.discount_amount } : {})
	};
}

/** A pulled order as a local document: synced at its version, so the push leaves it alone until it is edited here. */
export function orderFromWire(w: SharedOrder, now: string): OrderDoc {
	const till: SharedOrderTill = w.shared?.till ?? {};
	const subtotal = num(till.subtotal, w.total_amount);
	return {
		local_id: w.local_id,
		order_number: w.order_number ?? w.local_id,
		outlet_id: w.outlet_id ?? '',
		outlet_code: w.outlet_code ?? '',
		table_number: w.table_number ?? null,
		customer_name: w.customer_name ?? null,
		pax: w.pax ?? null,
		items: w.items.map(itemOf),
		subtotal,
		service_amount: num(till.service_amount),
		tax_amount: num(till.tax_amount),
		rounding_amount: num(till.rounding_amount),
		total_amount: w.total_amount,
		status: w.status,
		void_reason: till.void_reason ?? null,
		payment_info: w.payment_info ?? null,
		// The wire's payments and links are the till's own documents, written by another till of this outlet.
		payments: (till.payments ?? []) as unknown as StoredPayment[],
		version: w.version,
		created_at: w.created_at,
		updated_at: w.updated_at,
		business_date: till.business_date ?? w.created_at.slice(0, 10),
		shift_id: till.shift_id ?? null,
		refunds: (till.refunds ?? []) as unknown as RefundEntry[],
		links: till.links ?? null,
		cashier_name: w.cashier_name ?? null,
		staff_id: w.staff_id ?? null,
		voided_by: w.voided_by ?? null,
		voided_by_id: till.voided_by_id ?? null,
		discount: (w.discount ?? null) as OrderDoc['discount'],
		discount_amount: w.discount_amount ?? 0,
		cloud_id: w.cloud_id,
		synced_version: w.version,
		synced_at: now,
		sync_status: 'synced',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null
	};
}

/**
 * The pull's rule for one order: new here → stored; here with edits not yet pushed → left alone (the push decides:
 * accepted, or a conflict); here and pushed → replaced when the server's version is newer. Returns the next doc or null.
 */
export function mergePulled(local: OrderDoc | null, w: SharedOrder, now: string): OrderDoc | null {
	if (!local) return orderFromWire(w, now);
	if (local.sync_status !== 'synced' || local.version > local.synced_version) return null;
	if (w.version > local.version) return orderFromWire(w, now);
	if (w.version === local.version && !local.cloud_id) return { ...local, cloud_id: w.cloud_id };
	return null;
}

/** Applies one page: one read, one bulk insert of the new ones, one bulk write of the changed ones. */
export async function applySharedOrders(ctx: Ctx, orders: readonly SharedOrder[]): Promise<number> {
	if (orders.length === 0) return 0;
	const now = new Date().toISOString();
	const latest = new Map(orders.map((o) => [o.local_id, o]));
	const found = await ctx.db.orders.findByIds([...latest.keys()]).exec();
	const fresh = [...latest.values()].filter((o) => !found.has(o.local_id)).map((o) => orderFromWire(o, now));
	let n = 0;
	if (fresh.length) {
		const r = await ctx.db.orders.bulkInsert(fresh);
		n += r.success.length;
		// Written here meanwhile (a sale of this till cannot share an id, so only another pull): merged below.
		for (const e of r.error) {
			const doc = await ctx.db.orders.findOne(e.documentId).exec();
			if (doc) found.set(e.documentId, doc);
		}
	}
	const applied = new Set(fresh.map((o) => o.local_id));
	// An order acknowledged but not folded yet is merged as it reads once folded (pushed, not "edited here").
	const acks = await ackIndexIfAny(ctx.db);
	n += await bulkModify(
		ctx.db.orders,
		[...found.values()],
		(d) => {
			const w = latest.get(d.local_id);
			const next = w ? mergePulled(acks ? acks.effective(d) : d, w, now) : null;
			if (next) applied.add(d.local_id);
			return next;
		},
		'kasir-shared-orders'
	);
	await followTables(
		ctx,
		[...latest.values()].filter((o) => applied.has(o.local_id)),
		now
	);
	return n;
}

/**
 * The tables follow the pulled orders as they follow this till's own (order.service `setTable`): taken while open,
 * asking for the bill when the other till says so, free once closed, unless another open order holds the table.
 */
async function followTables(ctx: Ctx, orders: readonly SharedOrder[], now: string): Promise<void> {
	for (const o of orders) {
		if (!o.table_number) continue;
		const open = o.status === 'open' || o.status === 'sent';
		const existing = await ctx.db.tables.findOne(o.table_number).exec();
		if (existing?.order_local_id && existing.order_local_id !== o.local_id) {
			const holder = await ctx.db.orders.findOne(existing.order_local_id).exec();
			if (holder && (holder.status === 'open' || holder.status === 'sent')) continue;
		}
		if (!open && existing?.order_local_id !== o.local_id) continue;
		await ctx.db.tables.upsert({
			id: o.table_number,
			number: o.table_number,
			seats: existing?.seats ?? 4,
			status: open ? (o.shared?.till?.bill_requested ? 'bill' : 'occupied') : 'free',
			order_local_id: open ? o.local_id : null,
			sync_status: existing?.sync_status ?? 'synced',
			updated_at: now
		});
	}
}

/** Pages through the outlet's orders since the stored checkpoint, applying each page; returns docs written. */
export async function pullPages(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	let n = 0;
	for (;;) {
		signal?.throwIfAborted();
		const since = await getMeta<string>(ctx.db, META.sharedOrdersCheckpoint);
		const q = since ? `?since=${encodeURIComponent(since)}` : '';
		const res = await cloudRequest(ctx, `/orders${q}`, 'SharedOrdersResponse', { signal });
		await ctx.fence.assertCurrent(); // a superseded leader applies nothing it fetched
		n += await applySharedOrders(ctx, res.data.orders);
		await setMeta(ctx.db, META.sharedOrdersCheckpoint, res.data.sync_checkpoint);
		if (!res.data.has_more || res.data.sync_checkpoint === since) return n;
	}
}

// Why: shared open orders (servers advertising `shared_orders`, e.g. an outlet edge): the other tills' orders are pulled
// into the local `orders` collection by checkpoint, live on order.updated, stored as synced so they are never pushed back
// unless edited here; an edit here carries its base version, so the server can tell two tills' edits apart (a conflict).
import type { z } from 'zod';
import {
	SHARED_ORDERS_FEATURE,
	SharedOrdersResponse,
	SyncStatusResponse,
	type OrderPush,
	type SharedOrder,
	type SharedOrderTill
} from '../../src/lib/contract/cloud';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import type { OrderDoc, OrderItem, RefundEntry, StoredPayment } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { bulkModify } from '../sync/bulk-modify';
import { cloudRequest } from './client';

/** One shared-orders pull at a time across tabs. */
export const SHARED_PULL_LOCK = 'kasir-shared-orders-pull';

/** Asks the server what it runs (`sync/status` features) and keeps the answer; returns whether orders are shared. */
export async function refreshFeatures(ctx: Ctx, signal?: AbortSignal): Promise<boolean> {
	const r = await cloudRequest(ctx, '/sync/status', SyncStatusResponse, { signal });
	const features = r.data.features ?? [];
	await setMeta(ctx.db, META.cloudFeatures, features);
	return features.includes(SHARED_ORDERS_FEATURE);
}

export async function sharedOrdersOn(ctx: Ctx): Promise<boolean> {
	return ((await getMeta<string[]>(ctx.db, META.cloudFeatures)) ?? []).includes(SHARED_ORDERS_FEATURE);
}

/** The till fields of a local order that the seed's order lacks (so another till can recall, pay and print it). */
export function sharedBlock(
	d: OrderDoc,
	deviceCode: string,
	billAsked: ReadonlySet<string> = new Set()
): NonNullable<z.input<typeof OrderPush>['shared']> {
	const till: SharedOrderTill = {
		subtotal: d.subtotal,
		service_amount: d.service_amount,
		tax_amount: d.tax_amount,
		rounding_amount: d.rounding_amount,
		payments: d.payments.map((p) => ({ ...p })),
		business_date: d.business_date,
		shift_id: d.shift_id ?? null,
		void_reason: d.void_reason,
		voided_by_id: d.voided_by_id ?? null,
		links: d.links ? { ...d.links } : null,
		refunds: (d.refunds ?? []).map((r) => ({ ...r })),
		bill_requested: billAsked.has(d.local_id)
	};
	return { base_version: d.synced_version, device_code: deviceCode || '?', till };
}

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
	n += await bulkModify(
		ctx.db.orders,
		[...found.values()],
		(d) => {
			const w = latest.get(d.local_id);
			const next = w ? mergePulled(d, w, now) : null;
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

/** Orders whose guests asked for the bill, by this till's tables (sent with each order when orders are shared). */
export async function billAskedOrders(ctx: Ctx): Promise<Set<string>> {
	const docs = await ctx.db.tables.find({ selector: { status: 'bill' } }).exec();
	return new Set(docs.map((t) => t.order_local_id ?? '').filter(Boolean));
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

async function pullPages(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	let n = 0;
	for (;;) {
		signal?.throwIfAborted();
		const since = await getMeta<string>(ctx.db, META.sharedOrdersCheckpoint);
		const q = since ? `?since=${encodeURIComponent(since)}` : '';
		const res = await cloudRequest(ctx, `/orders${q}`, SharedOrdersResponse, { signal });
		await ctx.fence.assertCurrent(); // a superseded leader applies nothing it fetched
		n += await applySharedOrders(ctx, res.data.orders);
		await setMeta(ctx.db, META.sharedOrdersCheckpoint, res.data.sync_checkpoint);
		if (!res.data.has_more || res.data.sync_checkpoint === since) return n;
	}
}

/** Pulls the outlet's orders changed since the stored checkpoint, when the server shares them; returns docs written. */
export async function pullSharedOrders(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	if (!(await sharedOrdersOn(ctx))) return 0;
	return ctx.locks.request(SHARED_PULL_LOCK, { signal }, () => pullPages(ctx, signal));
}

const pending = new WeakMap<Ctx, { running: boolean; again: boolean }>();

/**
 * order.updated arrives once per accepted push (a batch of a thousand orders is a thousand events): the pulls they ask
 * for are coalesced, one running and at most one more after it, never one per event.
 */
export function requestSharedPull(ctx: Ctx, onError: (e: unknown) => void = () => {}): void {
	const s = pending.get(ctx) ?? { running: false, again: false };
	pending.set(ctx, s);
	if (s.running) {
		s.again = true;
		return;
	}
	s.running = true;
	void (async () => {
		try {
			do {
				s.again = false;
				await pullSharedOrders(ctx);
			} while (s.again);
		} catch (e) {
			onError(e);
		} finally {
			s.running = false;
		}
	})();
}

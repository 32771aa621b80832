// Why: shared open orders (servers advertising `shared_orders`, e.g. an outlet edge): the other tills' orders are pulled
// into the local `orders` collection by checkpoint, live on order.updated, stored as synced so they are never pushed back
// unless edited here; an edit here carries its base version, so the server can tell two tills' edits apart (a conflict).
import type { z } from 'zod';
import type { OrderPush, SharedOrderTill } from '../../src/lib/contract/cloud';
import { SHARED_ORDERS_FEATURE } from '../../src/lib/contract/values';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import type { OrderDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { cloudRequest } from './client';

/** One shared-orders pull at a time across tabs. */
export const SHARED_PULL_LOCK = 'kasir-shared-orders-pull';

/** Asks the server what it runs (`sync/status` features) and keeps the answer; returns whether orders are shared. */
export async function refreshFeatures(ctx: Ctx, signal?: AbortSignal): Promise<boolean> {
	const r = await cloudRequest(ctx, '/sync/status', 'SyncStatusResponse', { signal });
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

/** Orders whose guests asked for the bill, by this till's tables (sent with each order when orders are shared). */
export async function billAskedOrders(ctx: Ctx): Promise<Set<string>> {
	const docs = await ctx.db.tables.find({ selector: { status: 'bill' } }).exec();
	return new Set(docs.map((t) => t.order_local_id ?? '').filter(Boolean));
}

/** Pulls the outlet's orders changed since the stored checkpoint, when the server shares them; returns docs written. */
export async function pullSharedOrders(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	if (!(await sharedOrdersOn(ctx))) return 0;
	// The pull's code (mapping, merging, tables) loads with the first pull: only servers that share orders need it.
	const { pullPages } = await import('./shared-orders-pull');
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

// Why: one snapshot of the replication state (online, leader, waiting changes, last pull/push, last error), recomputed from live flags and the shared DB so followers see the leader's progress too.
import { merge, type Subscription } from 'rxjs';
import { META, getMeta } from '../../src/lib/db/meta';
import { ackCounts } from '../../src/lib/db/acks';
import type { Ctx } from '../context';
import type { ReplicationState } from '../events';
import { cloudConfigured } from '../cloud/client';

// One equality per status: each is a key range on the `sync_status` index counted by IndexedDB itself
// (an `$in` is not index-covered and scanned every order with a cursor).
const pending = { selector: { sync_status: 'pending' as const } };
const failed = { selector: { sync_status: 'failed' as const } };

export async function computeState(ctx: Ctx): Promise<ReplicationState> {
	const s = await ctx.settings();
	const [po0, pt, pp, fo0, ft, fp] = await Promise.all([
		ctx.db.orders.count(pending).exec(),
		ctx.db.transactions.count(pending).exec(),
		ctx.db.product_updates.count(pending).exec(),
		ctx.db.orders.count(failed).exec(),
		ctx.db.transactions.count(failed).exec(),
		ctx.db.product_updates.count(failed).exec()
	]);
	// Acknowledged orders whose acknowledgement is not folded into them yet are sent (the ledger's index says which).
	const acked = await ackCounts(ctx.db);
	const [po, fo] = [Math.max(0, po0 - acked.pending), Math.max(0, fo0 - acked.failed)];
	const [orders, transactions, product_updates] = [po + fo, pt + ft, pp + fp];
	const [lastPull, lastPush, lastMaster, lastError, lastEvent] = await Promise.all([
		getMeta<string>(ctx.db, META.lastPull),
		getMeta<string>(ctx.db, META.lastPush),
		getMeta<string>(ctx.db, META.lastMasterPull),
		getMeta<ReplicationState['last_error']>(ctx.db, META.lastError),
		getMeta<number>(ctx.db, META.eventsLastId)
	]);
	return {
		online: ctx.flags.online,
		role: ctx.flags.role,
		configured: { ho: Boolean((s.ho_access || s.ho_refresh) && s.company_id), cloud: cloudConfigured(s) },
		auth: { ho: ctx.flags.hoAuth, cloud: ctx.flags.cloudAuth },
		pending: { orders, transactions, product_updates, failed: fo + ft + fp },
		last_pull_at: lastPull ?? null,
		last_push_at: lastPush ?? null,
		last_master_pull_at: lastMaster ?? null,
		last_error: lastError ?? null,
		stream: ctx.flags.stream,
		last_event_id: lastEvent ?? 0,
		rate_limited_until:
			ctx.flags.rateLimitedUntil > Date.now() ? new Date(ctx.flags.rateLimitedUntil).toISOString() : null
	};
}

/** Quiet time before the state is recomputed, and the longest a busy stream of writes can postpone it. */
const DEBOUNCE_MS = 150;
const MAX_WAIT_MS = 1000;

/** Re-emits `sync-state` (debounced, at most one computation at a time) whenever a flag or a replicated collection changes. */
export function watchState(ctx: Ctx): { refresh(): void; stop(): void } {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let firstAsk = 0;
	let running = false;
	let again = false;
	const compute = () => {
		timer = undefined;
		firstAsk = 0;
		if (running) {
			again = true;
			return;
		}
		running = true;
		computeState(ctx)
			.then((st) => ctx.bus.emit('sync-state', st))
			.catch(() => {})
			.finally(() => {
				running = false;
				if (again) {
					again = false;
					refresh();
				}
			});
	};
	const refresh = () => {
		const now = Date.now();
		if (!firstAsk) firstAsk = now;
		if (timer) clearTimeout(timer);
		timer = setTimeout(compute, Math.max(0, Math.min(DEBOUNCE_MS, firstAsk + MAX_WAIT_MS - now)));
	};
	// One refresh per bulk write, not per document in it (a push write-back changes 1000 orders at once).
	const sub: Subscription = merge(
		ctx.db.orders.eventBulks$,
		ctx.db.transactions.eventBulks$,
		ctx.db.product_updates.eventBulks$,
		ctx.db.meta.eventBulks$
	).subscribe(refresh);
	return {
		refresh,
		stop: () => {
			sub.unsubscribe();
			if (timer) clearTimeout(timer);
		}
	};
}

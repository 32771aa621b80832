// Why: one snapshot of the replication state (online, leader, waiting changes, last pull/push, last error), recomputed from live flags and the shared DB so followers see the leader's progress too.
import { merge, type Subscription } from 'rxjs';
import { META, getMeta } from '../../src/lib/db/meta';
import type { Ctx } from '../context';
import type { ReplicationState } from '../events';
import { cloudConfigured } from '../cloud/client';

const notSynced = { selector: { sync_status: { $in: ['pending', 'failed'] } } };

export async function computeState(ctx: Ctx): Promise<ReplicationState> {
	const s = await ctx.settings();
	const [orders, transactions, product_updates, fo, ft, fp] = await Promise.all([
		ctx.db.orders.count(notSynced).exec(),
		ctx.db.transactions.count(notSynced).exec(),
		ctx.db.product_updates.count(notSynced).exec(),
		ctx.db.orders.count({ selector: { sync_status: 'failed' } }).exec(),
		ctx.db.transactions.count({ selector: { sync_status: 'failed' } }).exec(),
		ctx.db.product_updates.count({ selector: { sync_status: 'failed' } }).exec()
	]);
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

/** Re-emits `sync-state` (debounced) whenever a flag or a replicated collection changes. */
export function watchState(ctx: Ctx): { refresh(): void; stop(): void } {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const refresh = () => {
		if (timer) return;
		timer = setTimeout(() => {
			timer = undefined;
			computeState(ctx)
				.then((st) => ctx.bus.emit('sync-state', st))
				.catch(() => {});
		}, 150);
	};
	const sub: Subscription = merge(
		ctx.db.orders.$,
		ctx.db.transactions.$,
		ctx.db.product_updates.$,
		ctx.db.meta.$
	).subscribe(refresh);
	return {
		refresh,
		stop: () => {
			sub.unsubscribe();
			if (timer) clearTimeout(timer);
		}
	};
}

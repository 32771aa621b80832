// Why: the one replicator across tabs (Web Lock `kasir-replicator`): pushes pending writes as they appear, keeps the event stream open, runs the hourly and 6-hourly work; idles offline.
import { merge, type Subscription } from 'rxjs';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import { cloudConfigured } from '../cloud/client';
import { pushPending } from '../cloud/push';
import { rerunReconciliations } from '../reconcile/run';
import { pushShifts } from '../shifts/push';
import { pullCloudUpdates } from '../cloud/pull';
import { runEventStream } from '../cloud/stream';
import { pushDailySummaries } from '../cloud/summaries';
import { sendQueuedResolutions } from '../conflicts/resolve';
import type { Ctx } from '../context';
import { startSync } from '../jobs/manager';
import { backoffDelay } from '../net/backoff';
import { NetError, errorText } from '../net/errors';

export const REPLICATOR_LOCK = 'kasir-replicator';

export class Replicator {
	#ctx: Ctx;
	#subs: Subscription[] = [];
	#timers: ReturnType<typeof setInterval>[] = [];
	#stream?: AbortController;
	#pushing = false;
	#pushAgain = false;
	#pushFailures = 0;
	#retryTimer?: ReturnType<typeof setTimeout>;
	#stopped = false;

	constructor(ctx: Ctx) {
		this.#ctx = ctx;
	}

	/** Waits for the lock (a follower until then) and replicates while holding it, for the worker's life. */
	start(): void {
		const ctx = this.#ctx;
		ctx.flags.role = 'follower';
		ctx.changed();
		ctx.locks
			.request(REPLICATOR_LOCK, {}, async () => {
				if (this.#stopped) return;
				ctx.flags.role = 'leader';
				ctx.changed();
				this.#lead();
				await new Promise<void>(() => {}); // held until the worker (tab) goes away
			})
			.catch(() => {});
	}

	#lead(): void {
		const ctx = this.#ctx;
		const g = globalThis as unknown as { addEventListener?: (n: string, f: () => void) => void };
		g.addEventListener?.('online', () => this.setOnline(true));
		g.addEventListener?.('offline', () => this.setOnline(false));
		const pending = { selector: { sync_status: 'pending' as const } };
		this.#subs.push(
			merge(
				ctx.db.orders.find(pending).$,
				ctx.db.transactions.find(pending).$,
				ctx.db.product_updates.find(pending).$
			).subscribe((docs) => {
				if (docs.length) this.requestPush();
			}),
			ctx.db.conflicts.find({ selector: { status: 'resolving' } }).$.subscribe((docs) => {
				if (docs.length) this.requestPush();
			})
		);
		// Failed items whose backoff ran out, resolutions waiting for the network.
		this.#timers.push(setInterval(() => this.requestPush(), 30_000));
		this.#timers.push(setInterval(() => void this.#periodic(), 60_000));
		this.restartStream();
		void this.#periodic();
	}

	setOnline(online: boolean): void {
		const ctx = this.#ctx;
		if (ctx.flags.online === online) return;
		ctx.flags.online = online;
		ctx.changed();
		if (ctx.flags.role !== 'leader') return;
		if (online) {
			this.#pushFailures = 0;
			this.restartStream();
			this.requestPush();
		} else {
			this.#stream?.abort();
			this.#stream = undefined;
		}
	}

	/** (Re)opens the event stream when online and configured; called after settings change too. */
	restartStream(): void {
		const ctx = this.#ctx;
		this.#stream?.abort();
		this.#stream = undefined;
		if (ctx.flags.role !== 'leader' || !ctx.flags.online) return;
		const ac = new AbortController();
		this.#stream = ac;
		void (async () => {
			const s = await ctx.settings();
			if (!cloudConfigured(s) || ac.signal.aborted) return;
			await runEventStream(
				ctx,
				{
					onConnect: async () => {
						await pullCloudUpdates(ctx, ac.signal);
						this.requestPush();
					},
					onError: async (code, message) => {
						if (code === 'offline') this.#markOffline();
						await setMeta(ctx.db, META.lastError, { code, message, at: new Date().toISOString() });
					}
				},
				ac.signal
			);
		})().catch(() => {});
	}

	#markOffline(): void {
		// fetch failing while navigator.onLine says yes: treat as offline until something succeeds.
		if (this.#ctx.flags.online) {
			this.#ctx.flags.online = false;
			this.#ctx.changed();
		}
	}

	#markOnline(): void {
		if (!this.#ctx.flags.online) {
			this.#ctx.flags.online = true;
			this.#ctx.changed();
			this.restartStream();
		}
	}

	requestPush(): void {
		if (this.#ctx.flags.role !== 'leader') return;
		if (this.#pushing) {
			this.#pushAgain = true;
			return;
		}
		this.#pushing = true;
		void this.#pushLoop().finally(() => (this.#pushing = false));
	}

	async #pushLoop(): Promise<void> {
		const ctx = this.#ctx;
		do {
			this.#pushAgain = false;
			const s = await ctx.settings();
			if (!cloudConfigured(s) || ctx.flags.cloudAuth === 'unauthorized') return;
			// The browser knows it is offline: wait for its `online` event instead of trying.
			if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
			const wait = ctx.flags.rateLimitedUntil - Date.now();
			if (wait > 0) {
				this.#retryIn(wait);
				return;
			}
			try {
				await ctx.locks.request('kasir-push', {}, async () => {
					for (;;) {
						const sum = await pushPending(ctx);
						if (!sum.more) break;
					}
				});
				await sendQueuedResolutions(ctx);
				// i13: shifts with their cash movements, then the business days that could not be reconciled.
				await pushShifts(ctx);
				await rerunReconciliations(ctx);
				this.#pushFailures = 0;
				this.#markOnline();
			} catch (e) {
				if (e instanceof NetError && e.code === 'rate_limited') {
					this.#retryIn(e.retryAfter * 1000);
					return;
				}
				await setMeta(ctx.db, META.lastError, {
					code: e instanceof NetError ? e.code : 'push_failed',
					message: errorText(e),
					at: new Date().toISOString()
				});
				if (e instanceof NetError && e.code === 'offline') this.#markOffline();
				if (e instanceof NetError && (e.code === 'unauthorized' || e.code === 'not_configured')) return;
				// Offline or failing: one quiet retry later (backoff), and at once on the `online` event.
				this.#pushFailures++;
				this.#retryIn(backoffDelay(this.#pushFailures, { baseMs: 2000, maxMs: 60_000 }));
				return;
			}
		} while (this.#pushAgain);
	}

	#retryIn(ms: number): void {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = undefined;
			this.requestPush();
		}, ms);
	}

	/** Hourly summaries and the 6-hourly master pull, when due. */
	async #periodic(): Promise<void> {
		const ctx = this.#ctx;
		if (!ctx.flags.online || ctx.flags.role !== 'leader') return;
		const now = Date.now();
		const lastHourly = Date.parse((await getMeta<string>(ctx.db, META.lastHourly)) ?? '') || 0;
		if (now - lastHourly >= ctx.tunables.hourlyEveryMinutes * 60_000) {
			try {
				await pushDailySummaries(ctx);
				await setMeta(ctx.db, META.lastHourly, new Date().toISOString());
			} catch {
				/* retried next minute */
			}
		}
		const lastMaster = Date.parse((await getMeta<string>(ctx.db, META.lastMasterPull)) ?? '') || 0;
		const s = await ctx.settings();
		const minutes =
			Number(
				(await ctx.db.stores.findOne(s.store_id || s.outlet_id || '_').exec())?.config.sync_intervals
					?.master_minutes
			) || ctx.tunables.masterEveryMinutes;
		if (lastMaster && now - lastMaster >= minutes * 60_000) await startSync(ctx, 'master');
	}

	stop(): void {
		this.#stopped = true;
		this.#stream?.abort();
		for (const s of this.#subs) s.unsubscribe();
		for (const t of this.#timers) clearInterval(t);
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
	}
}

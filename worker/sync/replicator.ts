// Why: the one replicator across tabs (Web Lock `kasir-replicator`): pushes pending writes as they appear, keeps the event stream open, runs the hourly and 6-hourly work; idles offline.
import { merge, type Subscription } from 'rxjs';
import { META, getMeta, listReconciliations, setMeta } from '../../src/lib/db/meta';
import { decides } from '../../src/lib/domain/errors';
import { cloudConfigured } from '../cloud/client';
import { foldLedger, pushPending } from '../cloud/push';
import { hasPushAcks } from '../../src/lib/db/acks';
import { pushShifts } from '../shifts/push';
import { pullCloudUpdates } from '../cloud/pull';
import { pullSharedOrders, refreshFeatures } from '../cloud/shared-orders';
import { runEventStream } from '../cloud/stream';
import { pushDailySummaries } from '../cloud/summaries';
import type { Ctx } from '../context';
import { startSync } from '../jobs/start';
import { backoffDelay } from '../net/backoff';
import { NetError, errorText } from '../net/errors';
import { nearlyFull, platformEstimate } from '../storage/estimate';
import { FencedError, Heartbeat, Lease } from './lease';

const fenceHolds = (ctx: Ctx) =>
	ctx.fence.assertCurrent().then(
		() => true,
		() => false
	);

export const REPLICATOR_LOCK = 'kasir-replicator';
/** Held only while a follower takes the lock from a silent leader, so two followers do not steal it from each other. */
const ELECT_LOCK = 'kasir-replicator-elect';

export class Replicator {
	#ctx: Ctx;
	/** The context of the current term: the same ctx with this term's lease as its fence. */
	#lctx: Ctx;
	#lease?: Lease;
	#heartbeat = new Heartbeat();
	#queued?: AbortController;
	/** The lock request this worker waits on or holds now (queued or stealing); any other one that ends is history. */
	#request?: AbortController;
	#watchdog?: ReturnType<typeof setInterval>;
	#listening = false;
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
		this.#lctx = ctx;
	}

	/** Follows until the lock is granted (or taken from a silent leader), then replicates while holding it. */
	start(): void {
		this.#heartbeat.onBeat((b) => {
			// A newer term is beating: this worker was taken over while it hung; stop at once (the fence covers the rest).
			if (this.#lease && b.epoch > this.#lease.epoch) this.#stepDown();
		});
		this.#follow();
	}

	/** Queues for the lock and watches the leader's heartbeat while waiting. */
	#follow(): void {
		const ctx = this.#ctx;
		if (this.#stopped) return;
		ctx.flags.role = 'follower';
		ctx.changed();
		this.#heartbeat.stop();
		if (this.#watchdog) clearInterval(this.#watchdog);
		const queued = new AbortController();
		this.#queued = queued;
		this.#request = queued;
		this.#watchdog = setInterval(() => void this.#watch(), ctx.tunables.leaderBeatMs);
		ctx.locks
			.request(REPLICATOR_LOCK, { signal: queued.signal }, () => this.#hold(queued))
			.catch(() => this.#lost(queued));
	}

	/** A follower whose leader has been silent for `leaderStaleMs` takes the lock from it (one follower at a time). */
	async #watch(): Promise<void> {
		const ctx = this.#ctx;
		if (this.#stopped || this.#lease || this.#heartbeat.silentFor() < ctx.tunables.leaderStaleMs) return;
		await ctx.locks.request(ELECT_LOCK, { ifAvailable: true }, async (held) => {
			if (!held || this.#lease || this.#heartbeat.silentFor() < ctx.tunables.leaderStaleMs) return;
			// Another follower may have just taken over (its term is stored before it beats): give it its grace time.
			if (await this.#heartbeat.newerTermStored(ctx.db)) return;
			const steal = new AbortController();
			this.#request = steal;
			this.#queued?.abort();
			await new Promise<void>((beating) => {
				ctx.locks
					.request(REPLICATOR_LOCK, { steal: true }, () => this.#hold(steal, beating))
					.catch(() => {
						beating();
						this.#lost(steal);
					});
			}); // the election lock is released only once the new term beats
		});
	}

	/**
	 * Runs while the lock is held: claims a new term (retrying while the disk refuses the write), leads and beats; never
	 * resolves while this is the current request (held for the worker's life). A request superseded meanwhile lets go.
	 */
	async #hold(request: AbortController, beating?: () => void): Promise<void> {
		const ctx = this.#ctx;
		if (this.#watchdog) clearInterval(this.#watchdog);
		this.#watchdog = undefined;
		let lease: Lease | undefined;
		while (!lease && !this.#stopped && this.#request === request) {
			lease = await Lease.claim(ctx.db, ctx.instanceId).catch(() => undefined);
			if (!lease) await new Promise((r) => setTimeout(r, ctx.tunables.leaderBeatMs));
		}
		if (!lease || this.#stopped || this.#request !== request) {
			beating?.();
			return;
		}
		this.#lease = lease;
		this.#lctx = { ...ctx, fence: lease };
		this.#heartbeat.lead({ epoch: lease.epoch, instance: ctx.instanceId }, ctx.tunables.leaderBeatMs);
		ctx.flags.role = 'leader';
		ctx.changed();
		this.#lead();
		beating?.();
		return new Promise<void>(() => {});
	}

	/** A lock request ended in an error: the current one was stolen (step down and follow); an earlier or aborted one is ignored. */
	#lost(request: AbortController): void {
		if (request !== this.#request) return;
		this.#stepDown();
	}

	/** Stops everything this term started and queues again as a follower; the old lease stays fenced. */
	#stepDown(): void {
		this.#request = undefined;
		if (this.#lease) {
			this.#lease = undefined;
			this.#unlead();
		}
		this.#follow();
	}

	/** The leadership record for diagnostics and tests: this worker's role, its term, the terms refused. */
	leadership(): { role: string; epoch: number | null; refused: number } {
		return { role: this.#ctx.flags.role, epoch: this.#lease?.epoch ?? null, refused: Lease.refused };
	}

	#lead(): void {
		const ctx = this.#lctx;
		if (!this.#listening) {
			this.#listening = true;
			const g = globalThis as unknown as { addEventListener?: (n: string, f: () => void) => void };
			g.addEventListener?.('online', () => this.setOnline(true));
			g.addEventListener?.('offline', () => this.setOnline(false));
		}
		const pending = { selector: { sync_status: 'pending' as const } };
		// Counted on the sync_status index, not thousands of pending documents re-read on every write.
		this.#subs.push(
			merge(
				ctx.db.orders.count(pending).$,
				ctx.db.transactions.count(pending).$,
				ctx.db.product_updates.count(pending).$
			).subscribe((n) => {
				if (n) this.requestPush();
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

	#unlead(): void {
		this.#stream?.abort();
		this.#stream = undefined;
		for (const s of this.#subs) s.unsubscribe();
		for (const t of this.#timers) clearInterval(t);
		this.#subs = [];
		this.#timers = [];
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = undefined;
		this.#heartbeat.stop();
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
		const ctx = this.#lctx;
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
						// Shared open orders: what the server runs is asked on every connect (an edge may come or go).
						if (await refreshFeatures(ctx, ac.signal)) await pullSharedOrders(ctx, ac.signal);
						this.requestPush();
					},
					onError: async (code, message) => {
						if (!(await fenceHolds(ctx))) return;
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
		const ctx = this.#lctx;
		do {
			this.#pushAgain = false;
			// A fold a crash interrupted is finished here, online or not (a push round folds too, but only when it runs).
			if (await hasPushAcks(ctx.db))
				await ctx.locks.request('kasir-push', { steal: true }, () => foldLedger(ctx)).catch(() => {}); // the next round folds first
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
				// Only the current term pushes: a holder of this lock is a superseded leader (hung, maybe), so take it; its
				// write-backs are refused by the fence.
				await ctx.locks.request('kasir-push', { steal: true }, async () => {
					for (;;) {
						const sum = await pushPending(ctx);
						if (!sum.more) break;
					}
				});
				await ctx.fence.assertCurrent();
				// The sending code loads only when a manager's (or the policy's) resolution is queued.
				if (await ctx.db.conflicts.count({ selector: { status: 'resolving' } }).exec())
					await (await import('../conflicts/resolve')).sendQueuedResolutions(ctx);
				// i13: shifts with their cash movements, then the business days that could not be reconciled.
				await pushShifts(ctx);
				// The reconciliation code loads only when a day is still pending or its outcome unsent.
				if ((await listReconciliations(ctx.db)).some((d) => d.status === 'pending' || !d.sent_at))
					await (await import('../reconcile/run')).rerunReconciliations(ctx);
				this.#pushFailures = 0;
				this.#markOnline();
			} catch (e) {
				// Taken over (fenced, or the push lock stolen): the new leader pushes; this one writes nothing more.
				if (e instanceof FencedError || !(await fenceHolds(ctx))) return;
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
				if (e instanceof NetError && decides('stopPushRetries', e.code)) return;
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

	/** Storage relief (online or not), hourly summaries and the 6-hourly master pull, when due. */
	async #periodic(): Promise<void> {
		const ctx = this.#lctx;
		if (ctx.flags.role !== 'leader' || !(await this.#lease?.isCurrent())) return;
		// Storage nearly full: free what can be fetched again before a sale fails to save. The eviction code loads only then.
		if (await platformEstimate().then(nearlyFull, () => false))
			await Promise.all([import('../storage/evict'), import('../photos/cache')])
				.then(([{ relieveStoragePressure }, { platformPhotoCache }]) =>
					relieveStoragePressure(ctx.db, { cache: platformPhotoCache(), estimate: platformEstimate })
				)
				.catch(() => {});
		if (!ctx.flags.online) return;
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
		this.#unlead();
		if (this.#watchdog) clearInterval(this.#watchdog);
		this.#queued?.abort();
		this.#heartbeat.close();
	}
}

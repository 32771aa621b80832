// Why: the shell's live facts (database ready, set up or not, online, what waits to be sent, sync state) in one reactive place.
import type { Subscription } from 'rxjs';
import type { KasirDatabase, StoreDoc } from '$lib/db';
import { watchAckCounts } from '$lib/db/acks';
import type { AckCounts } from '$lib/db/push-ack';
import { dayStartOf } from '$lib/domain/business-day';
import { loadPublicSettings } from '$lib/settings/store';
import { i18n } from '$lib/i18n/i18n.svelte';
import type { ReplicationState } from '$lib/worker-client';

export type PublicSettings = Awaited<ReturnType<typeof loadPublicSettings>>;

class AppManager {
	db = $state.raw<KasirDatabase | null>(null);
	booted = $state(false);
	bootError = $state<string | null>(null);
	settings = $state.raw<PublicSettings | null>(null);
	store = $state.raw<StoreDoc | null>(null);
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	/** The `sync_status` counts as stored, and the acknowledged orders among them not folded yet (`db/push-ack.ts`). */
	#storedPending = $state(0);
	#storedFailed = $state(0);
	#acked = $state.raw<AckCounts>({ pending: 0, failed: 0 });
	pendingOrders = $derived(Math.max(0, this.#storedPending - this.#acked.pending));
	pendingTransactions = $state(0);
	failed = $derived(Math.max(0, this.#storedFailed - this.#acked.failed));
	/** The worker's last `sync-state` (null until the worker answers). */
	replication = $state.raw<ReplicationState | null>(null);
	/** Manager mode stays unlocked until locked or the app restarts. */
	managerUnlocked = $state(false);

	pending = $derived(this.pendingOrders + this.pendingTransactions);
	/**
	 * The pending counts have been read from the database since it was attached: before, `pending` is 0 because nothing was
	 * counted yet, and the top bar must not say "all sent" (nor a test take it for drained).
	 */
	pendingKnown = $state(false);
	configured = $derived(
		!!this.settings &&
			this.settings.store_id !== '' &&
			this.settings.has_manager_pin &&
			this.settings.outlet_id !== ''
	);
	timeZone = $derived(this.store?.timezone || 'Asia/Jakarta');
	/** The outlet's business day boundary "HH:MM" (orders before it belong to the previous day). */
	dayStart = $derived(dayStartOf(this.store?.config));

	#subs: { unsubscribe(): void }[] = [];
	/** Called whenever the outlet's store document arrives or changes (the catalogue filters by its brand). */
	onStore: ((store: StoreDoc | null) => void) | null = null;

	/**
	 * Wires the shell to the open database. `settings`: already being read (the boot starts it beside the database's opening);
	 * `before`: start-up work the shell waits for (repair, the cart draft) while the settings load.
	 */
	async attach(
		db: KasirDatabase,
		opts: { settings?: Promise<PublicSettings>; before?: Promise<unknown> } = {}
	): Promise<void> {
		this.db = db;
		await Promise.all([this.reloadSettings(opts.settings), opts.before]);
		this.watchCounts(db);
		window.addEventListener('online', () => (this.online = true));
		window.addEventListener('offline', () => (this.online = false));
		this.booted = true;
	}

	async reloadSettings(loaded?: Promise<PublicSettings>): Promise<void> {
		const s = await (loaded ?? loadPublicSettings());
		this.settings = s;
		await i18n.use(s.language);
		if (this.db && s.store_id) this.#watchStore(this.db, s.store_id);
	}

	#storeSub: Subscription | null = null;
	#watchStore(db: KasirDatabase, storeId: string): void {
		this.#storeSub?.unsubscribe();
		this.#storeSub = db.stores.findOne(storeId).$.subscribe((d) => {
			this.store = d ? d.toJSON() : null;
			this.onStore?.(this.store);
		});
	}

	/** Follows what waits to be sent (and what failed) in `db`; `pendingKnown` once both pending counts have arrived. */
	watchCounts(db: KasirDatabase): void {
		for (const s of this.#subs) s.unsubscribe();
		this.pendingKnown = false;
		let orders = false;
		let transactions = false;
		const stopAcks = watchAckCounts(db, (c) => (this.#acked = c));
		this.#subs = [
			db.orders.count({ selector: { sync_status: 'pending' } }).$.subscribe((n) => {
				this.#storedPending = n;
				orders = true;
				this.pendingKnown = transactions;
			}),
			db.transactions.count({ selector: { sync_status: 'pending' } }).$.subscribe((n) => {
				this.pendingTransactions = n;
				transactions = true;
				this.pendingKnown = orders;
			}),
			db.orders.count({ selector: { sync_status: 'failed' } }).$.subscribe((n) => (this.#storedFailed = n)),
			{ unsubscribe: stopAcks }
		];
	}

	requireDb(): KasirDatabase {
		if (!this.db) throw Object.assign(new Error('The local database is not open yet'), { code: 'not_ready' });
		return this.db;
	}
}

export const app = new AppManager();

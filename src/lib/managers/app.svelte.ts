// Why: the shell's live facts (database ready, set up or not, online, what waits to be sent, sync state) in one reactive place.
import { boot } from '$lib/app/boot';
import type { KasirDatabase, StoreDoc } from '$lib/db';
import type { AckCounts } from '$lib/db/push-ack';
import { dayStartOf } from '$lib/domain/business-day';
import { loadPublicSettings } from '$lib/settings/store';
import { i18n } from '$lib/i18n/i18n.svelte';
import type { StoreClient } from '$lib/store-client';
import type { ReplicationState } from '$lib/worker-client';

export type PublicSettings = Awaited<ReturnType<typeof loadPublicSettings>>;

class AppManager {
	/** The UI thread's own database: null until a screen other than selling opened it (`database()`). */
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

	/** The worker's store area: the store document and the counts are live queries answered there. */
	#store: StoreClient | null = null;
	#stopCounts: (() => void) | null = null;
	/** Called whenever the outlet's store document arrives or changes (the catalogue filters by its brand). */
	onStore: ((store: StoreDoc | null) => void) | null = null;

	/**
	 * Wires the shell to the worker's store area (the shell's live facts); the UI thread's database is opened only by the
	 * screens that read it (`database()`). `settings`: already being read (the boot starts it beside the worker's
	 * start); `before`: start-up work the shell waits for (repair, the cart draft) while the settings load.
	 */
	async attach(
		store: StoreClient,
		opts: { settings?: Promise<PublicSettings>; before?: Promise<unknown> } = {}
	): Promise<void> {
		this.#store = store;
		await Promise.all([this.reloadSettings(opts.settings), opts.before]);
		this.watchCounts(store);
		window.addEventListener('online', () => (this.online = true));
		window.addEventListener('offline', () => (this.online = false));
		this.booted = true;
	}

	async reloadSettings(loaded?: Promise<PublicSettings>): Promise<void> {
		const s = await (loaded ?? loadPublicSettings());
		this.settings = s;
		await i18n.use(s.language);
		if (this.#store && s.store_id) this.#watchStore(this.#store, s.store_id);
	}

	#stopStore: (() => void) | null = null;
	#watchStore(store: StoreClient, storeId: string): void {
		this.#stopStore?.();
		this.#stopStore = store.watch({ name: 'store', id: storeId }, (d) => {
			this.store = d;
			this.onStore?.(this.store);
		});
	}

	/** Follows what waits to be sent (and what failed) through the worker's store area; `pendingKnown` once counted. */
	watchCounts(store: StoreClient): void {
		this.#stopCounts?.();
		this.pendingKnown = false;
		// The three stored counts and the ledger's acknowledged ones arrive in one answer (one change, one update).
		this.#stopCounts = store.watch({ name: 'pendingCounts' }, (c) => {
			this.#storedPending = c.orders;
			this.pendingTransactions = c.transactions;
			this.#storedFailed = c.failed;
			this.#acked = c.acked;
			this.pendingKnown = true;
		});
	}

	/**
	 * The UI thread's own database for the screens other than selling, opened on first call (RxDB's chunk loaded then,
	 * after the worker opened and migrated the database); `db` holds it from then on.
	 */
	async database(): Promise<KasirDatabase> {
		const db = this.db ?? (await (await boot()).database());
		this.db = db;
		return db;
	}

	requireDb(): KasirDatabase {
		if (!this.db) throw Object.assign(new Error('The local database is not open yet'), { code: 'not_ready' });
		return this.db;
	}
}

export const app = new AppManager();

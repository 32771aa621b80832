// Why: the sale in progress (lines, table, guest, the recalled order it continues, its checkout identity and reserved number) and its
// totals; kept as this tab's draft in the local database as it changes (written by the worker: a tap never waits on it), so a
// reload or a crash does not lose it.
import type { CartDraft, OrderDoc, OrderItem, StoreConfig } from '$lib/db';
import type { SalesClient } from '$lib/worker-client';
import {
	cartFromLines,
	cartItemCount,
	emptyCart,
	hasUnsentLines,
	type Cart,
	type CartLine,
	type LineStatus
} from '$lib/domain/cart';
import type { ChosenModifier } from '$lib/domain/modifiers';
import type { OrderStatus } from '$lib/domain/order';
import type { PartInput } from '$lib/domain/split';
import { discountedTotals, type DiscountedTotals } from '$lib/domain/discount';
import { defaultChargeSettings, validateChargeSettings, type ChargeSettings } from '$lib/domain/totals';
import { tick } from 'svelte';
import { app } from './app.svelte';
import { TrailingTimer } from './trailing-timer';

/** The store's config as the domain's charge settings; a bad config falls back to the defaults rather than stopping sales. */
export function chargeSettings(config: StoreConfig | undefined): ChargeSettings {
	if (!config) return defaultChargeSettings;
	const r = validateChargeSettings({
		tax_rate: config.tax_rate,
		service_rate: config.service_rate,
		rounding: config.rounding ?? 'none'
	});
	return r.ok ? r.value : defaultChargeSettings;
}

type StoredModifier = {
	group_id?: string;
	group_name?: string;
	option_id?: string;
	name: string;
	price: number;
};

/** A stored order item back into a cart line (recall, reprint). */
export function lineFromItem(item: OrderItem): CartLine {
	const mods = (item.modifiers as StoredModifier[]).map((m): ChosenModifier => ({
		group_id: m.group_id ?? '',
		group_name: m.group_name ?? '',
		option_id: m.option_id ?? m.name,
		name: m.name,
		price: m.price
	}));
	const modsTotal = mods.reduce((s, m) => s + m.price, 0);
	const status: LineStatus = item.status === 'sent' || item.status === 'served' ? item.status : 'new';
	return {
		line_id: item.line_id,
		product_id: item.product_id,
		product_name: item.product_name,
		category: item.category,
		unit_price: item.price - modsTotal,
		qty: item.qty,
		modifiers: mods,
		note: item.note ?? '',
		destination: item.destination,
		status,
		...(item.discount ? { discount: item.discount } : {})
	};
}

/** How long the cart stays still before its draft is written (one small doc per tab). */
const DRAFT_DEBOUNCE_MS = 300;
/** Then the write waits for an idle moment (off the next tap's path), but never longer than this. */
const DRAFT_IDLE_TIMEOUT_MS = 1000;

class CartManager {
	cart = $state.raw<Cart>(emptyCart);
	/** The checkout attempt's identity: the local_id of the order this sale is or will be (null until checkout starts). */
	orderId = $state<string | null>(null);
	/** The order number of this sale (reserved when checkout starts; an abandoned sale's number goes to the next one). */
	orderNumber = $state<string | null>(null);
	/** The counter the reserved number was drawn from. */
	numberKey = $state<string | null>(null);
	/** An order document exists for orderId (held, sent, recalled). */
	stored = $state(false);
	/** A number reserved by a sale that was abandoned before any order used it: the next sale takes it (no gap). */
	spareNumber = $state<string | null>(null);
	spareKey = $state<string | null>(null);
	orderVersion = $state(0);
	orderStatus = $state<OrderStatus>('open');
	createdAt = $state<string | null>(null);
	table = $state('');
	customer = $state('');
	pax = $state<number | null>(null);
	/** A split payment's parts collected so far (kept in the draft; nothing is written before the last part). */
	splitParts = $state.raw<PartInput[]>([]);
	/** The total those parts were collected for. */
	splitTotal = $state<number | null>(null);

	charges = $derived(chargeSettings(app.store?.config));
	/** With the lines' and the order's discounts (domain/discount.ts): subtotal is the gross, `discount` what comes off it. */
	totals: DiscountedTotals = $derived(discountedTotals(this.cart.lines, this.cart.discount, this.charges));
	itemCount = $derived(cartItemCount(this.cart));
	isEmpty = $derived(this.cart.lines.length === 0);
	hasUnsent = $derived(hasUnsentLines(this.cart));
	/** Anything the cashier would lose by reloading now. */
	busy = $derived(this.cart.lines.length > 0 && (!this.stored || this.hasUnsent));

	#sales: SalesClient | null = null;
	#tabId = '';
	/** The debounce: a tap only notes its time; one timer per burst of changes (`trailing-timer.ts`). */
	#still = new TrailingTimer(DRAFT_DEBOUNCE_MS, () => this.#whenIdle());
	#idle: number | null = null;
	#stopEffect: (() => void) | null = null;
	#stopFlush: (() => void) | null = null;

	set(cart: Cart): void {
		this.cart = cart;
	}

	/** Empties the cart; a number reserved but not used by any order stays reserved for the next sale (no gap). */
	reset(): void {
		this.#spareUnused();
		this.cart = emptyCart;
		this.orderId = null;
		this.orderNumber = null;
		this.numberKey = null;
		this.stored = false;
		this.orderVersion = 0;
		this.orderStatus = 'open';
		this.createdAt = null;
		this.table = '';
		this.customer = '';
		this.pax = null;
		this.splitParts = [];
		this.splitTotal = null;
	}

	/** Keeps the split payment's parts collected so far for `total` (an empty list forgets them). */
	setSplitParts(parts: readonly PartInput[], total: number): void {
		this.splitParts = [...parts];
		this.splitTotal = parts.length > 0 ? total : null;
		// Written at once, not after the debounce: a collected part is money already taken.
		void this.saveDraft().catch(() => undefined);
	}

	/** The parts collected for this total; none when the cart's total changed since (they were for another amount). */
	splitPartsFor(total: number): PartInput[] {
		return this.splitTotal === total ? this.splitParts : [];
	}

	/** The current sale's number, if no order carries it, becomes the spare one. */
	#spareUnused(): void {
		if (!this.stored && this.orderNumber !== null && this.numberKey !== null) {
			this.spareNumber = this.orderNumber;
			this.spareKey = this.numberKey;
		}
	}

	load(order: OrderDoc): void {
		this.#spareUnused();
		this.cart = { ...cartFromLines(order.items.map(lineFromItem)), discount: order.discount ?? null };
		this.orderId = order.local_id;
		this.orderNumber = order.order_number;
		this.numberKey = null;
		this.stored = true;
		this.orderVersion = order.version;
		this.orderStatus = order.status;
		this.createdAt = order.created_at;
		this.table = order.table_number ?? '';
		this.customer = order.customer_name ?? '';
		this.pax = order.pax;
		this.splitParts = [];
		this.splitTotal = null;
	}

	/** The draft as stored for this tab. */
	draft(): CartDraft {
		return {
			tab_id: this.#tabId,
			order_id: this.orderId,
			order_number: this.orderNumber,
			number_key: this.numberKey,
			stored: this.stored,
			spare_number: this.spareNumber,
			spare_key: this.spareKey,
			order_status: this.orderStatus,
			created_at: this.createdAt,
			cart: this.cart,
			table: this.table,
			customer: this.customer,
			pax: this.pax,
			split_parts: this.splitParts.length > 0 ? this.splitParts : null,
			split_total: this.splitParts.length > 0 ? this.splitTotal : null,
			updated_at: new Date().toISOString()
		};
	}

	/** Back to a stored draft (after a reload or a crash). */
	restore(d: CartDraft): void {
		this.cart = { lines: [...d.cart.lines], next_line: d.cart.next_line, discount: d.cart.discount ?? null };
		this.orderId = d.order_id;
		this.orderNumber = d.order_number;
		this.numberKey = d.number_key;
		this.stored = d.stored;
		this.spareNumber = d.spare_number;
		this.spareKey = d.spare_key;
		this.orderStatus = d.order_status;
		this.orderVersion = 0;
		this.createdAt = d.created_at;
		this.table = d.table;
		this.customer = d.customer;
		this.pax = d.pax;
		this.splitParts = d.split_parts ?? [];
		this.splitTotal = d.split_total ?? null;
	}

	/**
	 * Keeps this tab's draft following the cart: debounced, then written in idle time so the write and the change events it
	 * fans out stay off the tap → paint path; a pending draft is written at once when the page is hidden or left. The
	 * worker's `saveDraft` writes it (resolving once stored).
	 */
	persist(sales: SalesClient, tabId: string): void {
		this.#sales = sales;
		this.#tabId = tabId;
		this.#stopEffect?.();
		this.#stopEffect = $effect.root(() => {
			$effect(() => {
				// Read every field the draft holds, so any change schedules a save.
				void [
					this.cart,
					this.orderId,
					this.orderNumber,
					this.numberKey,
					this.stored,
					this.spareNumber,
					this.spareKey,
					this.orderStatus,
					this.createdAt,
					this.table,
					this.customer,
					this.pax,
					this.splitParts,
					this.splitTotal
				];
				this.#schedule();
			});
		});
		this.#stopFlush?.();
		this.#stopFlush = null;
		if (typeof document !== 'undefined') {
			const flush = () => {
				if (this.pending) void this.saveDraft().catch(() => undefined);
			};
			const onVisibility = () => {
				if (document.visibilityState === 'hidden') flush();
			};
			window.addEventListener('pagehide', flush);
			document.addEventListener('visibilitychange', onVisibility);
			this.#stopFlush = () => {
				window.removeEventListener('pagehide', flush);
				document.removeEventListener('visibilitychange', onVisibility);
			};
		}
	}

	/** A change of the cart is waiting to be written to the draft. */
	get pending(): boolean {
		return this.#still.pending || this.#idle !== null;
	}

	/**
	 * One pending save at a time (coalesced): each change pushes the debounce back (without re-arming a timer), then the
	 * write waits for idle time.
	 */
	#schedule(): void {
		if (this.#idle !== null) cancelIdleCallback(this.#idle);
		this.#idle = null;
		this.#still.poke();
	}

	#whenIdle(): void {
		const save = () => {
			this.#idle = null;
			void this.saveDraft().catch(() => undefined);
		};
		if (typeof requestIdleCallback === 'function') {
			this.#idle = requestIdleCallback(save, { timeout: DRAFT_IDLE_TIMEOUT_MS });
		} else {
			save();
		}
	}

	#cancel(): void {
		this.#still.cancel();
		if (this.#idle !== null) cancelIdleCallback(this.#idle);
		this.#idle = null;
	}

	/** Writes the draft now, dropping any pending save (the checkout identity and reserved number must be kept before anything relies on them). */
	async saveDraft(): Promise<void> {
		// Changes made just before this call have scheduled a save (the effect runs after them): this write holds them, so
		// that save is dropped too (a pay would otherwise write the same draft again before its order).
		await tick();
		this.#cancel();
		if (!this.#sales || !this.#tabId) return;
		await this.#sales.saveDraft($state.snapshot(this.draft()));
	}
}

export const cart = new CartManager();

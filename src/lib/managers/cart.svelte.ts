// Why: the sale in progress (lines, table, guest, the recalled order it continues) and its totals, derived from the outlet's charge settings.
import type { OrderDoc, OrderItem, StoreConfig } from '$lib/db';
import { cartFromLines, cartItemCount, emptyCart, hasUnsentLines, type Cart, type CartLine, type LineStatus } from '$lib/domain/cart';
import type { ChosenModifier } from '$lib/domain/modifiers';
import type { OrderStatus } from '$lib/domain/order';
import { computeTotals, defaultChargeSettings, validateChargeSettings, type ChargeSettings, type Totals } from '$lib/domain/totals';
import { app } from './app.svelte';

/** The store's config as the domain's charge settings; a bad config falls back to the defaults rather than stopping sales. */
export function chargeSettings(config: StoreConfig | undefined): ChargeSettings {
	if (!config) return defaultChargeSettings;
	const r = validateChargeSettings({ tax_rate: config.tax_rate, service_rate: config.service_rate, rounding: config.rounding ?? 'none' });
	return r.ok ? r.value : defaultChargeSettings;
}

type StoredModifier = { group_id?: string; group_name?: string; option_id?: string; name: string; price: number };

/** A stored order item back into a cart line (recall, reprint). */
export function lineFromItem(item: OrderItem): CartLine {
	const mods = (item.modifiers as StoredModifier[]).map(
		(m): ChosenModifier => ({ group_id: m.group_id ?? '', group_name: m.group_name ?? '', option_id: m.option_id ?? m.name, name: m.name, price: m.price })
	);
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
		status
	};
}

class CartManager {
	cart = $state.raw<Cart>(emptyCart);
	/** The stored order this sale continues (held, sent), or null for a new one. */
	orderId = $state<string | null>(null);
	orderVersion = $state(0);
	orderStatus = $state<OrderStatus>('open');
	createdAt = $state<string | null>(null);
	table = $state('');
	customer = $state('');
	pax = $state<number | null>(null);

	charges = $derived(chargeSettings(app.store?.config));
	totals: Totals = $derived(computeTotals(this.cart.lines, this.charges));
	itemCount = $derived(cartItemCount(this.cart));
	isEmpty = $derived(this.cart.lines.length === 0);
	hasUnsent = $derived(hasUnsentLines(this.cart));
	/** Anything the cashier would lose by reloading now. */
	busy = $derived(this.cart.lines.length > 0 && (this.orderId === null || this.hasUnsent));

	set(cart: Cart): void {
		this.cart = cart;
	}

	reset(): void {
		this.cart = emptyCart;
		this.orderId = null;
		this.orderVersion = 0;
		this.orderStatus = 'open';
		this.createdAt = null;
		this.table = '';
		this.customer = '';
		this.pax = null;
	}

	load(order: OrderDoc): void {
		this.cart = cartFromLines(order.items.map(lineFromItem));
		this.orderId = order.local_id;
		this.orderVersion = order.version;
		this.orderStatus = order.status;
		this.createdAt = order.created_at;
		this.table = order.table_number ?? '';
		this.customer = order.customer_name ?? '';
		this.pax = order.pax;
	}
}

export const cart = new CartManager();

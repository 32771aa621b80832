// Why: which dialog the selling screen shows (modifiers, payment, open orders) and what the last sale was, so components stay dumb.
import type { OrderDoc } from '$lib/db';
import type { ModifierGroup } from '$lib/domain/modifiers';
import type { ProductView } from './catalog.svelte';

class SellManager {
	modifierFor = $state.raw<{ product: ProductView; groups: ModifierGroup[] } | null>(null);
	paying = $state(false);
	recalling = $state(false);
	/** Shown on the narrow (portrait phone) layout instead of the grid. */
	showCart = $state(false);
	openOrders = $state.raw<OrderDoc[]>([]);
	/** The order just paid: its receipt is the first print, any later one a reprint. */
	justPaid = $state<string | null>(null);
}

export const sell = new SellManager();

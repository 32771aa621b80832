// Why: the selling screen's actions (pick a product, confirm modifiers, edit lines) as plain functions over the cart manager and the domain.
import { addItem, removeLine, setNote, setQty, type Destination } from '$lib/domain/cart';
import { needsModifierDialog, type ChosenModifier } from '$lib/domain/modifiers';
import { isOpenStatus } from '$lib/domain/order';
import { cart } from '$lib/managers/cart.svelte';
import { catalog, type ProductView } from '$lib/managers/catalog.svelte';
import { sell } from '$lib/managers/sell.svelte';
import { toasts } from '$lib/managers/toast.svelte';
import { describeError } from './error.service';
import { sales } from './sales-client';
import { t } from '$lib/i18n/i18n.svelte';

function addLine(p: ProductView, modifiers: ChosenModifier[]): void {
	const r = addItem(cart.cart, {
		product_id: p.id,
		product_name: p.name,
		category: catalog.categoryName.get(p.category_id) ?? '',
		unit_price: p.price,
		modifiers,
		destination: p.destination
	});
	if (!r.ok) {
		toasts.show(describeError(r.error), 'error');
		return;
	}
	cart.set(r.value.cart);
}

/** A tap on a product: straight into the cart, or through the modifiers dialog when it has groups to choose. */
export function pickProduct(p: ProductView): void {
	if (!p.is_available) return;
	const groups = catalog.groupsFor(p);
	if (needsModifierDialog(groups)) sell.modifierFor = { product: p, groups };
	else addLine(p, []);
}

/** Taps made on the cold start's painted tiles, replayed in order once the live screen shows (a product gone since: a toast). */
export async function replayTaps(productIds: readonly string[]): Promise<void> {
	for (const id of productIds) {
		const p = await catalog.byId(id);
		if (p?.is_available) pickProduct(p);
		else toasts.show(t('sell.tapGone', { name: p?.name ?? id }), 'error');
	}
}

/** A scanned barcode: the product with that SKU goes into the cart as a tap would (modifiers still asked). */
export async function scanSku(code: string): Promise<ProductView | null> {
	const p = (await catalog.findBySku(code)) ?? (await catalog.findBySku(code.toUpperCase()));
	if (!p) toasts.show(t('sell.scanUnknown', { code }), 'error');
	else if (!p.is_available) toasts.show(t('sell.scanUnavailable', { name: p.name }), 'error');
	else pickProduct(p);
	return p;
}

export function confirmModifiers(modifiers: ChosenModifier[]): void {
	const m = sell.modifierFor;
	if (!m) return;
	addLine(m.product, modifiers);
	sell.modifierFor = null;
}

export function changeQty(lineId: string, qty: number): void {
	const r = setQty(cart.cart, lineId, qty);
	if (r.ok) cart.set(r.value);
	else toasts.show(describeError(r.error), 'error');
}

export function deleteLine(lineId: string): void {
	const r = removeLine(cart.cart, lineId);
	if (r.ok) cart.set(r.value);
}

export function changeNote(lineId: string, note: string): void {
	const r = setNote(cart.cart, lineId, note);
	if (r.ok) cart.set(r.value);
}

export function changeDestination(lineId: string, destination: Destination): void {
	cart.set({
		...cart.cart,
		lines: cart.cart.lines.map((l) =>
			l.line_id === lineId && l.status === 'new' ? { ...l, destination } : l
		)
	});
}

/** Open (held or sent) orders to recall, newest first (the worker reads them: one equality range per status). */
export async function loadOpenOrders(): Promise<void> {
	sell.openOrders = (await sales().listOpenOrders()).filter((o) => isOpenStatus(o.status));
}

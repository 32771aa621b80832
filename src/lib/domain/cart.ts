// Why: the cart is the heart of a sale; an immutable model keeps undo, held orders and UI state simple and testable.
import type { Discount } from './discount';
import type { ChosenModifier } from './modifiers';
import type { Rupiah } from './money';
import { err, ok, type Result } from './result';

import type { Destination } from '../contract/ho';

export type { Destination };
export type LineStatus = 'new' | 'sent' | 'served';

export type CartLine = {
	readonly line_id: string;
	readonly product_id: string;
	readonly product_name: string;
	readonly category: string;
	readonly unit_price: Rupiah;
	readonly qty: number;
	readonly modifiers: readonly ChosenModifier[];
	readonly note: string;
	readonly destination: Destination;
	readonly status: LineStatus;
	/** A discount on this line (domain/discount.ts); absent or null: none. */
	readonly discount?: Discount | null;
};

/** `next_line` numbers new lines ("L1", "L2", ...) so ids stay stable and need no randomness. */
export type Cart = {
	readonly lines: readonly CartLine[];
	readonly next_line: number;
	/** A discount on the whole order, after the lines' own (domain/discount.ts). */
	readonly discount?: Discount | null;
};

export type NewLine = Omit<CartLine, 'line_id' | 'status' | 'qty' | 'note'> & { qty?: number; note?: string };

export type CartErrorCode =
	'invalid_qty' | 'invalid_price' | 'line_not_found' | 'line_already_sent' | 'line_not_sent';
export type CartError = { code: CartErrorCode; line_id?: string };

/** Most of one item on one line: a typo guard (1000 Es Teh), not a business rule. */
export const MAX_LINE_QTY = 999;

export const emptyCart: Cart = { lines: [], next_line: 1 };

/** Rebuilds a cart from stored lines (a recalled order), numbering new lines after the highest stored one. */
export function cartFromLines(lines: readonly CartLine[]): Cart {
	let next = 1;
	for (const l of lines) {
		const m = /^L(\d+)$/.exec(l.line_id);
		if (m) next = Math.max(next, Number(m[1]) + 1);
	}
	return { lines: [...lines], next_line: next };
}

/** Unit price with modifiers, the price the order item carries. */
export function lineUnitTotal(line: Pick<CartLine, 'unit_price' | 'modifiers'>): Rupiah {
	let sum = line.unit_price;
	for (const m of line.modifiers) sum += m.price;
	return sum;
}

/** (unit_price + modifiers) x qty. */
export function lineSubtotal(line: Pick<CartLine, 'unit_price' | 'modifiers' | 'qty'>): Rupiah {
	return lineUnitTotal(line) * line.qty;
}

export function cartSubtotal(cart: Cart | readonly CartLine[]): Rupiah {
	const lines = 'lines' in cart ? cart.lines : cart;
	let sum = 0;
	for (const l of lines) sum += lineSubtotal(l);
	return sum;
}

export function cartItemCount(cart: Cart): number {
	let n = 0;
	for (const l of cart.lines) n += l.qty;
	return n;
}

function validQty(qty: number): boolean {
	return Number.isInteger(qty) && qty >= 1 && qty <= MAX_LINE_QTY;
}

function modifierKey(mods: readonly ChosenModifier[]): string {
	return mods
		.map((m) => `${m.group_id}:${m.option_id}`)
		.sort()
		.join('|');
}

/** Two lines are "the same thing" when product, modifiers and note match (order of picks aside). */
export function sameItem(a: Pick<CartLine, 'product_id' | 'modifiers' | 'note'>, b: typeof a): boolean {
	return (
		a.product_id === b.product_id &&
		a.note.trim() === b.note.trim() &&
		modifierKey(a.modifiers) === modifierKey(b.modifiers)
	);
}

/**
 * Adds an item, merging into an unsent identical line (sent lines stay as the kitchen got them).
 * Returns the new cart and the id of the line that now holds the item.
 */
export function addItem(cart: Cart, item: NewLine): Result<{ cart: Cart; line_id: string }, CartError> {
	const qty = item.qty ?? 1;
	if (!validQty(qty)) return err({ code: 'invalid_qty' });
	if (
		!Number.isSafeInteger(item.unit_price) ||
		item.unit_price < 0 ||
		item.modifiers.some((m) => !Number.isSafeInteger(m.price))
	)
		return err({ code: 'invalid_price' });
	const note = (item.note ?? '').trim();
	const candidate = { ...item, note };
	const existing = cart.lines.find((l) => l.status === 'new' && sameItem(l, candidate));
	if (existing) {
		if (!validQty(existing.qty + qty)) return err({ code: 'invalid_qty', line_id: existing.line_id });
		return ok({
			cart: { ...cart, lines: cart.lines.map((l) => (l === existing ? { ...l, qty: l.qty + qty } : l)) },
			line_id: existing.line_id
		});
	}
	const line: CartLine = {
		line_id: `L${cart.next_line}`,
		product_id: item.product_id,
		product_name: item.product_name,
		category: item.category,
		unit_price: item.unit_price,
		qty,
		modifiers: [...item.modifiers],
		note,
		destination: item.destination,
		status: 'new'
	};
	return ok({
		cart: { ...cart, lines: [...cart.lines, line], next_line: cart.next_line + 1 },
		line_id: line.line_id
	});
}

function findNew(cart: Cart, lineId: string): Result<CartLine, CartError> {
	const line = cart.lines.find((l) => l.line_id === lineId);
	if (!line) return err({ code: 'line_not_found', line_id: lineId });
	if (line.status !== 'new') return err({ code: 'line_already_sent', line_id: lineId });
	return ok(line);
}

/** Sets a line's quantity; 0 removes it. Only unsent lines change (a sent line needs a void). */
export function setQty(cart: Cart, lineId: string, qty: number): Result<Cart, CartError> {
	if (qty === 0) return removeLine(cart, lineId);
	const found = findNew(cart, lineId);
	if (!found.ok) return found;
	if (!validQty(qty)) return err({ code: 'invalid_qty', line_id: lineId });
	return ok({ ...cart, lines: cart.lines.map((l) => (l.line_id === lineId ? { ...l, qty } : l)) });
}

export function removeLine(cart: Cart, lineId: string): Result<Cart, CartError> {
	const found = findNew(cart, lineId);
	if (!found.ok) return found;
	return ok({ ...cart, lines: cart.lines.filter((l) => l.line_id !== lineId) });
}

/** Sets a line's note. If another unsent line becomes identical, the two merge. */
export function setNote(cart: Cart, lineId: string, note: string): Result<Cart, CartError> {
	const found = findNew(cart, lineId);
	if (!found.ok) return found;
	const updated = { ...found.value, note: note.trim() };
	const twin = cart.lines.find((l) => l.line_id !== lineId && l.status === 'new' && sameItem(l, updated));
	if (twin) {
		if (!validQty(twin.qty + updated.qty)) return err({ code: 'invalid_qty', line_id: twin.line_id });
		return ok({
			...cart,
			lines: cart.lines
				.filter((l) => l.line_id !== lineId)
				.map((l) => (l === twin ? { ...l, qty: l.qty + updated.qty } : l))
		});
	}
	return ok({ ...cart, lines: cart.lines.map((l) => (l.line_id === lineId ? updated : l)) });
}

/** Marks every unsent line (or just one destination's) as sent; returns the cart and what went out. */
export function sendNewLines(cart: Cart, destination?: Destination): { cart: Cart; sent: CartLine[] } {
	const sent: CartLine[] = [];
	const lines = cart.lines.map((l) => {
		if (l.status !== 'new' || (destination && l.destination !== destination)) return l;
		const s: CartLine = { ...l, status: 'sent' };
		sent.push(s);
		return s;
	});
	return { cart: { ...cart, lines }, sent };
}

/** Marks a sent line served. A new (unsent) line cannot be served before the kitchen has it. */
export function serveLine(cart: Cart, lineId: string): Result<Cart, CartError> {
	const line = cart.lines.find((l) => l.line_id === lineId);
	if (!line) return err({ code: 'line_not_found', line_id: lineId });
	if (line.status === 'new') return err({ code: 'line_not_sent', line_id: lineId });
	return ok({
		...cart,
		lines: cart.lines.map((l) => (l.line_id === lineId ? { ...l, status: 'served' } : l))
	});
}

export function hasUnsentLines(cart: Cart): boolean {
	return cart.lines.some((l) => l.status === 'new');
}

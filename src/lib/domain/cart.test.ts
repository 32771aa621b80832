import { describe, expect, it } from 'vitest';
import {
	addItem,
	cartFromLines,
	cartItemCount,
	cartSubtotal,
	emptyCart,
	hasUnsentLines,
	lineSubtotal,
	lineUnitTotal,
	removeLine,
	sendNewLines,
	serveLine,
	setNote,
	setQty,
	type Cart,
	type NewLine
} from './cart';
import type { Result } from './result';

const nasi: NewLine = {
	product_id: 'p-nasi',
	product_name: 'Nasi Goreng',
	category: 'Food',
	unit_price: 35000,
	modifiers: [],
	destination: 'kitchen'
};
const extraPedas = {
	group_id: 'g1',
	group_name: 'Level Pedas',
	option_id: 'o3',
	name: 'Extra Pedas',
	price: 2000
};
const telur = { group_id: 'g2', group_name: 'Topping', option_id: 'o9', name: 'Telur', price: 5000 };
const esTeh: NewLine = {
	product_id: 'p-teh',
	product_name: 'Es Teh Manis',
	category: 'Beverages',
	unit_price: 8000,
	modifiers: [],
	destination: 'bar'
};

function must<T, E>(r: Result<T, E>): T {
	if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
	return r.value;
}
function add(cart: Cart, item: NewLine): Cart {
	return must(addItem(cart, item)).cart;
}

describe('adding', () => {
	it('adds a line with a stable id and status new', () => {
		const { cart, line_id } = must(addItem(emptyCart, nasi));
		expect(line_id).toBe('L1');
		expect(cart.lines).toEqual([{ ...nasi, line_id: 'L1', qty: 1, note: '', status: 'new', modifiers: [] }]);
		expect(emptyCart.lines).toHaveLength(0); // untouched
	});
	it('merges identical product + modifiers + note, whatever order the modifiers came in', () => {
		let cart = add(emptyCart, { ...nasi, modifiers: [extraPedas, telur], note: 'no onion' });
		const r = must(addItem(cart, { ...nasi, modifiers: [telur, extraPedas], note: ' no onion ', qty: 2 }));
		cart = r.cart;
		expect(r.line_id).toBe('L1');
		expect(cart.lines).toHaveLength(1);
		expect(cart.lines[0]?.qty).toBe(3);
	});
	it('keeps different modifiers or notes on separate lines', () => {
		let cart = add(emptyCart, nasi);
		cart = add(cart, { ...nasi, modifiers: [extraPedas] });
		cart = add(cart, { ...nasi, note: 'less salt' });
		expect(cart.lines.map((l) => l.line_id)).toEqual(['L1', 'L2', 'L3']);
	});
	it('never merges into a line already sent to the kitchen', () => {
		let cart = add(emptyCart, nasi);
		cart = sendNewLines(cart).cart;
		cart = add(cart, nasi);
		expect(cart.lines.map((l) => [l.line_id, l.status, l.qty])).toEqual([
			['L1', 'sent', 1],
			['L2', 'new', 1]
		]);
	});
	it('rejects bad quantities and prices as values', () => {
		expect(addItem(emptyCart, { ...nasi, qty: 0 })).toEqual({ ok: false, error: { code: 'invalid_qty' } });
		expect(addItem(emptyCart, { ...nasi, qty: 1.5 }).ok).toBe(false);
		expect(addItem(emptyCart, { ...nasi, qty: 1000 }).ok).toBe(false);
		expect(addItem(emptyCart, { ...nasi, unit_price: 100.5 })).toEqual({
			ok: false,
			error: { code: 'invalid_price' }
		});
		expect(addItem(emptyCart, { ...nasi, unit_price: -1 }).ok).toBe(false);
		expect(addItem(emptyCart, { ...nasi, modifiers: [{ ...telur, price: 0.5 }] }).ok).toBe(false);
		const full = add(emptyCart, { ...nasi, qty: 999 });
		expect(addItem(full, nasi)).toEqual({ ok: false, error: { code: 'invalid_qty', line_id: 'L1' } });
	});
});

describe('editing', () => {
	const base = add(add(emptyCart, nasi), esTeh);
	it('sets quantity, and 0 removes the line', () => {
		const c1 = must(setQty(base, 'L1', 4));
		expect(c1.lines[0]?.qty).toBe(4);
		const c2 = must(setQty(c1, 'L1', 0));
		expect(c2.lines.map((l) => l.line_id)).toEqual(['L2']);
		expect(setQty(base, 'L1', -1)).toEqual({ ok: false, error: { code: 'invalid_qty', line_id: 'L1' } });
		expect(setQty(base, 'L9', 2)).toEqual({ ok: false, error: { code: 'line_not_found', line_id: 'L9' } });
	});
	it('removes lines, and new lines keep counting after a removal', () => {
		const c = must(removeLine(base, 'L2'));
		expect(add(c, esTeh).lines.map((l) => l.line_id)).toEqual(['L1', 'L3']);
	});
	it('refuses to change a sent line', () => {
		const sent = sendNewLines(base).cart;
		expect(setQty(sent, 'L1', 2)).toEqual({ ok: false, error: { code: 'line_already_sent', line_id: 'L1' } });
		expect(removeLine(sent, 'L1').ok).toBe(false);
		expect(setNote(sent, 'L1', 'x').ok).toBe(false);
	});
	it('sets a note, and merges when the line becomes identical to another', () => {
		let c = add(base, { ...nasi, note: 'pedas' });
		expect(c.lines).toHaveLength(3);
		c = must(setNote(c, 'L1', '  pedas '));
		expect(c.lines.map((l) => [l.line_id, l.qty, l.note])).toEqual([
			['L2', 1, ''],
			['L3', 2, 'pedas']
		]);
		const c2 = must(setNote(base, 'L2', 'less ice'));
		expect(c2.lines[1]?.note).toBe('less ice');
	});
});

describe('kitchen flow', () => {
	it('sends new lines per destination and serves sent ones', () => {
		const cart = add(add(emptyCart, nasi), esTeh);
		const bar = sendNewLines(cart, 'bar');
		expect(bar.sent.map((l) => l.line_id)).toEqual(['L2']);
		expect(hasUnsentLines(bar.cart)).toBe(true);
		const all = sendNewLines(bar.cart);
		expect(all.sent.map((l) => l.line_id)).toEqual(['L1']);
		expect(hasUnsentLines(all.cart)).toBe(false);
		expect(serveLine(cart, 'L1')).toEqual({ ok: false, error: { code: 'line_not_sent', line_id: 'L1' } });
		expect(serveLine(cart, 'L7').ok).toBe(false);
		const served = must(serveLine(all.cart, 'L1'));
		expect(served.lines.map((l) => l.status)).toEqual(['served', 'sent']);
	});
});

describe('maths', () => {
	it('line subtotal is (unit price + modifiers) x qty', () => {
		const line = { unit_price: 35000, modifiers: [extraPedas, telur], qty: 3 };
		expect(lineUnitTotal(line)).toBe(42000);
		expect(lineSubtotal(line)).toBe(126000);
	});
	it('cart subtotal and item count', () => {
		let cart = add(emptyCart, { ...nasi, qty: 2, modifiers: [telur] });
		cart = add(cart, { ...esTeh, qty: 3 });
		expect(cartSubtotal(cart)).toBe(2 * 40000 + 3 * 8000);
		expect(cartSubtotal(cart.lines)).toBe(104000);
		expect(cartItemCount(cart)).toBe(5);
		expect(cartSubtotal(emptyCart)).toBe(0);
	});
	it('rebuilds a recalled cart and continues numbering', () => {
		const stored = add(add(emptyCart, nasi), esTeh).lines.filter((l) => l.line_id === 'L2');
		const cart = cartFromLines(stored);
		expect(cart.next_line).toBe(3);
		expect(cartFromLines([]).next_line).toBe(1);
	});
});

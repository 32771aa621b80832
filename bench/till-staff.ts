// Why: signing in checks the PIN against every configured person (one PBKDF2 each), and the cart recomputes its
// discounted totals on every change; both run on the cashier's device. Measures PIN checks at the production cost
// (100,000 iterations) and discounted totals of a 20-line cart, in Node (WebCrypto, like the browser).
// Run: npx tsx bench/till-staff.ts [runs=2000]
import { addItem, emptyCart, type Cart } from '../src/lib/domain/cart';
import { discountedTotals, type Discount } from '../src/lib/domain/discount';

const runs = Number(process.argv[2] ?? 2000);
const enc = new TextEncoder();

async function pbkdf2(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<ArrayBuffer> {
	const key = await crypto.subtle.importKey('raw', enc.encode(pin), 'PBKDF2', false, ['deriveBits']);
	return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
}

const salt = crypto.getRandomValues(new Uint8Array(16));
const checks = 10;
let t0 = performance.now();
for (let i = 0; i < checks; i++) await pbkdf2('1234', salt, 100_000);
const perCheck = (performance.now() - t0) / checks;

const d = (kind: Discount['kind'], value: number): Discount => ({
	kind,
	value,
	name: '',
	preset_id: null,
	given_by: null,
	given_by_id: null,
	approved_by: null,
	approved_by_id: null
});
let cart: Cart = emptyCart;
for (let i = 0; i < 20; i++) {
	const r = addItem(cart, {
		product_id: `p${i}`,
		product_name: `Menu ${i}`,
		category: 'F',
		unit_price: 10_000 + i * 1_250,
		qty: 1 + (i % 3),
		modifiers: [],
		destination: 'kitchen'
	});
	if (r.ok) cart = r.value.cart;
}
const lines = cart.lines.map((l, i) =>
	i % 2 ? { ...l, discount: d(i % 4 ? 'percent' : 'amount', i % 4 ? 12.5 : 3_000) } : l
);
const settings = { tax_rate: 10, service_rate: 5, rounding: 100 } as const;
t0 = performance.now();
let sink = 0;
for (let i = 0; i < runs; i++) sink += discountedTotals(lines, d('percent', 10), settings).total;
const perTotals = ((performance.now() - t0) / runs) * 1000;

console.log(`PIN check (PBKDF2-SHA-256, 100,000 iterations): ${perCheck.toFixed(1)} ms each`);
console.log(
	`  sign-in with 10 configured people, worst case (last one matches): ~${(perCheck * 10).toFixed(0)} ms`
);
console.log(
	`discounted totals, 20 lines with 10 line discounts and an order discount: ${perTotals.toFixed(1)} µs (${sink > 0 ? 'ok' : '?'})`
);

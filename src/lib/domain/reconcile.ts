// Why: end-of-day reconciliation proves the cloud holds exactly what the till sold: both sides compute the
// same figures and an order-set digest for a business day; on a mismatch the id lists name each difference.
import type { Rupiah } from './money';
import { paymentsOf, refundsOf, type PaidShape } from './payments';

/** Orders in a final state take part; open and sent orders still change and are left out. */
export const RECONCILED_STATUSES = ['paid', 'void'] as const;
export type ReconciledStatus = (typeof RECONCILED_STATUSES)[number];

export type ReconcileOrder = PaidShape & { version: number; total_amount: Rupiah; status: string };

/** One order as both sides compare it. */
export type ReconcileEntry = { local_id: string; version: number; total_amount: Rupiah; status: string };

export type CountSum = { count: number; sum: Rupiah };

export type DayFigures = {
	/** Paid and voided orders. */
	orders: number;
	paid: CountSum;
	voids: CountSum;
	/** Per payment method over paid orders (cash, qris and card always present). */
	payment_methods: Record<string, CountSum>;
	/** Refunds of the day's paid orders (present only when there are some). */
	refunds?: CountSum;
	/** Digest of the set of (local_id, version, total_amount, status): equal digests, equal sets. */
	digest: string;
};

export type DifferenceKind = 'missing' | 'extra' | 'different';

export type OrderDifference = {
	local_id: string;
	/** missing: the till has it, the cloud not; extra: the cloud has it, the till not; different: both, unequal. */
	kind: DifferenceKind;
	fields: ('version' | 'total_amount' | 'status')[];
	local: ReconcileEntry | null;
	cloud: ReconcileEntry | null;
};

export type ReconcileStatus = 'matched' | 'mismatched' | 'pending';

export function isReconciled(o: { status: string }): boolean {
	return (RECONCILED_STATUSES as readonly string[]).includes(o.status);
}

export function entryOf(o: ReconcileOrder): ReconcileEntry {
	return { local_id: o.local_id, version: o.version, total_amount: o.total_amount, status: o.status };
}

/** FNV-1a, 64 bits, over UTF-16 code units: pure, synchronous, identical in the browser and on the server. */
function fnv1a64(text: string): string {
	let h = 0xcbf29ce484222325n;
	const prime = 0x100000001b3n;
	const mask = 0xffffffffffffffffn;
	for (let i = 0; i < text.length; i++) {
		h ^= BigInt(text.charCodeAt(i));
		h = (h * prime) & mask;
	}
	return h.toString(16).padStart(16, '0');
}

const byId = (a: ReconcileEntry, b: ReconcileEntry) =>
	a.local_id < b.local_id ? -1 : a.local_id > b.local_id ? 1 : 0;

/** The set digest: entries sorted by local_id, one line each, hashed; order of input does not matter. */
export function digestOf(entries: readonly ReconcileEntry[]): string {
	// Chunked so 100k orders do not build one giant string; each chunk's hash feeds the next line.
	const sorted = [...entries].sort(byId);
	let acc = `n=${sorted.length}`;
	for (let i = 0; i < sorted.length; i += 512) {
		const lines = sorted
			.slice(i, i + 512)
			.map((e) => `${e.local_id}\u001f${e.version}\u001f${e.total_amount}\u001f${e.status}`)
			.join('\n');
		acc = fnv1a64(`${acc}\n${lines}`);
	}
	return fnv1a64(acc);
}

/** The day's figures over its orders (any order not paid or void is ignored). */
export function dayFigures(orders: readonly ReconcileOrder[]): DayFigures {
	const final = orders.filter(isReconciled);
	const payment_methods: Record<string, CountSum> = {
		cash: { count: 0, sum: 0 },
		qris: { count: 0, sum: 0 },
		card: { count: 0, sum: 0 }
	};
	const paid: CountSum = { count: 0, sum: 0 };
	const voids: CountSum = { count: 0, sum: 0 };
	const refunds: CountSum = { count: 0, sum: 0 };
	for (const o of final) {
		if (o.status === 'void') {
			voids.count++;
			voids.sum += o.total_amount;
			continue;
		}
		paid.count++;
		paid.sum += o.total_amount;
		for (const p of paymentsOf(o)) {
			const m = (payment_methods[p.method] ??= { count: 0, sum: 0 });
			m.count++;
			m.sum += p.amount;
		}
		for (const r of refundsOf(o)) {
			refunds.count++;
			refunds.sum += r.amount;
		}
	}
	return {
		orders: final.length,
		paid,
		voids,
		payment_methods,
		...(refunds.count > 0 ? { refunds } : {}),
		digest: digestOf(final.map(entryOf))
	};
}

/** Names each order that is missing from the cloud, extra in it, or different, sorted by local_id. */
export function diffEntries(
	local: readonly ReconcileEntry[],
	cloud: readonly ReconcileEntry[]
): OrderDifference[] {
	const theirs = new Map(cloud.map((e) => [e.local_id, e]));
	const mine = new Map(local.map((e) => [e.local_id, e]));
	const out: OrderDifference[] = [];
	for (const l of mine.values()) {
		const c = theirs.get(l.local_id);
		if (!c) {
			out.push({ local_id: l.local_id, kind: 'missing', fields: [], local: l, cloud: null });
			continue;
		}
		const fields = (['version', 'total_amount', 'status'] as const).filter((f) => l[f] !== c[f]);
		if (fields.length) out.push({ local_id: l.local_id, kind: 'different', fields, local: l, cloud: c });
	}
	for (const c of theirs.values()) {
		if (!mine.has(c.local_id))
			out.push({ local_id: c.local_id, kind: 'extra', fields: [], local: null, cloud: c });
	}
	return out.sort((a, b) => (a.local_id < b.local_id ? -1 : a.local_id > b.local_id ? 1 : 0));
}

/** Equal digests and figures mean the day matches. */
export function figuresMatch(a: DayFigures, b: DayFigures): boolean {
	return (
		a.digest === b.digest &&
		a.orders === b.orders &&
		a.paid.sum === b.paid.sum &&
		(a.refunds?.sum ?? 0) === (b.refunds?.sum ?? 0)
	);
}

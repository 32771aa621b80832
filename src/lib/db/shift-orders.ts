// Why: a shift's orders are read through the business_date index over the business days the shift spans, never by
// loading every order, and in one `getAll` of that index range (covered-read.ts): RxDB's own query walks a cursor, one
// task per order, which for two busy days (~2,000 orders) is most of the shift screen's refresh and of the close.
import { getHeightOfRevision, type MangoQuery, type RxChangeEvent } from 'rxdb';
import type { KasirDatabase } from './database';
import type { OrderDoc, ShiftDoc } from './types';
import { readCovered } from './covered-read';

/** The User Timing measure each read of a shift's days leaves (the bench reads it: the product's own path). */
export const SHIFT_ORDERS_MEASURE = 'kasir:shift-orders';
/** The measure the shift screen leaves each time it recomputes the totals (managers/shift.svelte.ts). */
export const SHIFT_TOTALS_MEASURE = 'kasir:shift-totals';

/**
 * Every order of the business days `from`..`to`, in (business_date, local_id) order: what RxDB's query without a sort
 * gives (it sorts by the business_date index, then the primary key), held entirely by that index, so one key range.
 */
export function shiftDaysQuery(from: string, to: string): MangoQuery<OrderDoc> {
	return {
		selector: { business_date: { $gte: from, $lte: to } },
		sort: [{ business_date: 'asc' }, { local_id: 'asc' }],
		// IndexedDB's largest count: every order of the days.
		limit: 2 ** 32 - 1
	};
}

/** The order as `toJSON()` gives it: without RxDB's own fields, which the storage read carries. */
function withoutMeta(o: OrderDoc): OrderDoc {
	const { _deleted, _rev, _meta, _attachments, ...order } = o as OrderDoc & {
		_deleted?: unknown;
		_rev?: unknown;
		_meta?: unknown;
		_attachments?: unknown;
	};
	return order;
}

/** Orders stamped with the shift, from its first business day to `lastDate` (its close, or today). */
export async function loadShiftOrders(
	db: KasirDatabase,
	shift: ShiftDoc,
	lastDate: string
): Promise<OrderDoc[]> {
	const { from, to } = daysOf(shift, lastDate);
	return (await readShiftDays(db, shift.local_id, from, to)).map(withoutMeta);
}

/** The shift's orders of `from`..`to` as stored (RxDB's fields included), in one covered range; measured. */
async function readShiftDays(
	db: KasirDatabase,
	shiftId: string,
	from: string,
	to: string
): Promise<OrderDoc[]> {
	const start = performance.now();
	const [read = []] = await readCovered(db.orders, [shiftDaysQuery(from, to)]);
	const orders = read.filter((o) => o.shift_id === shiftId);
	// The shift screen reads on every write of an order: the timeline keeps the last read only.
	performance.clearMeasures(SHIFT_ORDERS_MEASURE);
	performance.measure(SHIFT_ORDERS_MEASURE, {
		start,
		detail: { from, to, read: read.length, orders: orders.length }
	});
	return orders;
}

type Row = { rev: number; order: OrderDoc | null };

/**
 * A shift's orders kept live for the shift screen: read once over the shift's days (`loadShiftOrders`), then kept from
 * the orders collection's change events (`take`), which carry each written order whole: a sale, void or refund of the
 * shift costs no read. An event older than what is held (another realm's write delivered late) is ignored by revision;
 * events delivered while the days are being read are taken after the read, in order.
 */
export class LiveShiftOrders {
	readonly #db: KasirDatabase;
	#key = '';
	#shift = '';
	#from = '';
	#to = '';
	#rows = new Map<string, Row>();
	/** Events delivered during the read; `null` when none is under way. */
	#buffer: RxChangeEvent<OrderDoc>[] | null = null;
	#loading: Promise<void> | null = null;

	constructor(db: KasirDatabase) {
		this.#db = db;
	}

	/** The shift's orders, in (business_date, local_id) order; the days are read only when the shift or its days change. */
	async orders(shift: ShiftDoc, lastDate: string): Promise<OrderDoc[]> {
		const { key, from, to } = daysOf(shift, lastDate);
		while (this.#key !== key || this.#loading) {
			if (this.#key === key && this.#loading) {
				await this.#loading;
				continue;
			}
			this.#key = key;
			this.#shift = shift.local_id;
			this.#from = from;
			this.#to = to;
			this.#buffer = [];
			const loading = (async () => {
				const read = await readShiftDays(this.#db, shift.local_id, from, to);
				if (this.#key !== key) return;
				const rows = new Map<string, Row>();
				for (const o of read) rows.set(o.local_id, rowOf(o));
				this.#rows = rows;
				const buffered = this.#buffer ?? [];
				this.#buffer = null;
				for (const e of buffered) this.#apply(e);
			})();
			this.#loading = loading;
			try {
				await loading;
			} finally {
				if (this.#loading === loading) this.#loading = null;
			}
		}
		return [...this.#rows.values()]
			.flatMap((r) => (r.order ? [r.order] : []))
			.sort((a, b) =>
				a.business_date !== b.business_date
					? a.business_date < b.business_date
						? -1
						: 1
					: a.local_id < b.local_id
						? -1
						: a.local_id > b.local_id
							? 1
							: 0
			);
	}

	/**
	 * Takes a change event of the orders collection: `'changed'` when the shift's orders changed, `'same'` when not, and
	 * `'stale'` when the shift or its days are not the ones held (read them again through `orders`).
	 */
	take(e: RxChangeEvent<OrderDoc>, shift: ShiftDoc, lastDate: string): 'changed' | 'same' | 'stale' {
		if (daysOf(shift, lastDate).key !== this.#key) return 'stale';
		if (this.#buffer) {
			this.#buffer.push(e);
			return 'same';
		}
		return this.#apply(e) ? 'changed' : 'same';
	}

	#apply(e: RxChangeEvent<OrderDoc>): boolean {
		const d = e.documentData;
		const rev = getHeightOfRevision(d._rev);
		const held = this.#rows.get(e.documentId);
		if (held && held.rev >= rev) return false;
		const belongs =
			e.operation !== 'DELETE' &&
			!d._deleted &&
			d.shift_id === this.#shift &&
			d.business_date >= this.#from &&
			d.business_date <= this.#to;
		// Kept even when not the shift's: a late event of an older revision must not bring the order back.
		this.#rows.set(e.documentId, belongs ? rowOf(d) : { rev, order: null });
		return belongs || !!held?.order;
	}
}

function daysOf(shift: ShiftDoc, lastDate: string): { key: string; from: string; to: string } {
	const from = shift.business_date;
	const to = lastDate < from ? from : lastDate;
	return { key: `${shift.local_id}\n${from}\n${to}`, from, to };
}

function rowOf(o: OrderDoc): Row {
	const rev = '_rev' in o && typeof o._rev === 'string' ? getHeightOfRevision(o._rev) : 0;
	return { rev, order: withoutMeta(o) };
}

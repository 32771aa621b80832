// Why: the orders screen's live view of one business day: a window of the newest orders (grown a page at a time), the
// day's exact count and paid total, kept current from the collection's change events, without reading the whole day
// before the first page is shown. The paid total folds the day once, after the first page, then follows each change.
import type { Subscription } from 'rxjs';
import type { RxChangeEvent, RxCollection } from 'rxdb';
import { boundOf, openDayReader, type DayBound, type DayReader } from './day-orders';
import type { OrderDoc } from './types';

export interface DayView {
	/** The shown window, newest first. */
	orders: OrderDoc[];
	/** Orders the day holds (exact). */
	count: number;
	/** Sum of the paid orders' totals; null until the day has been folded once (just after the first page). */
	paidTotal: number | null;
	/** The day holds more orders than the window. */
	hasMore: boolean;
}

/** What one order adds to the paid total, and when it was written (an older event never undoes a newer state). */
interface Part {
	lwt: number;
	paid: number;
}

const paidPart = (d: OrderDoc): number => (d.status === 'paid' ? d.total_amount : 0);

export class LiveDayOrders {
	readonly #date: string;
	readonly #first: number;
	readonly #emit: (view: DayView) => void;
	readonly #onError: (err: unknown) => void;
	#reader: Promise<DayReader>;
	#sub: Subscription;
	/** One read at a time, in order: the first page, re-reads after changes, growth. */
	#chain: Promise<void> = Promise.resolve();
	#rereadQueued = false;
	#growQueued = false;
	#closed = false;

	#shown: OrderDoc[] = [];
	#count = 0;
	/** The oldest shown order; null while nothing is shown. */
	#bound: DayBound | null = null;

	/** Per order of the day, its part of the paid total; null until folded (events meanwhile wait in #pending). */
	#parts: Map<string, Part> | null = null;
	#paidTotal = 0;
	#pending: RxChangeEvent<OrderDoc>[] = [];
	#folding = false;

	constructor(
		coll: RxCollection<OrderDoc>,
		date: string,
		first: number,
		emit: (view: DayView) => void,
		onError: (err: unknown) => void = (err) => console.error(err)
	) {
		this.#date = date;
		this.#first = first;
		this.#emit = emit;
		this.#onError = onError;
		this.#reader = openDayReader(coll, date);
		// Subscribed before any read: no change between a read and the subscription is missed.
		this.#sub = coll.$.subscribe((ev) => {
			if (ev.documentData.business_date === this.#date) this.#changed(ev);
		});
		this.#run(async () => {
			const t0 = performance.now();
			const read = await (await this.#reader).newest(this.#first);
			this.#show(
				read.rows.map((r) => r.doc),
				read.count
			);
			mark('kasir:orders:first-page', t0);
			void this.#fold();
		});
	}

	/** Shows one more page of older orders (the list's end scrolled into view). */
	grow(page: number): void {
		// Asked twice before the first is shown (the end in view and a tap): one page.
		if (this.#growQueued) return;
		this.#growQueued = true;
		this.#run(async () => {
			this.#growQueued = false;
			if (this.#count <= this.#shown.length || !this.#bound) return;
			const read = await (await this.#reader).newest(page, this.#bound);
			this.#show([...this.#shown, ...read.rows.map((r) => r.doc)], read.count);
		});
	}

	close(): void {
		this.#closed = true;
		this.#sub.unsubscribe();
	}

	#run(task: () => Promise<void>): void {
		this.#chain = this.#chain
			.then(() => (this.#closed ? undefined : task()))
			.catch((err: unknown) => this.#onError(err));
	}

	#changed(ev: RxChangeEvent<OrderDoc>): void {
		if (this.#parts) this.#apply(ev);
		else this.#pending.push(ev);
		// Changes in a burst (the push marking a batch synced) join one queued re-read of the window.
		if (this.#rereadQueued) return;
		this.#rereadQueued = true;
		this.#run(async () => {
			this.#rereadQueued = false;
			const reader = await this.#reader;
			const read = this.#bound ? await reader.from(this.#bound) : await reader.newest(this.#first);
			this.#show(
				read.rows.map((r) => r.doc),
				read.count
			);
		});
	}

	#show(docs: OrderDoc[], count: number): void {
		if (this.#closed) return;
		this.#shown = docs;
		this.#count = count;
		const last = this.#shown.at(-1);
		this.#bound = last ? boundOf(last) : null;
		this.#publish();
	}

	/** Folds the whole day once for the paid total, then applies what changed meanwhile. */
	async #fold(): Promise<void> {
		if (this.#folding || this.#parts) return;
		this.#folding = true;
		try {
			const t0 = performance.now();
			const rows = await (await this.#reader).all();
			const parts = new Map<string, Part>();
			let total = 0;
			for (const r of rows) {
				const paid = paidPart(r.doc);
				parts.set(r.doc.local_id, { lwt: r.lwt, paid });
				total += paid;
			}
			this.#parts = parts;
			this.#paidTotal = total;
			for (const ev of this.#pending) this.#apply(ev);
			this.#pending = [];
			mark('kasir:orders:paid-total', t0);
			this.#publish();
		} catch (err) {
			this.#onError(err);
		} finally {
			this.#folding = false;
		}
	}

	/** One change into the folded total (the window's re-read that follows it publishes). */
	#apply(ev: RxChangeEvent<OrderDoc>): void {
		const parts = this.#parts;
		if (!parts) return;
		const d = ev.documentData;
		const known = parts.get(d.local_id);
		if (known && known.lwt > d._meta.lwt) return;
		const paid = ev.operation === 'DELETE' || d._deleted ? 0 : paidPart(d);
		parts.set(d.local_id, { lwt: d._meta.lwt, paid });
		this.#paidTotal += paid - (known?.paid ?? 0);
	}

	#publish(): void {
		if (this.#closed) return;
		this.#emit({
			orders: this.#shown,
			count: this.#count,
			paidTotal: this.#parts ? this.#paidTotal : null,
			hasMore: this.#count > this.#shown.length
		});
	}
}

/** A User Timing measure from `t0` to now (the bench reads these: the screen's own path, not a copy of it). */
function mark(name: string, t0: number): void {
	if (typeof performance.measure === 'function') performance.measure(name, { start: t0 });
}

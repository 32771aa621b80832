// Why: the orders screen's live view of one business day: a window of the newest orders (grown a page at a time), the
// day's exact count and paid total, kept current from the collection's change events, without reading the whole day.
// The paid total comes from the day's stored report partial and the orders written since (day-paid.ts), read after the
// first page is shown and again with each re-read of the window.
import type { Subscription } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { boundOf, openDayReader, type DayBound, type DayReader } from './day-orders';
import type { OrderDoc } from './types';

export interface DayView {
	/** The shown window, newest first. */
	orders: OrderDoc[];
	/** Orders the day holds (exact). */
	count: number;
	/** Sum of the paid orders' totals; null until first read (just after the first page). */
	paidTotal: number | null;
	/** The day holds more orders than the window. */
	hasMore: boolean;
}

/** The day's paid total as stored now (day-paid.ts `DayPaidTotal`), and a write of what it keeps for the next read. */
export interface PaidSource {
	read(): Promise<number>;
	persist(): Promise<void>;
}

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

	readonly #paid: PaidSource;
	/** The day's paid total as last read; null until the first read. */
	#paidTotal: number | null = null;

	constructor(
		coll: RxCollection<OrderDoc>,
		date: string,
		first: number,
		emit: (view: DayView) => void,
		paid: PaidSource,
		onError: (err: unknown) => void = (err) => console.error(err)
	) {
		this.#paid = paid;
		this.#date = date;
		this.#first = first;
		this.#emit = emit;
		this.#onError = onError;
		this.#reader = openDayReader(coll, date);
		// Subscribed before any read: no change between a read and the subscription is missed.
		this.#sub = coll.$.subscribe((ev) => {
			if (ev.documentData.business_date === this.#date) this.#changed();
		});
		this.#run(async () => {
			const t0 = performance.now();
			const read = await (await this.#reader).newest(this.#first);
			this.#show(
				read.rows.map((r) => r.doc),
				read.count
			);
			mark('kasir:orders:first-page', t0);
			// Next in line (a change meanwhile has queued its re-read, which reads the total too).
			const t1 = performance.now();
			this.#run(async () => {
				await this.#readPaid();
				mark('kasir:orders:paid-total', t1);
				this.#publish();
			});
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
		// What the total took in since it was last stored, for the next opening (queued after any read under way).
		this.#chain = this.#chain.then(() => this.#paid.persist()).catch((err: unknown) => this.#onError(err));
	}

	#run(task: () => Promise<void>): void {
		this.#chain = this.#chain
			.then(() => (this.#closed ? undefined : task()))
			.catch((err: unknown) => this.#onError(err));
	}

	#changed(): void {
		// Changes in a burst (the push marking a batch synced) join one queued re-read of the window.
		if (this.#rereadQueued) return;
		this.#rereadQueued = true;
		this.#run(async () => {
			this.#rereadQueued = false;
			const reader = await this.#reader;
			const read = this.#bound ? await reader.from(this.#bound) : await reader.newest(this.#first);
			if (this.#paidTotal !== null) await this.#readPaid();
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

	/** The day's paid total from its stored partial and the orders written since (the first read stores it). */
	async #readPaid(): Promise<void> {
		const first = this.#paidTotal === null;
		this.#paidTotal = await this.#paid.read();
		// Not waited for: the total is shown first.
		if (first) void this.#paid.persist().catch((err: unknown) => this.#onError(err));
	}

	#publish(): void {
		if (this.#closed) return;
		this.#emit({
			orders: this.#shown,
			count: this.#count,
			paidTotal: this.#paidTotal,
			hasMore: this.#count > this.#shown.length
		});
	}
}

/** A User Timing measure from `t0` to now (the bench reads these: the screen's own path, not a copy of it). */
function mark(name: string, t0: number): void {
	if (typeof performance.measure === 'function') performance.measure(name, { start: t0 });
}

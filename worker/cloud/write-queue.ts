// Why: a drain's answers come back faster than 1000 documents can be written back one batch at a time; answers that
// arrive while a write runs are written together by the next one (one bulk write, one change event batch) instead of
// queuing a write each, so the write-backs keep up with the server.

/**
 * Writes what it is given one write at a time, in the order given. Everything added while a write runs goes into the
 * next write, all together. The first failed write stops the queue: what was waiting and what comes after is dropped
 * (never written), and `settled()` reports the error.
 */
export class CoalescingWriter<T> {
	#write: (items: T[]) => Promise<void>;
	#waiting: T[] = [];
	#running: Promise<void> | null = null;
	#error: { e: unknown } | null = null;

	constructor(write: (items: T[]) => Promise<void>) {
		this.#write = write;
	}

	/** The error of the write that failed, if one did. */
	get error(): { e: unknown } | null {
		return this.#error;
	}

	add(item: T): void {
		if (this.#error) return;
		this.#waiting.push(item);
		this.#running ??= this.#run();
	}

	async #run(): Promise<void> {
		// Let whatever is already answered join the first write (the same turn of the event loop).
		await Promise.resolve();
		while (this.#waiting.length && !this.#error) {
			const items = this.#waiting;
			this.#waiting = [];
			try {
				await this.#write(items);
			} catch (e) {
				this.#error = { e };
				this.#waiting = [];
			}
		}
		this.#running = null;
	}

	/** Resolves once everything added so far is written (or dropped after a failure). */
	async settled(): Promise<void> {
		while (this.#running) await this.#running;
	}
}

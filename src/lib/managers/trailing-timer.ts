// Why: the cart's draft waits until the cart has been still for a while, and a tap is on the selling screen's hottest path: a
// change only notes its time (no clearTimeout + setTimeout per tap); the one timer armed for a burst waits out the rest.

/** Calls `fire` once `ms` have passed since the last `poke`, with one timer per burst of pokes. */
export class TrailingTimer {
	#ms: number;
	#fire: () => void;
	#now: () => number;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#last = 0;

	constructor(ms: number, fire: () => void, now: () => number = Date.now) {
		this.#ms = ms;
		this.#fire = fire;
		this.#now = now;
	}

	/** A change: `fire` runs `ms` after the last one (a timer is armed only when none is). */
	poke(): void {
		this.#last = this.#now();
		if (this.#timer === null) this.#timer = setTimeout(this.#check, this.#ms);
	}

	/** Drops a pending `fire`. */
	cancel(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}

	get pending(): boolean {
		return this.#timer !== null;
	}

	#check = (): void => {
		// A clock set back counts the delay again from now (never the size of the jump).
		const now = this.#now();
		if (now < this.#last) this.#last = now;
		const wait = this.#last + this.#ms - now;
		if (wait > 0) {
			this.#timer = setTimeout(this.#check, wait);
			return;
		}
		this.#timer = null;
		this.#fire();
	};
}

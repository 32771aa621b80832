// Why: Web Locks make one tab the replicator and keep two sync jobs from running at once; Node (tests) gets an in-process stand-in.

export interface Locks {
	/**
	 * Holds `name` while `fn` runs, waiting for it; `ifAvailable` gives `fn(false)` at once when taken;
	 * `steal` takes it from its holder at once (the holder's request then rejects with an AbortError).
	 */
	request<T>(name: string, opts: LockOpts, fn: (held: boolean) => Promise<T>): Promise<T>;
	/** The names of the locks held now (by any tab or worker of the origin, in the browser). */
	held(): Promise<string[]>;
}

export interface LockOpts {
	ifAvailable?: boolean;
	signal?: AbortSignal;
	steal?: boolean;
}

interface NavigatorLocks {
	request(
		name: string,
		opts: { mode?: 'exclusive'; ifAvailable?: boolean; signal?: AbortSignal; steal?: boolean },
		cb: (lock: unknown) => Promise<unknown>
	): Promise<unknown>;
	query(): Promise<{ held?: { name?: string }[] }>;
}

function webLocks(): NavigatorLocks | undefined {
	const nav = (globalThis as { navigator?: { locks?: NavigatorLocks } }).navigator;
	return nav?.locks;
}

class MemoryLocks implements Locks {
	#held = new Map<string, Promise<void>>();

	async request<T>(name: string, opts: LockOpts, fn: (held: boolean) => Promise<T>): Promise<T> {
		// In-process stand-in: a steal simply stops waiting (the previous holder is not told).
		while (this.#held.has(name) && !opts.steal) {
			if (opts.ifAvailable) return fn(false);
			await this.#held.get(name);
			opts.signal?.throwIfAborted();
		}
		let release!: () => void;
		const mine = new Promise<void>((r) => (release = r));
		this.#held.set(name, mine);
		try {
			return await fn(true);
		} finally {
			if (this.#held.get(name) === mine) this.#held.delete(name);
			release();
		}
	}

	async held(): Promise<string[]> {
		return [...this.#held.keys()];
	}
}

class BrowserLocks implements Locks {
	constructor(private readonly locks: NavigatorLocks) {}

	async request<T>(name: string, opts: LockOpts, fn: (held: boolean) => Promise<T>): Promise<T> {
		const o: { mode: 'exclusive'; ifAvailable?: boolean; signal?: AbortSignal; steal?: boolean } = {
			mode: 'exclusive'
		};
		if (opts.steal) o.steal = true;
		else if (opts.ifAvailable) o.ifAvailable = true;
		else if (opts.signal) o.signal = opts.signal;
		return (await this.locks.request(name, o, (lock) => fn(lock !== null))) as T;
	}

	async held(): Promise<string[]> {
		return ((await this.locks.query()).held ?? []).map((l) => l.name ?? '');
	}
}

export function platformLocks(): Locks {
	const l = webLocks();
	return l ? new BrowserLocks(l) : new MemoryLocks();
}

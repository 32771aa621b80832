// Why: Web Locks make one tab the replicator and keep two sync jobs from running at once; Node (tests) gets an in-process stand-in.

export interface Locks {
	/** Holds `name` while `fn` runs, waiting for it; `ifAvailable` gives `fn(false)` at once when taken. */
	request<T>(
		name: string,
		opts: { ifAvailable?: boolean; signal?: AbortSignal },
		fn: (held: boolean) => Promise<T>
	): Promise<T>;
}

interface NavigatorLocks {
	request(
		name: string,
		opts: { mode?: 'exclusive'; ifAvailable?: boolean; signal?: AbortSignal },
		cb: (lock: unknown) => Promise<unknown>
	): Promise<unknown>;
}

function webLocks(): NavigatorLocks | undefined {
	const nav = (globalThis as { navigator?: { locks?: NavigatorLocks } }).navigator;
	return nav?.locks;
}

class MemoryLocks implements Locks {
	#held = new Map<string, Promise<void>>();

	async request<T>(
		name: string,
		opts: { ifAvailable?: boolean; signal?: AbortSignal },
		fn: (held: boolean) => Promise<T>
	): Promise<T> {
		while (this.#held.has(name)) {
			if (opts.ifAvailable) return fn(false);
			await this.#held.get(name);
			opts.signal?.throwIfAborted();
		}
		let release!: () => void;
		this.#held.set(name, new Promise<void>((r) => (release = r)));
		try {
			return await fn(true);
		} finally {
			this.#held.delete(name);
			release();
		}
	}
}

class BrowserLocks implements Locks {
	constructor(private readonly locks: NavigatorLocks) {}

	async request<T>(
		name: string,
		opts: { ifAvailable?: boolean; signal?: AbortSignal },
		fn: (held: boolean) => Promise<T>
	): Promise<T> {
		const o: { mode: 'exclusive'; ifAvailable?: boolean; signal?: AbortSignal } = { mode: 'exclusive' };
		if (opts.ifAvailable) o.ifAvailable = true;
		else if (opts.signal) o.signal = opts.signal;
		return (await this.locks.request(name, o, (lock) => fn(lock !== null))) as T;
	}
}

export function platformLocks(): Locks {
	const l = webLocks();
	return l ? new BrowserLocks(l) : new MemoryLocks();
}

// Why: the seed allows at most 5 parallel downloads; a tiny promise pool keeps that bound (and an optional politeness gap between starts).

export interface PoolOptions {
	/** Tasks in flight at once (at least 1). */
	concurrency: number;
	/** Minimum gap between two task starts, in ms (the seed suggests ~100 ms); 0 = none. */
	startGapMs?: number;
	signal?: AbortSignal;
	/** Waits; injectable so tests need not sleep. */
	sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `task` over `items` with at most `concurrency` in flight. Every task runs to its end (a task's
 * rejection does not stop the others); the first rejection is rethrown once all have settled. When
 * `signal` aborts, no new task starts and the abort reason is thrown after the running ones settle.
 */
export async function runPool<T>(
	items: Iterable<T>,
	task: (item: T, index: number) => Promise<void>,
	opts: PoolOptions
): Promise<void> {
	const limit = Math.max(1, Math.floor(opts.concurrency));
	const sleep = opts.sleep ?? realSleep;
	const gap = opts.startGapMs ?? 0;
	const it = [...items].entries();
	let firstError: { e: unknown } | null = null;
	let nextStartAt = 0;

	// Starts are serialised through this chain so the gap holds across lanes.
	let startChain: Promise<void> = Promise.resolve();
	const claimStart = (): Promise<void> => {
		const mine = startChain.then(async () => {
			const wait = nextStartAt - Date.now();
			if (wait > 0) await sleep(wait);
			nextStartAt = Date.now() + gap;
		});
		startChain = mine;
		return mine;
	};

	const lane = async () => {
		for (;;) {
			if (opts.signal?.aborted) return;
			const next = it.next();
			if (next.done) return;
			const [index, item] = next.value;
			if (gap > 0) await claimStart();
			if (opts.signal?.aborted) return;
			try {
				await task(item, index);
			} catch (e) {
				firstError ??= { e };
			}
		}
	};
	await Promise.all(Array.from({ length: limit }, lane));
	if (firstError) throw (firstError as { e: unknown }).e;
	opts.signal?.throwIfAborted();
}

// Why: every retry (failed push item, dropped event stream, HO page) waits with exponential backoff plus jitter, so a fleet of tills never retries in lockstep.

export interface BackoffOptions {
	baseMs?: number;
	maxMs?: number;
	/** 0..1: the share of the delay that is randomised. */
	jitter?: number;
	random?: () => number;
}

/** Delay before retry number `attempt` (1 = first retry): base·2^(attempt-1), capped, with "equal jitter". */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
	const base = opts.baseMs ?? 1000;
	const max = opts.maxMs ?? 5 * 60_000;
	const jitter = opts.jitter ?? 0.5;
	const random = opts.random ?? Math.random;
	const n = Math.max(1, Math.floor(attempt));
	const raw = Math.min(max, base * 2 ** Math.min(n - 1, 30));
	const fixed = raw * (1 - jitter);
	return Math.round(fixed + random() * raw * jitter);
}

/** Resolves after `ms`, or early (rejecting with AbortError) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
		const t = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(t);
			reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

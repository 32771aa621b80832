// Why: one polling wait for every test, with a deadline of its own so a stuck wait fails naming what it waited for
// (and showing the last value seen) before the test's own timeout cuts it off without a word.

export interface WaitOptions {
	/** What is awaited, for the failure message ("the cloud to hold 6 orders"). */
	what?: string;
	everyMs?: number;
	/** Below the e2e test timeout (120 s) by default, so this message is what a failure shows. */
	timeoutMs?: number;
}

/** Polls `fn` until it returns a truthy value; throws after `timeoutMs` with `what` and the last value. */
export async function until<T>(
	fn: () => Promise<T>,
	opts: number | WaitOptions = {}
): Promise<NonNullable<T>> {
	const o: WaitOptions = typeof opts === 'number' ? { everyMs: opts } : opts;
	const everyMs = o.everyMs ?? 200;
	const deadline = Date.now() + (o.timeoutMs ?? 110_000);
	let last: T | undefined;
	for (;;) {
		last = await fn();
		if (last) return last;
		if (Date.now() > deadline) {
			let seen: string;
			try {
				seen = JSON.stringify(last);
			} catch {
				seen = String(last);
			}
			throw new Error(
				`gave up waiting for ${o.what ?? 'a condition'} after ${o.timeoutMs ?? 110_000} ms (last value: ${seen})`
			);
		}
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

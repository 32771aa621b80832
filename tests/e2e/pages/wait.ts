// Why: every wait of a page model fails with a message naming the screen and what it expected, not a bare locator timeout.
import type { Locator } from 'playwright-core';
import { until } from '../../helpers/wait.ts';

export { until };

/** Waits for `locator` to reach `state`; on timeout throws "<screen>: gave up waiting for <what> …". */
export async function shown(
	locator: Locator,
	screen: string,
	what: string,
	opts: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeoutMs?: number } = {}
): Promise<void> {
	const timeout = opts.timeoutMs ?? 30_000;
	try {
		await locator.waitFor({ state: opts.state ?? 'visible', timeout });
	} catch (e) {
		const cause = e instanceof Error ? e.message.split('\n')[0] : String(e);
		throw new Error(`${screen}: gave up waiting for ${what} after ${timeout} ms (${cause})`, { cause: e });
	}
}

/** Polls `fn` with `until()`, naming the screen in the failure message. */
export function waitOn<T>(screen: string, what: string, fn: () => Promise<T>): Promise<NonNullable<T>> {
	return until(fn, { what: `${screen}: ${what}` });
}

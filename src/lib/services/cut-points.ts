// Why: the crash tests must stop the pay path at an exact step, deterministically, and kill the browser there. A test sets
// `window.__kasirCut` to a step name; that step then announces itself on the console and never returns. Inert unless a test sets it.

declare global {
	interface Window {
		/** Test hook: the pay-path step at which to park (see cutPoint); never set by the app. */
		__kasirCut?: string;
	}
}

export const CUT_POINTS = [
	'checkout:after-counter',
	'pay:before-write',
	'pay:after-write',
	'pay:after-derive',
	'pay:after-table',
	'pay:done'
] as const;
export type CutPoint = (typeof CUT_POINTS)[number];

/** Parks forever at this step when a test asked for it; otherwise returns at once. */
export async function cutPoint(name: CutPoint): Promise<void> {
	if (typeof window === 'undefined' || window.__kasirCut !== name) return;
	console.info(`kasir-cut:${name}`);
	await new Promise<never>(() => undefined);
}

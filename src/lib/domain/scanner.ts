// Why: a keyboard-wedge barcode scanner "types" the code far faster than a person and ends with Enter; telling the two apart by the gaps between keys lets a scan land in the cart while typing still works.
export interface ScannerOptions {
	/** A gap longer than this (ms) starts a new burst: nobody scans with pauses. */
	maxGap: number;
	/** The mean gap of a burst (ms) must not exceed this; ~25 keys a second is beyond a person and routine for a scanner. */
	maxMeanGap: number;
	/** Shorter bursts are ignored (a fast double key press is not a barcode). */
	minLength: number;
}

export const DEFAULT_SCANNER: ScannerOptions = { maxGap: 80, maxMeanGap: 40, minLength: 3 };

export interface ScannerState {
	readonly buffer: string;
	readonly firstAt: number | null;
	readonly lastAt: number | null;
}

export const EMPTY_SCAN: ScannerState = { buffer: '', firstAt: null, lastAt: null };

export interface ScanStep {
	state: ScannerState;
	/** The scanned code when this key (Enter) completed a scanner burst. */
	scan: string | null;
}

/**
 * Feeds one keydown (`key` as in KeyboardEvent.key, `at` its time in ms). Printable single characters extend or
 * start a burst; Enter ends it and yields the code when the burst was long and fast enough; any other key drops it.
 */
export function feedKey(
	state: ScannerState,
	key: string,
	at: number,
	opts: ScannerOptions = DEFAULT_SCANNER
): ScanStep {
	if (key === 'Enter') {
		const { buffer, firstAt, lastAt } = state;
		const fresh = lastAt !== null && at - lastAt <= opts.maxGap;
		// n keys then Enter: n gaps, measured from the first key to the Enter.
		const meanGap = firstAt !== null && buffer.length > 0 ? (at - firstAt) / buffer.length : Infinity;
		const scan = fresh && buffer.length >= opts.minLength && meanGap <= opts.maxMeanGap ? buffer : null;
		return { state: EMPTY_SCAN, scan };
	}
	if (key.length !== 1) return { state: EMPTY_SCAN, scan: null };
	if (state.lastAt === null || at - state.lastAt > opts.maxGap) {
		return { state: { buffer: key, firstAt: at, lastAt: at }, scan: null };
	}
	return { state: { buffer: state.buffer + key, firstAt: state.firstAt, lastAt: at }, scan: null };
}

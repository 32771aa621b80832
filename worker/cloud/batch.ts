// Why: the cloud takes at most 1000 items and 10 MB a request; the pending queue is cut into requests that respect both.
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS } from '../../src/lib/contract/cloud';

export { MAX_BATCH_BYTES, MAX_BATCH_ITEMS };

const enc = new TextEncoder();
export const jsonBytes = (v: unknown) => enc.encode(JSON.stringify(v)).length;

/**
 * Splits items into batches whose serialised size (items plus `envelopeBytes` of fixed fields)
 * stays under `maxBytes` and count under `maxItems`. An item that alone exceeds the limit goes
 * in a batch of its own (the server answers 413 for it, and it is marked failed, not dropped).
 */
export function splitBatches<T>(
	items: readonly T[],
	opts: { maxItems?: number; maxBytes?: number; envelopeBytes?: number } = {}
): T[][] {
	const maxItems = opts.maxItems ?? MAX_BATCH_ITEMS;
	const maxBytes = opts.maxBytes ?? MAX_BATCH_BYTES;
	const envelope = opts.envelopeBytes ?? 512;
	const out: T[][] = [];
	let cur: T[] = [];
	let size = envelope;
	for (const item of items) {
		const b = jsonBytes(item) + 1; // + the comma
		if (cur.length > 0 && (cur.length >= maxItems || size + b > maxBytes)) {
			out.push(cur);
			cur = [];
			size = envelope;
		}
		cur.push(item);
		size += b;
	}
	if (cur.length) out.push(cur);
	return out;
}

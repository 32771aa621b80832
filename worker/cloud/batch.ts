// Why: the cloud takes at most 1000 items and 10 MB a request; the pending queue is cut into requests that respect both.
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS } from '../../src/lib/contract/values';

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
	return [...serialisedBatches(items, (i) => JSON.stringify(i), opts)].map((b) => b.map((x) => x.item));
}

/** Bytes of a string once UTF-8 encoded, counted without encoding it. */
export function utf8Bytes(s: string): number {
	let n = s.length;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		// 2 bytes below U+0800; 3 for the rest of the BMP; a surrogate pair (4 bytes) counts 2 per half.
		if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
	}
	return n;
}

/**
 * `splitBatches` for items serialised once: each item's JSON (from `toJson`) is made when its batch is being filled,
 * sized, and kept beside it so the request body is joined from it (`withItems`) instead of serialising the batch
 * again. Lazy: a batch is serialised only when asked for, so the first request leaves before the rest is serialised.
 */
export function* serialisedBatches<T>(
	items: readonly T[],
	toJson: (item: T) => string,
	opts: { maxItems?: number; maxBytes?: number; envelopeBytes?: number } = {}
): Generator<{ item: T; json: string }[]> {
	const maxItems = opts.maxItems ?? MAX_BATCH_ITEMS;
	const maxBytes = opts.maxBytes ?? MAX_BATCH_BYTES;
	const envelope = opts.envelopeBytes ?? 512;
	let cur: { item: T; json: string }[] = [];
	let size = envelope;
	for (const item of items) {
		const json = toJson(item);
		const b = utf8Bytes(json) + 1; // + the comma
		if (cur.length > 0 && (cur.length >= maxItems || size + b > maxBytes)) {
			yield cur;
			cur = [];
			size = envelope;
		}
		cur.push({ item, json });
		size += b;
	}
	if (cur.length) yield cur;
}

/** The JSON of `envelope` with an `items` array made of already serialised items (`JSON.stringify` of the whole, once). */
export function withItems(envelope: object, items: readonly string[]): string {
	const head = JSON.stringify({ ...envelope, items: [] });
	// `items` is the last key: the serialisation ends with `[]}`.
	return `${head.slice(0, -2)}${items.join(',')}]}`;
}

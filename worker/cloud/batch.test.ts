// Why: a batch request must never exceed 1000 items or 10 MB, and nothing may be lost or reordered when splitting.
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, jsonBytes, serialisedBatches, splitBatches, utf8Bytes, withItems } from './batch';

describe('splitBatches', () => {
	it('cuts at 1000 items', () => {
		const items = Array.from({ length: 2500 }, (_, i) => ({ i }));
		const b = splitBatches(items);
		expect(b.map((x) => x.length)).toEqual([1000, 1000, 500]);
		expect(b.flat()).toEqual(items);
	});

	it('cuts by size under 10 MB, keeping every item once and in order', () => {
		const big = 'x'.repeat(40_000);
		const items = Array.from({ length: 600 }, (_, i) => ({ i, big }));
		const b = splitBatches(items, { envelopeBytes: 1024 });
		expect(b.length).toBeGreaterThan(2);
		for (const batch of b)
			expect(jsonBytes({ outlet_id: 'x'.repeat(36), items: batch }) + 1024).toBeLessThanOrEqual(
				MAX_BATCH_BYTES
			);
		expect(b.flat()).toEqual(items);
	});

	it('puts an oversized item alone instead of dropping it', () => {
		const items = [{ a: 1 }, { huge: 'y'.repeat(200) }, { b: 2 }];
		const b = splitBatches(items, { maxBytes: 150, envelopeBytes: 10 });
		expect(b.flat()).toEqual(items);
		expect(b.find((x) => x.includes(items[1]!))).toHaveLength(1);
	});

	it('handles empty input', () => {
		expect(splitBatches([])).toEqual([]);
	});
});

describe('serialisedBatches', () => {
	it('cuts like splitBatches and keeps each item with its JSON, in order', () => {
		const items = Array.from({ length: 2500 }, (_, i) => ({ i, name: `Kopi Susu №${i} ☕` }));
		const b = [...serialisedBatches(items, (x) => JSON.stringify(x))];
		expect(b.map((x) => x.length)).toEqual([1000, 1000, 500]);
		expect(b.flat().map((x) => x.item)).toEqual(items);
		for (const x of b.flat()) expect(JSON.parse(x.json)).toEqual(x.item);
	});

	it('serialises a batch only when it is asked for', () => {
		let made = 0;
		const gen = serialisedBatches(
			Array.from({ length: 2500 }, (_, i) => i),
			(i) => {
				made++;
				return String(i);
			}
		);
		gen.next();
		expect(made).toBe(1001); // the first batch and the item that did not fit in it
	});

	it('counts UTF-8 bytes as TextEncoder does', () => {
		for (const s of ['abc', 'é', 'Rp 8.000 — kopi ☕', '😀 ok', ''])
			expect(utf8Bytes(s)).toBe(new TextEncoder().encode(s).length);
	});
});

describe('withItems', () => {
	it('joins serialised items into the envelope as JSON.stringify of the whole would', () => {
		const envelope = { outlet_id: 'o-1', outlet_code: 'JKT-001', sync_timestamp: '2026-12-02T00:00:00.000Z' };
		const items = [{ a: 1 }, { b: 'два' }];
		const body = withItems(
			envelope,
			items.map((i) => JSON.stringify(i))
		);
		expect(body).toBe(JSON.stringify({ ...envelope, items }));
		expect(withItems(envelope, [])).toBe(JSON.stringify({ ...envelope, items: [] }));
	});
});

// Why: a batch request must never exceed 1000 items or 10 MB, and nothing may be lost or reordered when splitting.
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, jsonBytes, splitBatches } from './batch';

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

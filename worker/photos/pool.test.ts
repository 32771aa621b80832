// Why: the download pool's promises: never more than the limit in flight, every item runs, errors and aborts surface, starts keep their gap.
import { describe, expect, it } from 'vitest';
import { md5Hex, sameChecksum } from './md5';
import { runPool } from './pool';

function gate() {
	let open!: () => void;
	const p = new Promise<void>((r) => (open = r));
	return { p, open };
}

describe('runPool', () => {
	it('keeps at most 5 tasks in flight and runs every item once', async () => {
		let inFlight = 0;
		let peak = 0;
		const ran: number[] = [];
		const items = Array.from({ length: 37 }, (_, i) => i);
		await runPool(
			items,
			async (n) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				// Uneven durations so lanes finish out of order.
				await new Promise((r) => setTimeout(r, (n * 7) % 11));
				ran.push(n);
				inFlight--;
			},
			{ concurrency: 5 }
		);
		expect(peak).toBe(5);
		expect(ran.sort((a, b) => a - b)).toEqual(items);
	});

	it('does not start a sixth task while five are blocked', async () => {
		const gates = Array.from({ length: 8 }, gate);
		const started: number[] = [];
		const run = runPool(
			gates.map((_, i) => i),
			async (i) => {
				started.push(i);
				await gates[i]?.p;
			},
			{ concurrency: 5 }
		);
		await new Promise((r) => setTimeout(r, 20));
		expect(started).toEqual([0, 1, 2, 3, 4]);
		gates[2]?.open();
		await new Promise((r) => setTimeout(r, 20));
		expect(started).toEqual([0, 1, 2, 3, 4, 5]);
		for (const g of gates) g.open();
		await run;
		expect(started).toHaveLength(8);
	});

	it('finishes the other items when one fails, then rethrows the first error', async () => {
		const done: number[] = [];
		await expect(
			runPool(
				[1, 2, 3, 4, 5, 6],
				async (n) => {
					if (n === 2) throw new Error('boom 2');
					if (n === 4) throw new Error('boom 4');
					done.push(n);
				},
				{ concurrency: 2 }
			)
		).rejects.toThrow('boom 2');
		expect(done.sort()).toEqual([1, 3, 5, 6]);
	});

	it('starts nothing new after an abort', async () => {
		const ac = new AbortController();
		const started: number[] = [];
		await expect(
			runPool(
				Array.from({ length: 20 }, (_, i) => i),
				async (i) => {
					started.push(i);
					if (i === 3) ac.abort(new Error('stop'));
					await Promise.resolve();
				},
				{ concurrency: 2, signal: ac.signal }
			)
		).rejects.toThrow('stop');
		expect(started.length).toBeLessThanOrEqual(5);
	});

	it('spaces task starts by the politeness gap', async () => {
		const waits: number[] = [];
		await runPool([1, 2, 3, 4], async () => {}, {
			concurrency: 4,
			startGapMs: 100,
			sleep: async (ms) => {
				waits.push(ms);
				await new Promise((r) => setTimeout(r, ms));
			}
		});
		// The first start does not wait; each later one waits for the gap.
		expect(waits).toHaveLength(3);
		for (const w of waits) expect(w).toBeGreaterThan(0);
	});
});

describe('md5', () => {
	it('matches the known MD5 of bytes and rejects altered bytes', () => {
		const bytes = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
		expect(md5Hex(bytes.buffer)).toBe('9e107d9d372bb6826bd81d3542a419d6');
		const tampered = bytes.slice();
		tampered[10] = (tampered[10] ?? 0) ^ 0xff;
		expect(md5Hex(tampered.buffer)).not.toBe('9e107d9d372bb6826bd81d3542a419d6');
		expect(sameChecksum('9E107D9D372BB6826BD81D3542A419D6', '9e107d9d372bb6826bd81d3542a419d6')).toBe(true);
		expect(sameChecksum('', '')).toBe(false);
	});
});

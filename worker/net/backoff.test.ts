// Why: retries must grow exponentially, stay capped, and be spread by jitter (never the same delay for every till).
import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
	it('doubles per attempt and caps', () => {
		const fixed = (n: number) => backoffDelay(n, { baseMs: 100, maxMs: 1000, jitter: 0 });
		expect([1, 2, 3, 4, 5, 6].map(fixed)).toEqual([100, 200, 400, 800, 1000, 1000]);
	});

	it('jitters within [raw·(1-j), raw]', () => {
		expect(backoffDelay(3, { baseMs: 100, jitter: 0.5, random: () => 0 })).toBe(200);
		expect(backoffDelay(3, { baseMs: 100, jitter: 0.5, random: () => 1 })).toBe(400);
		const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(5, { baseMs: 1000 })));
		expect(seen.size).toBeGreaterThan(10);
	});

	it('treats nonsense attempts as the first', () => {
		expect(backoffDelay(0, { baseMs: 100, jitter: 0 })).toBe(100);
	});
});

describe('sleep', () => {
	it('rejects when aborted', async () => {
		const ac = new AbortController();
		const p = sleep(10_000, ac.signal);
		ac.abort();
		await expect(p).rejects.toBeDefined();
	});
});

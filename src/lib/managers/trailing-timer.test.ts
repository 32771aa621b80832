// Why: the cart's draft must still be written once the cart has been still for the whole delay after its LAST change, while a
// burst of taps arms one timer, not one per tap (the tap's path on the UI thread).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrailingTimer } from './trailing-timer';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TrailingTimer', () => {
	it('fires once, the delay after the last poke of a burst', () => {
		const fire = vi.fn();
		const t = new TrailingTimer(300, fire);
		t.poke();
		vi.advanceTimersByTime(200);
		t.poke();
		vi.advanceTimersByTime(200);
		t.poke();
		vi.advanceTimersByTime(299);
		expect(fire).not.toHaveBeenCalled();
		expect(t.pending).toBe(true);
		vi.advanceTimersByTime(1);
		expect(fire).toHaveBeenCalledTimes(1);
		expect(t.pending).toBe(false);
		vi.advanceTimersByTime(1000);
		expect(fire).toHaveBeenCalledTimes(1);
	});

	it('arms one timer for a burst of pokes (a tap re-arms none)', () => {
		const set = vi.spyOn(globalThis, 'setTimeout');
		const clear = vi.spyOn(globalThis, 'clearTimeout');
		const t = new TrailingTimer(300, () => undefined);
		for (let i = 0; i < 10; i++) {
			t.poke();
			vi.advanceTimersByTime(20);
		}
		expect(set).toHaveBeenCalledTimes(1);
		expect(clear).not.toHaveBeenCalled();
		// The one timer, firing early, waits out the rest once.
		vi.advanceTimersByTime(300);
		expect(set).toHaveBeenCalledTimes(2);
	});

	it('cancel drops the pending fire; a later poke starts a new wait', () => {
		const fire = vi.fn();
		const t = new TrailingTimer(300, fire);
		t.poke();
		t.cancel();
		expect(t.pending).toBe(false);
		vi.advanceTimersByTime(1000);
		expect(fire).not.toHaveBeenCalled();
		t.poke();
		vi.advanceTimersByTime(300);
		expect(fire).toHaveBeenCalledTimes(1);
	});

	it('a clock set back waits one more delay, not the size of the jump', () => {
		let back = 0;
		const fire = vi.fn();
		const t = new TrailingTimer(300, fire, () => Date.now() - back);
		t.poke();
		back = 3_600_000;
		vi.advanceTimersByTime(300);
		expect(fire).not.toHaveBeenCalled();
		vi.advanceTimersByTime(300);
		expect(fire).toHaveBeenCalledTimes(1);
	});
});

// Why: the worker's start holds replication and its watches until the page's first catalogue window is answered; the
// gate must still open by itself (a page that lists no catalogue) and at once for any call that needs the rest.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGate } from './start-gate';

afterEach(() => {
	vi.useRealTimers();
});

const opened = async (p: Promise<void>) => {
	let done = false;
	void p.then(() => (done = true));
	await Promise.resolve();
	await Promise.resolve();
	return done;
};

describe('startGate', () => {
	it('stays shut until opened, and opens once', async () => {
		vi.useFakeTimers();
		const gate = startGate(1000);
		expect(await opened(gate.rest)).toBe(false);
		gate.open();
		gate.open();
		expect(await opened(gate.rest)).toBe(true);
	});

	it('opens by itself after its time', async () => {
		vi.useFakeTimers();
		const gate = startGate(1000);
		await vi.advanceTimersByTimeAsync(999);
		expect(await opened(gate.rest)).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await opened(gate.rest)).toBe(true);
	});

	it('an eager handler opens it before running, with its own this and answer', async () => {
		vi.useFakeTimers();
		const gate = startGate(60_000);
		const area = {
			factor: 3,
			async times(n: number) {
				return n * this.factor;
			}
		};
		const api = gate.eager(area);
		expect(await opened(gate.rest)).toBe(false);
		expect(await api.times(2)).toBe(6);
		expect(await opened(gate.rest)).toBe(true);
	});
});

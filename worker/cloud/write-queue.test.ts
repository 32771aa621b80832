// Why: the push's write-backs are coalesced; nothing may be written twice, out of order, or after a failed write.
import { describe, expect, it } from 'vitest';
import { CoalescingWriter } from './write-queue';

/** A write that completes only when told to, recording what each write got. */
function gatedWriter() {
	const writes: number[][] = [];
	const gates: (() => void)[] = [];
	const failAt = new Set<number>();
	const w = new CoalescingWriter<number>(async (items) => {
		const k = writes.push(items) - 1;
		await new Promise<void>((open) => gates.push(open));
		if (failAt.has(k)) throw new Error(`write ${k} refused`);
	});
	const settle = async () => {
		for (let i = 0; i < 10; i++) await Promise.resolve();
	};
	/** Waits until the `n`th write has started. */
	const started = async (n: number) => {
		while (writes.length < n) await Promise.resolve();
	};
	/** Completes the oldest write still running. */
	const open = async () => {
		while (gates.length === 0) await Promise.resolve();
		gates.shift()!();
		await settle();
	};
	return { w, writes, open, started, failAt };
}

describe('CoalescingWriter', () => {
	it('writes what arrives while a write runs together in the next write, in order', async () => {
		const { w, writes, open, started } = gatedWriter();
		w.add(1);
		await started(1);
		w.add(2);
		w.add(3);
		await open(); // [1] written; [2, 3] waited together
		await started(2);
		w.add(4);
		await open();
		await open();
		await w.settled();
		expect(writes).toEqual([[1], [2, 3], [4]]);
		expect(w.error).toBeNull();
	});

	it('takes what was added in the same turn into its first write', async () => {
		const { w, writes, open } = gatedWriter();
		w.add(1);
		w.add(2);
		await open();
		await w.settled();
		expect(writes).toEqual([[1, 2]]);
	});

	it('stops at a failed write: nothing waiting or added after it is written', async () => {
		const { w, writes, open, started, failAt } = gatedWriter();
		failAt.add(0);
		w.add(1);
		await started(1);
		w.add(2);
		await open();
		w.add(3);
		await w.settled();
		expect(writes).toEqual([[1]]);
		expect(String(w.error?.e)).toContain('write 0 refused');
	});

	it('settles at once when nothing was added', async () => {
		const w = new CoalescingWriter<number>(async () => {});
		await w.settled();
		expect(w.error).toBeNull();
	});
});

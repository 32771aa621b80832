import { describe, expect, it } from 'vitest';
import { DEFAULT_SCANNER, EMPTY_SCAN, feedKey, type ScannerState } from './scanner';

/** Feeds keys at the given times; returns every code scanned and the final state. */
function run(keys: [string, number][], opts = DEFAULT_SCANNER): { scans: string[]; state: ScannerState } {
	let state = EMPTY_SCAN;
	const scans: string[] = [];
	for (const [key, at] of keys) {
		const step = feedKey(state, key, at, opts);
		state = step.state;
		if (step.scan !== null) scans.push(step.scan);
	}
	return { scans, state };
}

const burst = (code: string, start: number, gap: number): [string, number][] => [
	...[...code].map((k, i): [string, number] => [k, start + i * gap]),
	['Enter', start + code.length * gap]
];

describe('barcode scanner detector', () => {
	it('yields a code typed 10 ms apart and ending with Enter', () => {
		expect(run(burst('8991002101234', 1000, 10)).scans).toEqual(['8991002101234']);
	});
	it('ignores a person typing 150 ms apart', () => {
		expect(run(burst('MND-001', 1000, 150)).scans).toEqual([]);
	});
	it('ignores a burst that is fast key to key but slow on average', () => {
		expect(run(burst('ABCDEF', 0, 70)).scans).toEqual([]);
	});
	it('drops the slow typing before a scan and keeps the scan', () => {
		const keys: [string, number][] = [['x', 0], ['y', 300], ...burst('MND-001', 1000, 8)];
		expect(run(keys).scans).toEqual(['MND-001']);
	});
	it('needs at least minLength characters', () => {
		expect(run(burst('AB', 0, 5)).scans).toEqual([]);
		expect(run(burst('ABC', 0, 5)).scans).toEqual(['ABC']);
	});
	it('drops the burst on a non-character key and on a late Enter', () => {
		expect(run([...burst('ABC', 0, 5).slice(0, 3), ['Shift', 16], ['Enter', 20]]).scans).toEqual([]);
		expect(
			run([
				['A', 0],
				['B', 5],
				['C', 10],
				['Enter', 500]
			]).scans
		).toEqual([]);
	});
	it('yields two scans in a row and resets after each', () => {
		const { scans, state } = run([...burst('AAA1', 0, 5), ...burst('BBB2', 100, 5)]);
		expect(scans).toEqual(['AAA1', 'BBB2']);
		expect(state).toEqual(EMPTY_SCAN);
	});
	it('takes its thresholds from the options', () => {
		expect(run(burst('ABCD', 0, 60), { maxGap: 100, maxMeanGap: 70, minLength: 4 }).scans).toEqual(['ABCD']);
	});
});

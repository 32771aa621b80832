// Why: the sync identity must be well-formed, ordered by time and distinct for distinct random bytes.
import { describe, expect, it } from 'vitest';
import { isUuidv7, uuidv7, uuidv7Time } from './ids';

const bytes = (fill: number) => new Uint8Array(10).fill(fill);

describe('uuidv7', () => {
	it('has the version and variant bits and carries its timestamp', () => {
		const ms = Date.UTC(2026, 11, 2, 3, 4, 5, 678);
		const id = uuidv7(ms, bytes(0xff));
		expect(isUuidv7(id)).toBe(true);
		expect(id[14]).toBe('7');
		expect('89ab').toContain(id[19]);
		expect(uuidv7Time(id)).toBe(ms);
		expect(isUuidv7(uuidv7(ms, bytes(0)))).toBe(true);
	});

	it('sorts by time and differs by randomness', () => {
		const a = uuidv7(1000, bytes(9));
		const b = uuidv7(1001, bytes(1));
		expect(a < b).toBe(true);
		expect(uuidv7(1000, bytes(1))).not.toBe(uuidv7(1000, bytes(2)));
	});

	it('refuses a bad timestamp or too few bytes', () => {
		expect(() => uuidv7(-1, bytes(0))).toThrow(RangeError);
		expect(() => uuidv7(1, new Uint8Array(4))).toThrow(RangeError);
	});

	it('recognises only v7 ids (not old order numbers)', () => {
		expect(isUuidv7('ORD-20261202-JKT001-0001')).toBe(false);
		expect(isUuidv7('0192b6a0-0000-4000-8000-000000000000')).toBe(false);
	});
});

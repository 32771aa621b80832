import { describe, expect, it } from 'vitest';
import { formatOutletDateTime, localParts, outletDate, outletHour, toEpochMs } from './time';

describe('outlet time', () => {
	it('puts late UTC evenings on the next Jakarta day', () => {
		expect(outletDate('2026-01-27T16:59:59Z', 'Asia/Jakarta')).toBe('2026-01-27');
		expect(outletDate('2026-01-27T17:00:00Z', 'Asia/Jakarta')).toBe('2026-01-28');
		expect(outletHour('2026-01-27T17:00:00Z', 'Asia/Jakarta')).toBe(0);
		expect(outletHour('2026-01-27T03:30:00Z')).toBe(10); // default zone is WIB
	});
	it('knows the other Indonesian zones', () => {
		expect(outletHour('2026-01-27T03:30:00Z', 'Asia/Makassar')).toBe(11);
		expect(outletHour('2026-01-27T03:30:00Z', 'Asia/Jayapura')).toBe(12);
	});
	it('takes a fixed offset too, and agrees with the IANA zone', () => {
		for (const t of ['2026-01-27T00:00:00Z', '2026-01-27T16:30:00Z', '2026-12-31T23:59:59Z']) {
			expect(localParts(t, { offset_minutes: 420 })).toEqual(localParts(t, 'Asia/Jakarta'));
		}
		expect(outletDate('2026-01-27T02:00:00Z', { offset_minutes: -300 })).toBe('2026-01-26');
	});
	it('reads numbers and Dates', () => {
		const ms = Date.UTC(2026, 0, 27, 3, 0, 0);
		expect(toEpochMs(ms)).toBe(ms);
		expect(toEpochMs(new Date(ms))).toBe(ms);
		expect(outletDate(ms)).toBe('2026-01-27');
	});
	it('formats receipt dates', () => {
		expect(formatOutletDateTime('2026-01-27T10:30:00Z')).toBe('27/01/2026 17:30');
	});
	it('throws on garbage instants and zones', () => {
		expect(() => outletDate('yesterday')).toThrow(RangeError);
		expect(() => outletDate('2026-01-27T10:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
	});
});

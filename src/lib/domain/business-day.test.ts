import { describe, expect, it } from 'vitest';
import {
	addDays,
	businessDate,
	businessDayRange,
	datesBetween,
	dayStartMinutes,
	DEFAULT_DAY_START,
	INDONESIAN_ZONES
} from './business-day';

describe('businessDate', () => {
	it('puts an order at 01:30 WIB on the previous business day (default boundary 05:00)', () => {
		// 2026-01-28 01:30 WIB = 2026-01-27T18:30Z
		expect(businessDate('2026-01-27T18:30:00Z', INDONESIAN_ZONES.WIB)).toBe('2026-01-27');
		expect(DEFAULT_DAY_START).toBe('05:00');
	});

	it('starts the new business day exactly at the boundary', () => {
		// 04:59:59 and 05:00:00 WIB on 2026-01-28
		expect(businessDate('2026-01-27T21:59:59Z', 'Asia/Jakarta')).toBe('2026-01-27');
		expect(businessDate('2026-01-27T22:00:00Z', 'Asia/Jakarta')).toBe('2026-01-28');
	});

	it('reads each of WIB, WITA and WIT at its own offset, all year (no daylight saving)', () => {
		// 2026-07-01T19:30Z is 02:30 WIB, 03:30 WITA, 04:30 WIT on 2 July: all still 1 July's business day.
		for (const zone of Object.values(INDONESIAN_ZONES)) {
			expect(businessDate('2026-07-01T19:30:00Z', zone)).toBe('2026-07-01');
		}
		// 2026-07-01T20:30Z is 03:30 WIB, 04:30 WITA but 05:30 WIT: only Jayapura has started 2 July.
		expect(businessDate('2026-07-01T20:30:00Z', INDONESIAN_ZONES.WIB)).toBe('2026-07-01');
		expect(businessDate('2026-07-01T20:30:00Z', INDONESIAN_ZONES.WITA)).toBe('2026-07-01');
		expect(businessDate('2026-07-01T20:30:00Z', INDONESIAN_ZONES.WIT)).toBe('2026-07-02');
		expect(businessDate('2026-01-01T20:30:00Z', INDONESIAN_ZONES.WIT)).toBe('2026-01-02');
	});

	it('honours another boundary, midnight included, and a fixed offset', () => {
		expect(businessDate('2026-01-27T18:30:00Z', 'Asia/Jakarta', '00:00')).toBe('2026-01-28');
		expect(businessDate('2026-01-27T18:30:00Z', 'Asia/Jakarta', '02:00')).toBe('2026-01-27');
		expect(businessDate('2026-01-27T18:30:00Z', { offset_minutes: 420 })).toBe('2026-01-27');
	});

	it('falls back to 05:00 on an unreadable boundary', () => {
		expect(dayStartMinutes('25:00')).toBe(300);
		expect(dayStartMinutes(undefined)).toBe(300);
		expect(dayStartMinutes('06:30')).toBe(390);
	});
});

describe('businessDayRange', () => {
	it('is the UTC interval from the boundary to the next day boundary', () => {
		expect(businessDayRange('2026-01-27', 'Asia/Jakarta')).toEqual({
			from: '2026-01-26T22:00:00.000Z',
			to: '2026-01-27T22:00:00.000Z'
		});
		expect(businessDayRange('2026-01-27', 'Asia/Makassar', '04:00')).toEqual({
			from: '2026-01-26T20:00:00.000Z',
			to: '2026-01-27T20:00:00.000Z'
		});
		expect(businessDayRange('2026-01-27', 'Asia/Jayapura', '00:00')).toEqual({
			from: '2026-01-26T15:00:00.000Z',
			to: '2026-01-27T15:00:00.000Z'
		});
	});

	it('agrees with businessDate at both edges', () => {
		for (const zone of Object.values(INDONESIAN_ZONES)) {
			const { from, to } = businessDayRange('2026-03-31', zone, '03:15');
			expect(businessDate(from, zone, '03:15')).toBe('2026-03-31');
			expect(businessDate(Date.parse(to) - 1, zone, '03:15')).toBe('2026-03-31');
			expect(businessDate(to, zone, '03:15')).toBe('2026-04-01');
		}
	});
});

describe('calendar helpers', () => {
	it('adds days across months and years and lists a range', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(datesBetween('2026-02-27', '2026-03-02')).toEqual([
			'2026-02-27',
			'2026-02-28',
			'2026-03-01',
			'2026-03-02'
		]);
	});
});

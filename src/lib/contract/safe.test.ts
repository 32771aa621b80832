// The shared input checks the server applies at the edge and the worker through the schemas.
import { describe, expect, it } from 'vitest';
import { OrderPush } from './cloud';
import { findUnsafeJson, isIsoTimestamp, isYmd, MAX_JSON_DEPTH, textProblem } from './safe';

describe('isIsoTimestamp', () => {
	it('accepts real instants with Z or an offset within ±14:00', () => {
		for (const s of [
			'2026-02-03T10:00:00Z',
			'2028-02-29T23:59:59.123456+07:00',
			'2026-12-31T00:00+14:00',
			'2026-01-01T00:00:00-1200'
		])
			expect(isIsoTimestamp(s), s).toBe(true);
	});
	it('refuses dates PostgreSQL refuses although Date.parse takes some', () => {
		for (const s of [
			'2026-02-30T00:00:00Z',
			'2026-04-31T10:00:00Z',
			'2025-02-29T10:00:00Z',
			'2026-01-01T00:00:00+14:01',
			'2026-01-01T00:00:00-15:00',
			'0000-01-01T00:00:00Z',
			'2026-01-01T24:00:00Z',
			'2026-01-01T10:60:00Z',
			'2026-01-01T10:00:00',
			'2026-13-01T00:00:00Z'
		])
			expect(isIsoTimestamp(s), s).toBe(false);
	});
	it('answers as the regular expression and Date it replaced, over a grid of near misses', () => {
		// The implementation before it was read by hand (the oracle).
		const ISO =
			/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|([+-])(\d{2}):?(\d{2}))$/;
		const oracle = (s: string) => {
			const m = ISO.exec(s);
			if (!m) return false;
			const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
				number,
				number,
				number,
				number,
				number
			];
			const sec = m[6] === undefined ? 0 : Number(m[6]);
			const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
			if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || sec > 59) return false;
			if (m[7] !== 'Z' && (Number(m[10]) > 59 || Number(m[9]) * 60 + Number(m[10]) > 14 * 60)) return false;
			return !Number.isNaN(Date.parse(s));
		};
		const dates = [
			'1899-12-31',
			'1900-02-29',
			'2000-02-29',
			'2024-02-29',
			'2100-02-29',
			'2026-02-28',
			'9999-12-31'
		];
		for (let mo = 0; mo <= 13; mo++)
			for (const d of [0, 1, 28, 29, 30, 31, 32])
				dates.push(`2026-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
		dates.push('2026-1-01', '2026-01-1', '20260-01-01', '2026/01/01', '２026-01-01', '2026-0a-01');
		const times = ['T00:00', 'T23:59', 'T24:00', 'T10:60', 'T9:00', 'T10:0', ' 10:00', 't10:00', 'T10-00'];
		const seconds = [
			'',
			':00',
			':59',
			':60',
			':5',
			':5a',
			':00.1',
			':00.123456',
			':00.1234567',
			':00.',
			'.5',
			':00,5'
		];
		const zones = [
			'Z',
			'z',
			'',
			'+07:00',
			'+0700',
			'-12:00',
			'+14:00',
			'+14:01',
			'-15:00',
			'+07:60',
			'+07',
			'+07:0',
			'+7:00',
			'Z ',
			'+07:00:00',
			'−07:00'
		];
		let n = 0;
		const differ: string[] = [];
		for (const date of dates)
			for (const time of times)
				for (const sec of seconds)
					for (const zone of zones) {
						const s = `${date}${time}${sec}${zone}`;
						if (isIsoTimestamp(s) !== oracle(s)) differ.push(s);
						n++;
					}
		for (const s of [
			'',
			'Z',
			'2026-01-27T10:00:00Z'.slice(0, 16),
			'2026-01-27T10:00:00Z\n',
			'\u00002026-01-27T10:00Z'
		])
			if (isIsoTimestamp(s) !== oracle(s)) differ.push(s);
		expect(differ).toEqual([]);
		expect(n).toBeGreaterThan(100_000);
	});
	it('is what the contract schemas use, so the worker refuses the same', () => {
		const r = OrderPush.safeParse({
			local_id: 'o',
			total_amount: 0,
			status: 'open',
			items: [],
			version: 1,
			created_at: '2026-02-30T00:00:00Z',
			updated_at: '2026-02-28T00:00:00Z'
		});
		expect(r.success).toBe(false);
		expect(r.error?.issues[0]?.path).toEqual(['created_at']);
	});
});

describe('isYmd', () => {
	it('takes real days only', () => {
		expect(isYmd('2028-02-29')).toBe(true);
		for (const s of ['2026-02-29', '0000-01-01', '2026-04-31', '2026-1-01']) expect(isYmd(s), s).toBe(false);
	});
});

describe('textProblem and findUnsafeJson', () => {
	it('names NUL and lone surrogates, keeps paired surrogates (emoji)', () => {
		expect(textProblem('a\u0000b')).toMatch(/NUL/);
		expect(textProblem('x\ud800')).toMatch(/surrogate/);
		expect(textProblem('\udc00x')).toMatch(/surrogate/);
		expect(textProblem('kopi 🍜')).toBeNull();
	});
	it('returns the path of the first bad value or key, and a depth past the cap', () => {
		expect(findUnsafeJson({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({
			path: 'a.1.c',
			message: expect.stringMatching(/NUL/)
		});
		expect(findUnsafeJson({ ['k\ud800']: 1 })?.message).toMatch(/^key /);
		let deep: unknown = 1;
		for (let i = 0; i < 100_000; i++) deep = [deep];
		expect(findUnsafeJson(deep)?.message).toBe(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
		expect(findUnsafeJson({ ok: [1, 'two', { three: null }] })).toBeNull();
	});
	it('finds a problem wherever it hides: in a key or a value at the depth cap, beside paired surrogates', () => {
		const nest = (inner: unknown, levels: number) => {
			let v = inner;
			for (let i = 0; i < levels; i++) v = i % 2 ? { [`k${i}`]: v, emoji: '🍜' } : ['🍜', v];
			return v;
		};
		// Objects at depth MAX_JSON_DEPTH - 1 are walked; their keys and strings are checked.
		expect(findUnsafeJson(nest({ 'a\u0000': 1 }, MAX_JSON_DEPTH - 1))?.message).toMatch(/^key .*NUL/);
		expect(findUnsafeJson(nest(['\udfff'], MAX_JSON_DEPTH - 2))?.message).toMatch(/surrogate/);
		expect(findUnsafeJson(nest('x\ud83c', MAX_JSON_DEPTH))?.message).toMatch(/surrogate/);
		expect(findUnsafeJson(nest({}, MAX_JSON_DEPTH))?.message).toBe(
			`is nested deeper than ${MAX_JSON_DEPTH} levels`
		);
		expect(findUnsafeJson(nest({ ok: '🍜 \ud83c\udf5c' }, MAX_JSON_DEPTH - 1))).toBeNull();
		expect(findUnsafeJson(nest(1, MAX_JSON_DEPTH))).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import {
	buildPayload,
	crc16CcittFalse,
	dynamicQris,
	fieldValue,
	parseQris,
	parseTlv,
	qrisSummary
} from './qris';

// Published dynamic sample (README of the Go library sunary/qris): amount 144000, CRC 9635.
const PUBLISHED_DYNAMIC =
	'00020101021226380016ID.CO.SHOPEE.WWW010201020815863724530336054061440005802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris63049635';
// The same merchant as a static sticker (01=11, no tag 54); its CRC BD24 was computed with Python's binascii.crc_hqx(…, 0xFFFF).
const STATIC =
	'00020101021126380016ID.CO.SHOPEE.WWW01020102081586372453033605802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris6304BD24';

describe('CRC-16/CCITT-FALSE', () => {
	it('gives the catalogue check value for "123456789"', () => {
		expect(crc16CcittFalse('123456789')).toBe('29B1');
	});
	it('matches the CRC of the published sample', () => {
		expect(crc16CcittFalse(PUBLISHED_DYNAMIC.slice(0, -4))).toBe('9635');
		expect(crc16CcittFalse(STATIC.slice(0, -4))).toBe('BD24');
	});
	it('pads to four hex digits', () => {
		expect(crc16CcittFalse('')).toBe('FFFF');
		expect(crc16CcittFalse('A')).toMatch(/^[0-9A-F]{4}$/);
	});
});

describe('TLV', () => {
	it('parses the published sample into its fields', () => {
		const parsed = parseQris(PUBLISHED_DYNAMIC);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.value.map((f) => f.tag)).toEqual([
			'00',
			'01',
			'26',
			'53',
			'54',
			'58',
			'59',
			'60',
			'62',
			'63'
		]);
		expect(fieldValue(parsed.value, '01')).toBe('12');
		expect(fieldValue(parsed.value, '53')).toBe('360');
		expect(fieldValue(parsed.value, '54')).toBe('144000');
		expect(fieldValue(parsed.value, '59')).toBe('PT. SHOPPEE INDONESIA');
		const account = parseTlv(fieldValue(parsed.value, '26') ?? '');
		expect(account).toEqual({
			ok: true,
			value: [
				{ tag: '00', value: 'ID.CO.SHOPEE.WWW' },
				{ tag: '01', value: '01' },
				{ tag: '02', value: '15863724' }
			]
		});
	});
	it('rebuilds the published sample byte for byte (parse then build)', () => {
		const parsed = parseQris(PUBLISHED_DYNAMIC);
		if (!parsed.ok) throw new Error('parse failed');
		expect(buildPayload(parsed.value)).toBe(PUBLISHED_DYNAMIC);
	});
	it('refuses a wrong CRC, a truncated field and a missing CRC', () => {
		expect(parseQris(PUBLISHED_DYNAMIC.slice(0, -4) + '0000')).toEqual({
			ok: false,
			error: { code: 'qris_bad_crc', expected: '9635', found: '0000' }
		});
		expect(parseQris(PUBLISHED_DYNAMIC.slice(0, 30))).toMatchObject({
			ok: false,
			error: { code: 'qris_malformed' }
		});
		expect(parseQris(PUBLISHED_DYNAMIC.slice(0, -8))).toMatchObject({
			ok: false,
			error: { code: 'qris_missing_field', tag: '63' }
		});
	});
});

describe('dynamicQris', () => {
	it('turns the static sticker into the published dynamic payload for 144000', () => {
		expect(dynamicQris(STATIC, 144000)).toEqual({ ok: true, value: PUBLISHED_DYNAMIC });
	});
	it('replaces an earlier amount and keeps the fields in tag order', () => {
		const again = dynamicQris(PUBLISHED_DYNAMIC, 35500);
		expect(again).toEqual({
			ok: true,
			value:
				'00020101021226380016ID.CO.SHOPEE.WWW01020102081586372453033605405355005802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris6304B90C'
		});
		if (again.ok)
			expect(qrisSummary(again.value)).toEqual({
				merchant: 'PT. SHOPPEE INDONESIA',
				city: 'JAKARTA',
				amount: 35500
			});
	});
	it('drops tip fields: the amount on the bill is final', () => {
		const parsed = parseQris(STATIC);
		if (!parsed.ok) throw new Error('parse failed');
		const withTip = buildPayload([...parsed.value, { tag: '55', value: '01' }]);
		const out = dynamicQris(withTip, 1000);
		if (!out.ok) throw new Error('dynamic failed');
		const fields = parseQris(out.value);
		expect(fields.ok && fields.value.map((f) => f.tag)).toEqual([
			'00',
			'01',
			'26',
			'53',
			'54',
			'58',
			'59',
			'60',
			'62',
			'63'
		]);
	});
	it('refuses a zero, negative or fractional amount and a broken sticker', () => {
		expect(dynamicQris(STATIC, 0)).toMatchObject({ ok: false, error: { code: 'qris_bad_amount' } });
		expect(dynamicQris(STATIC, -5)).toMatchObject({ ok: false, error: { code: 'qris_bad_amount' } });
		expect(dynamicQris(STATIC, 10.5)).toMatchObject({ ok: false, error: { code: 'qris_bad_amount' } });
		expect(dynamicQris('hello', 1000)).toMatchObject({ ok: false });
	});
});

// Why: an outlet prints one static QRIS sticker; the till turns it into a dynamic payload carrying the amount (EMVCo MPM TLV, CRC recomputed) so the customer cannot mistype it.
import { err, ok, type Result } from './result';
import type { Rupiah } from './money';

/** One top-level data object of an EMVCo merchant-presented payload: two-digit id, value (length derived). */
export type TlvField = { readonly tag: string; readonly value: string };

export type QrisError =
	| { code: 'qris_malformed'; at: number }
	| { code: 'qris_bad_crc'; expected: string; found: string }
	| { code: 'qris_missing_field'; tag: string }
	| { code: 'qris_bad_amount'; amount: number };

export const QRIS_TAG = {
	payloadFormat: '00',
	pointOfInitiation: '01',
	currency: '53',
	amount: '54',
	tipIndicator: '55',
	tipFixed: '56',
	tipPercent: '57',
	country: '58',
	merchantName: '59',
	merchantCity: '60',
	crc: '63'
} as const;

/** Point of initiation: 11 = static (amount typed by the payer), 12 = dynamic (amount in the payload). */
export const POI_STATIC = '11';
export const POI_DYNAMIC = '12';
/** ISO 4217 numeric code of the rupiah. */
export const IDR_NUMERIC = '360';

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over the UTF-8 bytes, as 4 upper-case hex digits. */
export function crc16CcittFalse(text: string): string {
	let crc = 0xffff;
	for (const byte of new TextEncoder().encode(text)) {
		crc ^= byte << 8;
		for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
	}
	return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Splits a payload (or a template's value) into its TLV fields, in order; nothing is left over or it fails. */
export function parseTlv(payload: string): Result<TlvField[], QrisError> {
	const fields: TlvField[] = [];
	let at = 0;
	while (at < payload.length) {
		const tag = payload.slice(at, at + 2);
		const lenText = payload.slice(at + 2, at + 4);
		if (!/^\d\d$/.test(tag) || !/^\d\d$/.test(lenText)) return err({ code: 'qris_malformed', at });
		const len = Number(lenText);
		const value = payload.slice(at + 4, at + 4 + len);
		if (value.length !== len) return err({ code: 'qris_malformed', at });
		fields.push({ tag, value });
		at += 4 + len;
	}
	return ok(fields);
}

const encodeField = (f: TlvField) => `${f.tag}${String(f.value.length).padStart(2, '0')}${f.value}`;

/** Joins fields back into a payload and appends tag 63 with the CRC of everything before it (including "6304"). */
export function buildPayload(fields: readonly TlvField[]): string {
	const body = fields
		.filter((f) => f.tag !== QRIS_TAG.crc)
		.map(encodeField)
		.join('');
	const head = `${body}${QRIS_TAG.crc}04`;
	return head + crc16CcittFalse(head);
}

/** Parses a payload and checks that its last field is a CRC matching the rest. */
export function parseQris(payload: string): Result<TlvField[], QrisError> {
	const text = payload.trim();
	const parsed = parseTlv(text);
	if (!parsed.ok) return parsed;
	const last = parsed.value[parsed.value.length - 1];
	if (!last || last.tag !== QRIS_TAG.crc || last.value.length !== 4)
		return err({ code: 'qris_missing_field', tag: QRIS_TAG.crc });
	const expected = crc16CcittFalse(text.slice(0, -4));
	if (expected !== last.value.toUpperCase())
		return err({ code: 'qris_bad_crc', expected, found: last.value });
	for (const tag of [QRIS_TAG.payloadFormat, QRIS_TAG.currency, QRIS_TAG.country, QRIS_TAG.merchantName]) {
		if (!parsed.value.some((f) => f.tag === tag)) return err({ code: 'qris_missing_field', tag });
	}
	return ok(parsed.value);
}

export const fieldValue = (fields: readonly TlvField[], tag: string): string | undefined =>
	fields.find((f) => f.tag === tag)?.value;

/**
 * Turns the outlet's static QRIS (or a dynamic one from an earlier sale) into a dynamic payload for `amount` rupiah:
 * point of initiation 12, tag 54 set to the whole-rupiah amount, tip fields dropped (the amount is final), fields in
 * ascending tag order as EMVCo lays them out, CRC recomputed.
 */
export function dynamicQris(staticPayload: string, amount: Rupiah): Result<string, QrisError> {
	if (!Number.isSafeInteger(amount) || amount <= 0 || String(amount).length > 13)
		return err({ code: 'qris_bad_amount', amount });
	const parsed = parseQris(staticPayload);
	if (!parsed.ok) return parsed;
	const dropped = new Set<string>([
		QRIS_TAG.pointOfInitiation,
		QRIS_TAG.amount,
		QRIS_TAG.tipIndicator,
		QRIS_TAG.tipFixed,
		QRIS_TAG.tipPercent,
		QRIS_TAG.crc
	]);
	const fields: TlvField[] = [
		...parsed.value.filter((f) => !dropped.has(f.tag)),
		{ tag: QRIS_TAG.pointOfInitiation, value: POI_DYNAMIC },
		{ tag: QRIS_TAG.amount, value: String(amount) }
	];
	// Stable sort keeps repeated tags (none expected at top level) in their original order.
	fields.sort((a, b) => Number(a.tag) - Number(b.tag));
	return ok(buildPayload(fields));
}

/** What the payment dialog shows under the code, read back from the payload itself. */
export function qrisSummary(
	payload: string
): { merchant: string; city: string; amount: number | null } | null {
	const parsed = parseQris(payload);
	if (!parsed.ok) return null;
	const amount = fieldValue(parsed.value, QRIS_TAG.amount);
	return {
		merchant: fieldValue(parsed.value, QRIS_TAG.merchantName) ?? '',
		city: fieldValue(parsed.value, QRIS_TAG.merchantCity) ?? '',
		amount: amount === undefined ? null : Number(amount)
	};
}

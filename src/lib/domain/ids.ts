// Why: every sale needs a local_id no other device can produce (UUIDv7: time-ordered, 74 random bits); pure, the caller brings clock and randomness.

/** A UUIDv7 (RFC 9562) from a millisecond timestamp and at least 10 random bytes. */
export function uuidv7(ms: number, random: Uint8Array): string {
	if (!Number.isSafeInteger(ms) || ms < 0 || ms > 0xffff_ffff_ffff)
		throw new RangeError(`bad timestamp ${ms}`);
	if (random.length < 10) throw new RangeError('uuidv7 needs 10 random bytes');
	const b = new Uint8Array(16);
	let t = ms;
	for (let i = 5; i >= 0; i--) {
		b[i] = t % 256;
		t = Math.floor(t / 256);
	}
	b.set(random.subarray(0, 10), 6);
	b[6] = 0x70 | ((b[6] ?? 0) & 0x0f); // version 7
	b[8] = 0x80 | ((b[8] ?? 0) & 0x3f); // variant 10
	const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidv7(value: string): boolean {
	return UUID7.test(value);
}

/** The millisecond timestamp a UUIDv7 carries. */
export function uuidv7Time(value: string): number {
	return parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}

// Why: every event is signed (HMAC-SHA256, key = sha256 hex of the API key, over `id.payload`); an event that fails the check is never applied.

const enc = new TextEncoder();

function hex(buf: ArrayBuffer): string {
	return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
	return hex(await crypto.subtle.digest('SHA-256', enc.encode(text)));
}

/** Imports the verification key once per stream connection. */
export async function eventKey(apiKey: string): Promise<CryptoKey> {
	const keyHash = await sha256Hex(apiKey);
	return crypto.subtle.importKey('raw', enc.encode(keyHash), { name: 'HMAC', hash: 'SHA-256' }, false, [
		'sign',
		'verify'
	]);
}

function fromHex(s: string): Uint8Array<ArrayBuffer> | null {
	if (!/^(?:[0-9a-f]{2})+$/i.test(s)) return null;
	const out = new Uint8Array(s.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
	return out;
}

/** Constant-time check (Web Crypto's verify) of `signature` over `${id}.${payloadJson}`. */
export async function verifyEvent(
	key: CryptoKey,
	id: string,
	payloadJson: string,
	signature: string
): Promise<boolean> {
	const sig = fromHex(signature);
	if (!sig) return false;
	return crypto.subtle.verify('HMAC', key, sig, enc.encode(`${id}.${payloadJson}`));
}

export async function signForTest(key: CryptoKey, id: string, payloadJson: string): Promise<string> {
	return hex(await crypto.subtle.sign('HMAC', key, enc.encode(`${id}.${payloadJson}`)));
}

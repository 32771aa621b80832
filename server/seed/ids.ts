// Deterministic UUIDs (v5-style, SHA-1 of a name), so demo ids are the same on every fresh start.
import { createHash } from 'node:crypto';

/** A fixed namespace for everything the demo seeds. */
const NAMESPACE = 'kasir-demo/nusantara-rasa-group';

export function demoId(name: string): string {
	const h = createHash('sha1').update(`${NAMESPACE}:${name}`).digest();
	h[6] = ((h[6] ?? 0) & 0x0f) | 0x50; // version 5
	h[8] = ((h[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
	const hex = h.subarray(0, 16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

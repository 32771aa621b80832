// Why: the manager PIN is stored only as a salted PBKDF2 hash (Web Crypto) in the settings store, never as digits.
import { getSetting, setSetting } from '$lib/settings/store';
import { validStaffList } from '$lib/domain/staff';
import { app } from '$lib/managers/app.svelte';

const ITERATIONS = 100_000;

function toB64(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}

function fromB64(text: string): Uint8Array<ArrayBuffer> {
	const bin = atob(text);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
		'deriveBits'
	]);
	const bits = await crypto.subtle.deriveBits(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		key,
		256
	);
	return new Uint8Array(bits);
}

export function isValidPin(pin: string): boolean {
	return /^\d{4,8}$/.test(pin);
}

/** `pbkdf2$<iterations>$<salt>$<hash>` */
export async function hashPin(pin: string): Promise<string> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const hash = await derive(pin, salt, ITERATIONS);
	return `pbkdf2$${ITERATIONS}$${toB64(salt)}$${toB64(hash)}`;
}

export async function verifyPinHash(pin: string, stored: string): Promise<boolean> {
	const [scheme, iter, salt, hash] = stored.split('$');
	if (scheme !== 'pbkdf2' || !iter || !salt || !hash) return false;
	const got = toB64(await derive(pin, fromB64(salt), Number(iter)));
	return got === hash;
}

export async function saveManagerPin(pin: string): Promise<void> {
	await setSetting('manager_pin_hash', await hashPin(pin));
}

/** The device's own manager PIN (set in the setup wizard). */
export async function checkDevicePin(pin: string): Promise<boolean> {
	const stored = await getSetting('manager_pin_hash');
	if (!stored) return false;
	return verifyPinHash(pin, stored);
}

/** The device manager PIN, or the PIN of a manager from the outlet's configured staff (docs/till.md). */
export async function checkManagerPin(pin: string): Promise<boolean> {
	if (await checkDevicePin(pin)) return true;
	for (const s of validStaffList(app.store?.config.staff))
		if (s.role === 'manager' && (await verifyPinHash(pin, s.pin_hash))) return true;
	return false;
}

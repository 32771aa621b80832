// Helpers of the shift and reconciliation journeys: the manager PIN as setup stores it, in-app navigation
// that works offline, and SQL run directly on the server's database (KASIR_TEST_HOOKS=1).
import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.ts';

/** Stores the manager PIN hash the way the setup wizard does (PBKDF2, `pbkdf2$iter$salt$hash`). */
export async function setManagerPin(p: Page, pin: string): Promise<void> {
	await p.evaluate(async (digits) => {
		const iterations = 100_000;
		const salt = crypto.getRandomValues(new Uint8Array(16));
		const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(digits), 'PBKDF2', false, [
			'deriveBits'
		]);
		const bits = new Uint8Array(
			await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)
		);
		const b64 = (u: Uint8Array) => btoa(String.fromCharCode(...u));
		const value = `pbkdf2$${iterations}$${b64(salt)}$${b64(bits)}`;
		await new Promise<void>((resolve, reject) => {
			const req = indexedDB.open('kasir-settings');
			req.onsuccess = () => {
				const tx = req.result.transaction('settings', 'readwrite');
				tx.objectStore('settings').put(value, 'manager_pin_hash');
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			};
			req.onerror = () => reject(req.error);
		});
	}, pin);
}

/** In-app navigation (works offline: no document request) through a link. */
export async function clientGoto(p: Page, path: string): Promise<void> {
	await p.evaluate((href) => {
		const a = document.createElement('a');
		a.href = href;
		document.body.appendChild(a);
		a.click();
		a.remove();
	}, path);
	await p.waitForURL((u) => u.pathname === path);
}

/** One SQL statement on the server's own database, behind the API's back. */
export async function serverSql<T = Record<string, unknown>>(
	server: TestServer,
	sql: string,
	params: unknown[] = []
): Promise<T[]> {
	const r = await fetch(`${server.url}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql, params })
	});
	if (!r.ok) throw new Error(`sql failed: ${r.status} ${await r.text()}`);
	return ((await r.json()) as { rows: T[] }).rows;
}

/** Closes the shell's toasts so a screenshot shows the screen itself. */
export async function clearToasts(p: Page): Promise<void> {
	const close = p.locator('.toasts button');
	while ((await close.count()) > 0)
		await close
			.first()
			.click()
			.catch(() => {});
}

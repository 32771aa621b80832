// Launches Debian's Chromium through playwright-core, with the flags this sandbox needs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'artifacts');

/** The flags every test browser gets in this sandbox (rigs add their own after these). */
export const CHROMIUM_ARGS: readonly string[] = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run'
];

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [...CHROMIUM_ARGS]
	});
}

/** A persistent profile is what keeps IndexedDB, Cache Storage and the service worker across "app restarts". */
export async function launchPersistent(userDataDir: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1280, height: 800 },
		args: [...CHROMIUM_ARGS]
	});
}

/** Saves a screenshot under artifacts/screens/ (kept by CI, looked at by people). */
export async function screenshot(page: Page, name: string): Promise<string> {
	const dir = join(ARTIFACTS, 'screens');
	mkdirSync(dir, { recursive: true });
	const path = join(dir, `${name}.png`);
	await page.screenshot({ path, fullPage: false });
	return path;
}

/** Fails the test on any uncaught page error, so a broken screen cannot pass silently. */
export function collectPageErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	return errors;
}

// Starts the reference server serving the built PWA (the copy the e2e globalSetup made).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser } from './browser.ts';
import { startServer, type StartOptions, type TestServer } from './server.ts';

export async function startAppServer(opts: StartOptions = {}): Promise<TestServer> {
	return startServer({ staticDir: inject('staticDir'), ...opts });
}

/** The app server and the browser one e2e file shares; both close after the file. */
export interface AppHarness {
	readonly server: TestServer;
	readonly browser: Browser;
}

/** Call once at the top of an e2e file: starts the app server and Chromium before its tests and closes both after. */
export function appHarness(opts: StartOptions = {}): AppHarness {
	let server: TestServer | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		server = await startAppServer(opts);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});
	const started = <T>(v: T | undefined, what: string): T => {
		if (v === undefined) throw new Error(`the ${what} has not started (appHarness starts it in beforeAll)`);
		return v;
	};
	return {
		get server() {
			return started(server, 'app server');
		},
		get browser() {
			return started(browser, 'browser');
		}
	};
}

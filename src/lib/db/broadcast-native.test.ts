// The browser build's broadcast-channel (vite.config.ts, `broadcastChannelNativeOnly`): its method chooser rewritten to the
// native BroadcastChannel only, run here as the package's own browser code (a copy of `dist/esbrowser` with the rewritten chooser).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_CHOOSER, nativeOnlyMethodChooser } from './broadcast-native';

interface Channel {
	type: string;
	postMessage(msg: unknown): Promise<void>;
	addEventListener(type: 'message', fn: (msg: unknown) => void): void;
	close(): Promise<void>;
}
type ChannelClass = new (name: string, options?: { type?: string }) => Channel;

/** The package's browser build (the one Vite bundles), found from its CommonJS entry. */
const esbrowser = join(
	dirname(createRequire(import.meta.url).resolve('broadcast-channel/package.json')),
	'dist',
	'esbrowser'
);
const installed = readFileSync(join(esbrowser, 'method-chooser.js'), 'utf8');

describe('broadcast-channel, native only', () => {
	let dir = '';
	let BroadcastChannel: ChannelClass;
	const g = globalThis as { self?: unknown; BroadcastChannel?: unknown };
	const hadSelf = 'self' in g;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'kasir-bc-'));
		cpSync(esbrowser, dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
		writeFileSync(join(dir, 'method-chooser.js'), nativeOnlyMethodChooser(installed));
		// The browser build's native method checks for `window` or `self`, as a page or a worker has.
		if (!hadSelf) g.self = globalThis;
		({ BroadcastChannel } = (await import(pathToFileURL(join(dir, 'broadcast-channel.js')).href)) as {
			BroadcastChannel: ChannelClass;
		});
	});
	afterAll(() => {
		if (!hadSelf) delete g.self;
		rmSync(dir, { recursive: true, force: true });
	});

	it('is applied to the browser build the page and the worker bundle', () => {
		expect(METHOD_CHOOSER.test(join(esbrowser, 'method-chooser.js'))).toBe(true);
		expect(METHOD_CHOOSER.test(join(esbrowser, '..', 'esnode', 'method-chooser.js'))).toBe(false);
	});

	it('leaves the IndexedDB and localStorage fallbacks out of the chooser', () => {
		const out = nativeOnlyMethodChooser(installed);
		expect(installed).toContain('indexed-db.js');
		expect(out).not.toContain('indexed-db.js');
		expect(out).not.toContain('localstorage.js');
		expect(out).toContain("from './methods/native.js'");
	});

	it('carries messages between two instances on the native channel', async () => {
		const a = new BroadcastChannel('kasir-test-native');
		const b = new BroadcastChannel('kasir-test-native');
		try {
			expect(a.type).toBe('native');
			const got = new Promise<unknown>((resolve) => b.addEventListener('message', resolve));
			await a.postMessage({ eventBulk: 1 });
			expect(await got).toEqual({ eventBulk: 1 });
		} finally {
			await a.close();
			await b.close();
		}
	});

	it('refuses a fallback by name instead of loading it', () => {
		expect(() => new BroadcastChannel('kasir-test-idb', { type: 'idb' })).toThrow(
			'method-type idb not found'
		);
	});

	it('fails loudly where there is no native channel', () => {
		const native = g.BroadcastChannel;
		g.BroadcastChannel = undefined;
		try {
			expect(() => new BroadcastChannel('kasir-test-none')).toThrow('No usable method found');
		} finally {
			g.BroadcastChannel = native;
		}
	});

	it('fails the build if an upgrade changes the chooser', () => {
		expect(() =>
			nativeOnlyMethodChooser(installed.replace('LocalstorageMethod }', 'LocalStorageMethod }'))
		).toThrow("broadcast-channel's method chooser changed");
		expect(() => nativeOnlyMethodChooser(installed.replace('var METHODS', 'const METHODS'))).toThrow(
			'its METHODS list not found'
		);
	});
});

// Why: the build's (vite.config.ts), not the app's: RxDB carries its change events between the tab's UI thread, its worker
// and other tabs on the `broadcast-channel` package, whose method chooser also bundles IndexedDB and localStorage fallbacks
// for browsers without a native BroadcastChannel (~4.8 KB raw, ~1.6 KB gzip, on the UI thread and in the worker alike).
// Kasir cannot start in such a browser anyway: the sale's start-up takes Web Locks (`order.service.ts`, `navigator.locks`),
// and every browser with Web Locks (Chrome 69, Firefox 96, Safari 15.4) has the native channel (Chrome 54, Firefox 38,
// Safari 15.4). So the browser build's chooser keeps the native method (and the package's own test method) only.

/** The installed chooser's three lines this rewrite depends on; if a broadcast-channel upgrade changes them, the build fails. */
const FALLBACK_IMPORTS = [
	"import { IndexedDBMethod } from './methods/indexed-db.js';",
	"import { LocalstorageMethod } from './methods/localstorage.js';"
];
const METHODS = /var METHODS = \[NativeMethod,\s*(?:\/\/ fastest\s*)?IndexedDBMethod, LocalstorageMethod\];/;

/** Matches the browser build's chooser (`broadcast-channel/dist/esbrowser/method-chooser.js`). */
export const METHOD_CHOOSER = /[\\/]broadcast-channel[\\/]dist[\\/]esbrowser[\\/]method-chooser\.js$/;

/**
 * The chooser's source with the native method as its only automatic choice. A missing BroadcastChannel then fails the
 * database's open with the package's own "No usable method found" instead of falling back to polling IndexedDB.
 */
export function nativeOnlyMethodChooser(source: string): string {
	let out = source;
	for (const line of FALLBACK_IMPORTS) {
		if (!out.includes(line))
			throw new Error(`broadcast-channel's method chooser changed: "${line}" not found`);
		out = out.replace(line, '');
	}
	if (!METHODS.test(out))
		throw new Error("broadcast-channel's method chooser changed: its METHODS list not found");
	return out.replace(METHODS, 'var METHODS = [NativeMethod];');
}

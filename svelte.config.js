// SvelteKit config: a static SPA (adapter-static with a fallback page) served by the reference server.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
		// workbox-window registers the service worker so the app can offer "new version: reload".
		serviceWorker: { register: false },
		// The root layout's stylesheets (~8.5 KB, ~3 KB gzip) go into the fallback page as one <style>: a cold start's
		// painted first screen (static/first-screen.js, inlined after them) then waits for no file from the service
		// worker. Their <link>s stay, disabled, so Vite does not add them again when the layout's modules load.
		inlineStyleThreshold: 10_000,
		alias: { $worker: 'worker', $server: 'server' },
		// A meta CSP with the hash of SvelteKit's one inline bootstrap script (no other inline script).
		// connect-src cannot list the HO and cloud origins: they are typed in at setup, after the
		// build. So it allows any http(s) origin (no ws:, data:, blob: or other schemes); a server
		// that knows its origins narrows it with CSP_CONNECT_SRC (policies intersect), see
		// docs/security.md. frame-ancestors cannot live in a meta tag: the server sends it.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', 'https:', 'http:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self', 'https:', 'http:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	},
	compilerOptions: { runes: true }
};

export default config;

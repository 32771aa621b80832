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
		alias: { $worker: 'worker', $server: 'server' }
	},
	compilerOptions: { runes: true }
};

export default config;

// Vite config for the PWA and the Vitest projects (unit, integration against the real server, contract on PGlite and PostgreSQL, e2e).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { METHOD_CHOOSER, nativeOnlyMethodChooser } from './src/lib/db/broadcast-native.ts';

/** Stands in for zod's English locale in the worker (its messages reach only logs and `invalid_response` texts). */
const WORKER_ZOD_LOCALE = fileURLToPath(new URL('./worker/net/zod-locale.ts', import.meta.url));

/**
 * The sync worker validates with zod but never builds a JSON Schema (only the server's OpenAPI document does); zod's classic
 * schemas import the JSON-Schema generator unconditionally, so the worker's build replaces those modules with stubs that
 * throw if called. Validation (parse, safeParse) lives in zod's core and is untouched. Likewise the string formats
 * (`z.string().email()`, `.uuid()`, `.datetime()`, …): the contract uses none (`src/lib/contract/worker-zod.test.ts` says
 * so), but every string schema's prototype refers to all of them, with their checks and regexes; in the worker those
 * methods throw.
 */
function zodWithoutJsonSchema(): Plugin {
	const STUBBED =
		/[\\/]zod[\\/]v4[\\/](core[\\/](json-schema-processors|to-json-schema)|classic[\\/]from-json-schema)\.js$/;
	const CLASSIC_SCHEMAS = /[\\/]zod[\\/]v4[\\/]classic[\\/]schemas\.js$/;
	const LOCALE_EN = /[\\/]zod[\\/]v4[\\/]locales[\\/]en\.js$/;
	return {
		name: 'kasir:zod-without-json-schema',
		enforce: 'pre',
		transform(code, id) {
			if (!CLASSIC_SCHEMAS.test(id)) return null;
			// `z.string().email()` and the other format methods: each keeps its schema type, check and regex alive.
			const trimmed = code.replace(
				/return this\.check\(core\._(\w+)\(Zod\w+, params\)\);/g,
				(_, name: string) => `throw new Error('zod string format ${name} is not built into the sync worker');`
			);
			return trimmed === code ? null : { code: trimmed, map: null };
		},
		load(id) {
			// zod's English messages (~1.1 KB gzip): the worker's own, shorter ones instead (worker/net/zod-locale.ts).
			if (LOCALE_EN.test(id)) return `export { default } from ${JSON.stringify(WORKER_ZOD_LOCALE)};`;
			if (!STUBBED.test(id)) return null;
			const source = readFileSync(id, 'utf8');
			const names = new Set<string>();
			for (const m of source.matchAll(/export (?:async )?(?:function\*?|const|let|var|class) (\w+)/g))
				if (m[1]) names.add(m[1]);
			for (const m of source.matchAll(/export \{([^}]*)\}/g))
				for (const part of (m[1] ?? '').split(',')) {
					const name = part
						.trim()
						.split(/\s+as\s+/)
						.pop();
					if (name) names.add(name);
				}
			const lines = [...names].map(
				// `create…Method` factories run as a schema's `~standard` is read: they return the thrower instead.
				(n) => `export const ${n} = ${n.startsWith('create') ? '() => unavailable' : 'unavailable'};`
			);
			return [
				"const unavailable = () => { throw new Error('zod JSON Schema generation is not built into the sync worker'); };",
				...lines
			].join('\n');
		}
	};
}

/**
 * RxDB's multi-instance channel (`broadcast-channel`) on the native BroadcastChannel only, in the page and the worker: its
 * IndexedDB and localStorage fallbacks serve browsers that cannot run Kasir anyway (src/lib/db/broadcast-native.ts).
 */
function broadcastChannelNativeOnly(): Plugin {
	return {
		name: 'kasir:broadcast-channel-native-only',
		enforce: 'pre',
		load(id) {
			return METHOD_CHOOSER.test(id) ? nativeOnlyMethodChooser(readFileSync(id, 'utf8')) : null;
		}
	};
}

export default defineConfig({
	plugins: [broadcastChannelNativeOnly(), sveltekit()],
	// rxjs's ES2015 build (its default is ES5 with tslib helpers): smaller in the page and the worker alike.
	resolve: { conditions: ['es2015', ...defaultClientConditions] },
	worker: {
		format: 'es',
		plugins: () => [broadcastChannelNativeOnly(), zodWithoutJsonSchema()],
		// Everything the worker runs at start in one file (`$initial`: the entry's static imports), so gzip and brotli see it
		// whole: 9 files compressed apart cost ~4 KB more gzip. What it loads on first use (import()) stays in its own chunks.
		rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] } } }
	},
	server: {
		proxy: {
			'/api': 'http://localhost:8000'
		}
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts', 'worker/**/*.test.ts', 'server/**/*.test.ts'],
					// *.int.test.ts start the real server: the integration project runs them, so unit answers in seconds.
					exclude: ['**/*.int.test.ts', '**/node_modules/**']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['src/**/*.int.test.ts', 'worker/**/*.int.test.ts', 'server/**/*.int.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 90_000
				}
			},
			{
				extends: true,
				test: {
					name: 'contract',
					environment: 'node',
					include: ['tests/contract/**/*.test.ts'],
					env: { KASIR_TEST_DB: 'pglite' },
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'contract-pg',
					environment: 'node',
					include: ['tests/contract/**/*.test.ts'],
					env: { KASIR_TEST_DB: 'postgres' },
					globalSetup: ['tests/helpers/postgres-global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/helpers/build-global-setup.ts'],
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});

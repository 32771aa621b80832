// Vite config for the PWA and the Vitest projects (unit, integration against the real server, contract on PGlite and PostgreSQL, e2e).
import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	// rxjs's ES2015 build (its default is ES5 with tslib helpers): smaller in the page and the worker alike.
	resolve: { conditions: ['es2015', ...defaultClientConditions] },
	worker: { format: 'es' },
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

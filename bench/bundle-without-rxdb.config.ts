// Why: measures (never ships) how far "RxDB in the worker only" would take the UI thread's first-load JS: the PWA built with
// RxDB and its storage/query stack resolved to an empty module on the UI thread (the worker keeps them). The app does not run;
// only its files are measured. `npx vite build --config bench/bundle-without-rxdb.config.ts` (docs/performance.md).
import type { Plugin, UserConfig } from 'vite';
import base from '../vite.config';

const STACK = /^(rxdb|dexie|rxjs|mingo|broadcast-channel|event-reduce-js)(\/|$)/;
const EMPTY = '\0kasir:without-rxdb';

const withoutRxdb: Plugin = {
	name: 'kasir:measure-without-rxdb',
	enforce: 'pre',
	resolveId: (id) => (STACK.test(id) ? EMPTY : null),
	load: (id) => (id === EMPTY ? 'export default undefined;' : null)
};

const config: UserConfig = base;
export default {
	...config,
	plugins: [withoutRxdb, ...(config.plugins ?? [])],
	// The stack's named imports resolve to undefined instead of failing the build.
	build: { ...config.build, rolldownOptions: { ...config.build?.rolldownOptions, shimMissingExports: true } }
} satisfies UserConfig;

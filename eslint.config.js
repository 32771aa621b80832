// ESLint: strict TypeScript with no floating promises, Svelte rules, warnings fail the run.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// The UI thread ships no zod (first-load JS, docs/performance.md): outside the contract itself, src/ takes only
// types from the schema modules; plain value lists live in contract/values.ts.
const noZodOnTheUiThread = {
	regex: '(^zod(/|$))|(contract/(ho|cloud|edge)$)',
	allowTypeImports: true,
	message: 'Pulls zod into the UI thread: import types only, or the value from contract/values.ts.'
};
// The worker's start ships no zod either (worker/net/wire.ts): it names the schema an answer is parsed with, and only
// modules it loads with import() (the doctor, the wizard, a conflict's resolution) may import a schema itself.
const noZodAtTheWorkersStart = {
	regex: '(^zod(/|$))|(contract/(ho|cloud|edge)$)',
	allowTypeImports: true,
	message:
		"Pulls zod into the worker's start: parse by name (`parseBody('X', …)`, `safeParseWire`), or import the schema in a module loaded with import()."
};
// The selling screen's first load carries no RxDB (docs/performance.md, "Ninth pass"): the worker opens the database and
// answers its reads and writes, and the other screens open the UI thread's own instance in their route's `load`
// (`$lib/app/screen-load.ts`, a dynamic import). The files on the selling route's static path take only types from the
// database modules, and values from the few modules that hold no database code.
const noRxdbOnTheSellingPath = {
	regex:
		'(^(rxdb|dexie|rxjs)(/|$))|(^\\$lib/db(?!/(sale-docs|meta-keys|push-state|quota|types)$))|(^\\.\\.?/db/)',
	allowTypeImports: true,
	message:
		"Pulls RxDB into the selling screen's first load: import types only, a value from a module with no database code (db/sale-docs, db/meta-keys, db/push-state), ask the worker (store-client, sales-client), or `await app.database()` and import() the module."
};
const sellingPath = [
	'src/routes/+page.svelte',
	'src/routes/+layout.svelte',
	'src/routes/+layout.ts',
	'src/routes/receipt/**',
	'src/lib/app/**',
	'src/lib/boot/**',
	'src/lib/store-client.ts',
	'src/lib/worker-client.ts',
	'src/lib/settings/**',
	'src/lib/sw/**',
	'src/lib/components/{common,sell,shell,messages,staff}/**',
	'src/lib/components/conflicts/{ConflictBadge,HeldNote}.svelte',
	'src/lib/managers/{app,cart,catalog,conflicts,first-screen,messages,pwa,sell,staff,sync-jobs,toast}.svelte.ts',
	'src/lib/services/{app,error,order,pin,pwa,receipt,sell,shift,split,staff,table-move}.service.ts',
	'src/lib/services/{cut-points,message-text,sales-client}.ts'
];
// English is a chunk of its own (`loadLanguage('en')`): only en.ts imports the English halves of the sections.
const noEnglishAtStart = {
	regex: '(^|/)[\\w-]+\\.en$|(^|/)i18n/en$|^\\./en$',
	allowTypeImports: true,
	message: "Loads English at start: only i18n/en.ts imports it; elsewhere `await loadLanguage('en')`."
};

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['src/service-worker.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		// A chosen subset of strictTypeChecked: the rules that find bugs (promises, bad operands, needless casts).
		// Left off: restrict-template-expressions (numbers in templates are fine), no-unnecessary-condition and
		// no-non-null-assertion (defensive checks and test lookups), no-confusing-void-expression and
		// no-meaningless-void-operator (style; `void x` registers Svelte effect dependencies), no-base-to-string
		// (defensive String(unknown)), no-misused-spread (strings spread into characters on purpose),
		// prefer-promise-reject-errors (rejects with IndexedDB's DOMException), require-await, and
		// no-unnecessary-boolean-literal-compare (`navigator.onLine === false` guards runtimes without it).
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/no-array-delete': 'error',
			'@typescript-eslint/no-deprecated': 'error',
			'@typescript-eslint/no-duplicate-type-constituents': 'error',
			'@typescript-eslint/no-for-in-array': 'error',
			'@typescript-eslint/no-implied-eval': 'error',
			'@typescript-eslint/no-redundant-type-constituents': 'error',
			'@typescript-eslint/no-unnecessary-type-assertion': 'error',
			'@typescript-eslint/no-unsafe-enum-comparison': 'error',
			'@typescript-eslint/no-unsafe-unary-minus': 'error',
			'@typescript-eslint/only-throw-error': 'error',
			'@typescript-eslint/restrict-plus-operands': 'error',
			'@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
			'@typescript-eslint/unbound-method': 'error',
			'@typescript-eslint/use-unknown-in-catch-callback-variable': 'error'
		}
	},
	{
		// Product code: no value of type any flows anywhere. Not in tests (they read server answers at arbitrary
		// depth through `CloudReply`), nor in .svelte files (the parser types a child component's callbacks as any).
		files: ['src/**/*.ts', 'worker/**/*.ts', 'server/**/*.ts'],
		ignores: ['**/*.test.ts'],
		rules: {
			'@typescript-eslint/no-unsafe-argument': 'error',
			'@typescript-eslint/no-unsafe-assignment': 'error',
			'@typescript-eslint/no-unsafe-call': 'error',
			'@typescript-eslint/no-unsafe-member-access': 'error',
			'@typescript-eslint/no-unsafe-return': 'error'
		}
	},
	{
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['**/*.test.ts', 'src/lib/contract/**'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ patterns: [noZodOnTheUiThread, noEnglishAtStart] }
			]
		}
	},
	{
		files: sellingPath,
		ignores: ['**/*.test.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{ patterns: [noZodOnTheUiThread, noEnglishAtStart, noRxdbOnTheSellingPath] }
			]
		}
	},
	{
		files: ['worker/**/*.ts'],
		ignores: [
			'**/*.test.ts',
			'worker/net/schemas.ts',
			'worker/doctor/checks.ts',
			'worker/doctor/edge-status.ts',
			'worker/setup/api.ts',
			'worker/conflicts/resolve.ts'
		],
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', { patterns: [noZodAtTheWorkersStart] }]
		}
	},
	{
		files: ['src/lib/i18n/en.ts'],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noZodOnTheUiThread] }] }
	},
	{ ignores: ['build/', '.svelte-kit/', 'data/', 'node_modules/', 'artifacts/', 'docs/', 'bench/results/'] }
);

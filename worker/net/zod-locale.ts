// Why: the worker's zod messages, in place of zod's English locale (~1.1 KB gzip of the worker's start): they reach only the
// worker's logs and its `invalid_response` texts (the cashier reads `err.invalid_response`), so the issue's code and what
// was expected say enough. The worker's build (vite.config.ts) resolves zod's `locales/en.js` to this module.
import type { $ZodConfig, $ZodErrorMap } from 'zod/v4/core';

const received = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const localeError: $ZodErrorMap = (issue) => {
	const c = issue.code;
	if (c === 'invalid_type') return `${c}: expected ${issue.expected}, received ${received(issue.input)}`;
	if (c === 'too_small') return `${c}: expected ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
	if (c === 'too_big') return `${c}: expected ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
	if (c === 'invalid_value') return `${c}: expected one of ${issue.values.map(String).join(', ')}`;
	if (c === 'unrecognized_keys') return `${c}: ${issue.keys.join(', ')}`;
	return c ?? 'invalid';
};

/** Same shape as zod's locales (`z.config(workerZodLocale())`). */
export default function workerZodLocale(): Pick<$ZodConfig, 'localeError'> {
	return { localeError };
}

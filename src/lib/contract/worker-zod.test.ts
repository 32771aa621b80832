// The sync worker's build leaves zod's string formats out (vite.config.ts, `zodWithoutJsonSchema`): there
// `z.string().email()`, `.uuid()`, `.datetime()`, … throw as the schema is built. So no schema of the contract may use one.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as cloud from './cloud';
import * as edge from './edge';
import * as ho from './ho';

/** The formats behind ZodString's methods (uuidv4/v6/v7 check the `uuid` format), left out of the worker. */
const LEFT_OUT = new Set([
	'email',
	'url',
	'jwt',
	'emoji',
	'guid',
	'uuid',
	'nanoid',
	'cuid',
	'cuid2',
	'ulid',
	'base64',
	'base64url',
	'xid',
	'ksuid',
	'ipv4',
	'ipv6',
	'cidrv4',
	'cidrv6',
	'e164',
	'datetime',
	'date',
	'time',
	'duration'
]);

type Schema = z.core.$ZodType;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && '_zod' in v;

/** Every schema reachable from `root` (object shapes, elements, options, inner and piped types, lazy getters). */
function reachable(root: Schema, seen = new Set<Schema>()): Set<Schema> {
	if (seen.has(root)) return seen;
	seen.add(root);
	const def: Record<string, unknown> = { ...root._zod.def };
	if (typeof def.getter === 'function') def.getter = (def.getter as () => unknown)();
	const visit = (v: unknown): void => {
		if (isSchema(v)) reachable(v, seen);
		else if (Array.isArray(v)) v.forEach(visit);
		else if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)
			Object.values(v).forEach(visit);
	};
	for (const [key, value] of Object.entries(def)) if (key !== 'checks') visit(value);
	return seen;
}

/** The string formats a schema checks: its own (`z.email()`) and its checks' (`z.string().email()`). */
function formats(s: Schema): string[] {
	const defs: unknown[] = [s._zod.def, ...(s._zod.def.checks ?? []).map((c) => c._zod.def)];
	return defs.flatMap((d) =>
		typeof d === 'object' && d !== null && 'format' in d && typeof d.format === 'string' ? [d.format] : []
	);
}

describe('the contract in the sync worker', () => {
	const exported = [ho, cloud, edge].flatMap((m) => Object.values(m).filter(isSchema));

	it('finds the schemas and their string checks (the walk reaches nested fields)', () => {
		expect(exported.length).toBeGreaterThan(50);
		const all = new Set<Schema>();
		for (const s of exported) reachable(s, all);
		// The contract's `.regex()` checks are string formats too (kept in the worker): the walk must see them.
		expect([...all].flatMap(formats)).toContain('regex');
	});

	it('uses none of the string formats the worker build leaves out', () => {
		const used = new Set<string>();
		for (const s of exported) for (const r of reachable(s)) for (const f of formats(r)) used.add(f);
		expect([...used].filter((f) => LEFT_OUT.has(f))).toEqual([]);
	});
});

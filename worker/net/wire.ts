// Why: the worker validates every answer against the contract, but zod and the schemas (~20 KB gzip) are not in its start:
// the well-formed answers of the hot path pass a hand-written check (`quick.ts`), and anything that check is not sure of
// goes to the zod schema, loaded on first need from its own chunk (precached with the worker), which stays the only
// source of rejections and their messages.
import type { z } from 'zod';
import { QUICK } from './quick';
import type * as Schemas from './schemas';

type All = typeof Schemas;
/** The name of a contract schema the worker parses answers with (`schemas.ts`). */
export type WireName = keyof All;
export type WireOut<K extends WireName> = z.output<All[K]>;
export type WireResult<K extends WireName> = z.ZodSafeParseResult<WireOut<K>>;

let loaded: Promise<All> | undefined;

/** The contract's schemas, imported once. */
export function wireSchemas(): Promise<All> {
	return (loaded ??= import('./schemas'));
}

/** What `Schemas[name].safeParse(body)` answers; the quick check first, then zod for anything it leaves. */
export async function safeParseWire<K extends WireName>(name: K, body: unknown): Promise<WireResult<K>> {
	const quick = QUICK[name]?.(body);
	if (quick) return { success: true, data: quick };
	const schema: z.ZodType = (await wireSchemas())[name];
	// TypeScript cannot follow an indexed generic through `safeParse`: the schema of `name` answers `WireOut<K>`.
	return schema.safeParse(body) as WireResult<K>;
}

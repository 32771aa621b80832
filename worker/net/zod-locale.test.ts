// Why: the worker's build replaces zod's English locale with its own (vite.config.ts): a response that fails the contract
// must still say where and what was expected in the worker's `invalid_response` text, and the contract's own messages win.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PushResponse } from '../../src/lib/contract/cloud';
import { NetError } from './errors';
import { acceptBody, parseBody } from './http';
import workerZodLocale from './zod-locale';

z.config(workerZodLocale());

const response = (body: unknown) => ({ status: 200, body, headers: new Headers() });

function failure(schema: z.ZodType, body: unknown): string {
	try {
		acceptBody(schema.safeParse(body), response(body), 'push');
	} catch (e) {
		expect(e).toBeInstanceOf(NetError);
		expect((e as NetError).code).toBe('invalid_response');
		return (e as Error).message;
	}
	throw new Error('the body passed');
}

describe("the worker's zod messages", () => {
	it('names the path, the code, what was expected and what came', () => {
		const body = { success: true, data: { cloud_id: 'c', local_id: 'l', version: '2', synced_at: 'now' } };
		expect(failure(PushResponse, body)).toBe(
			'push: response does not match the contract (data.version invalid_type: expected number, received string)'
		);
		expect(failure(PushResponse, { ...body, success: false })).toBe(
			'push: response does not match the contract (success invalid_value: expected one of true)'
		);
		expect(failure(z.object({ n: z.number().min(1) }), { n: 0 })).toContain('n too_small: expected >= 1');
		expect(failure(z.array(z.string()).max(1), ['a', 'b'])).toContain('too_big: expected <= 1');
		expect(failure(z.strictObject({}), { extra: 1 })).toContain('unrecognized_keys: extra');
		expect(failure(z.object({ d: z.null() }), { d: [] })).toContain('received array');
	});

	it("keeps the contract's own messages", () => {
		expect(failure(z.object({ id: z.string().min(1, 'is required') }), { id: '' })).toContain(
			'id is required'
		);
	});

	it('reaches the same text through a schema the worker names (loaded on first need)', async () => {
		const body = { success: true, data: { processed: '1' } };
		await expect(parseBody('BatchResponse', response(body), 'cloud /sync/batch')).rejects.toThrow(
			'cloud /sync/batch: response does not match the contract (data.processed invalid_type: expected number, received string)'
		);
	});
});

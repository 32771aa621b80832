// Why: quota failures as the storage layers really wrap them (Dexie's own error classes, RxDB's write errors, comlink copies) are recognised.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { isQuotaError } from './quota';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('isQuotaError', () => {
	it('recognises the DOMException itself and Dexie’s AbortError that carries it', () => {
		expect(isQuotaError(quota())).toBe(true);
		const abort = new Dexie.AbortError('Transaction aborted', quota());
		expect(abort.name).toBe('AbortError');
		expect(isQuotaError(abort)).toBe(true);
		expect(isQuotaError(new Dexie.BulkError('1 of 2 failed', [quota()]))).toBe(true);
	});

	it('recognises it inside RxDB-style parameters, cause chains and serialised copies', () => {
		expect(
			isQuotaError({ code: 'RX1', parameters: { error: new Dexie.AbortError('aborted', quota()) } })
		).toBe(true);
		expect(isQuotaError(new Error('write failed', { cause: new Error('x', { cause: quota() }) }))).toBe(true);
		expect(isQuotaError({ name: 'Error', message: 'AbortError: QuotaExceededError: disk full' })).toBe(true);
	});

	it('does not take other failures for a full disk', () => {
		expect(isQuotaError(new Dexie.AbortError('Transaction aborted', new Error('constraint')))).toBe(false);
		expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
		expect(isQuotaError(new Error('conflict'))).toBe(false);
		expect(isQuotaError(null)).toBe(false);
	});
});

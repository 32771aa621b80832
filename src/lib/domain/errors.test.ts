import { describe, expect, it } from 'vitest';
import { DECISIONS, decides, errorKind, type Decision } from './errors';

const CODES = [
	'offline',
	'server_error',
	'rate_limited',
	'unauthorized',
	'forbidden',
	'not_configured',
	'too_large',
	'bad_request',
	'invalid_response',
	'aborted'
] as const;

const deciding = (d: Decision) => CODES.filter((c) => decides(d, c));

describe('the error table', () => {
	it('classifies the codes the worker and the UI use, and anything else as other', () => {
		expect(errorKind('offline')).toBe('unreachable');
		expect(errorKind('stream_error')).toBe('unreachable');
		expect(errorKind('unauthorized')).toBe('login');
		expect(errorKind('invalid_api_key')).toBe('refused');
		expect(errorKind('invalid_response')).toBe('rejected');
		expect(errorKind('toString')).toBe('other');
		expect(errorKind('no_such_code')).toBe('other');
	});

	it('gives every place that decides the same codes it decided on before the table', () => {
		expect(deciding('transient')).toEqual(['offline', 'server_error', 'rate_limited']);
		expect(deciding('stopSyncJob')).toEqual(['offline', 'unauthorized', 'not_configured']);
		expect(deciding('stopPushRetries')).toEqual(['unauthorized', 'not_configured']);
		expect(deciding('closeStream')).toEqual(['unauthorized', 'forbidden', 'not_configured']);
		expect(deciding('stopPhotoSync')).toEqual([
			'offline',
			'rate_limited',
			'unauthorized',
			'forbidden',
			'not_configured',
			'aborted'
		]);
		expect(deciding('keepPhotoReport')).toEqual([
			'offline',
			'server_error',
			'rate_limited',
			'unauthorized',
			'aborted'
		]);
		expect(deciding('splitBatch')).toEqual(['too_large', 'bad_request', 'invalid_response']);
		expect(deciding('failPushItems')).toEqual([
			'server_error',
			'too_large',
			'bad_request',
			'invalid_response'
		]);
		expect(Object.keys(DECISIONS)).toHaveLength(8);
	});
});

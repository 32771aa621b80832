// Why: offline, the worker's code loaded on first use must come from the precache; the crawl must find every chunk.
import { describe, expect, it } from 'vitest';
import { workerClosure, workerImports } from './worker-chunks';

const files: Record<string, string> = {
	'/_app/immutable/workers/main-Ab1.js':
		'import{a as e}from"./chunks/Bt_-x5mp.js";const r=async()=>(await import(`./chunks/zwXPWumU.js`)).run;' +
		"import('./chunks/C51QMIwA.js');const s='../chunks/not-a-worker.js';",
	'/_app/immutable/workers/chunks/Bt_-x5mp.js': 'export const a=1;',
	'/_app/immutable/workers/chunks/zwXPWumU.js': 'import{a}from"./Bt_-x5mp.js";import"./DQm_LhcO.js";',
	'/_app/immutable/workers/chunks/C51QMIwA.js': '',
	'/_app/immutable/workers/chunks/DQm_LhcO.js': 'export{}'
};

describe('worker chunks for the precache', () => {
	it('reads static and dynamic relative imports of a worker module, only inside the worker folder', () => {
		expect(
			workerImports('/_app/immutable/workers/main-Ab1.js', files['/_app/immutable/workers/main-Ab1.js']!)
		).toEqual([
			'/_app/immutable/workers/chunks/Bt_-x5mp.js',
			'/_app/immutable/workers/chunks/zwXPWumU.js',
			'/_app/immutable/workers/chunks/C51QMIwA.js'
		]);
	});

	it('follows chunks of chunks once each, from the worker entries only', async () => {
		const reads: string[] = [];
		const all = await workerClosure(
			['/_app/immutable/workers/main-Ab1.js', '/_app/immutable/chunks/page.js', '/index.html'],
			async (p) => {
				reads.push(p);
				return files[p] ?? null;
			}
		);
		expect(all.sort()).toEqual(Object.keys(files).sort());
		expect(reads.length).toBe(new Set(reads).size);
	});
});

// The benchmark suite runs end to end at smoke sizes (BENCH_SMOKE=1) and prints its figure lines and JSON, so it cannot
// rot. Timings are never asserted here: the figures come from `npm run bench` at full size.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ARTIFACTS } from '../helpers/browser.ts';
import { ROOT } from '../helpers/server.ts';

function runBench(names: string[]): Promise<{ code: number; out: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', join(ROOT, 'bench/run.ts'), ...names],
			{
				cwd: ROOT,
				env: { ...process.env, BENCH_SMOKE: '1', BENCH_STATIC_DIR: inject('staticDir') },
				maxBuffer: 32 * 1024 * 1024
			},
			(err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}\n${stderr}` })
		);
	});
}

const FIGURE =
	/^\[bench ([\w-]+)\] .+: kasir [\d.]+ (ms|orders\/s|KB) \| floor (—|[\d.]+ (ms|orders\/s|KB)) \| ratio (—|[\d.]+×)/;

describe('npm run bench (smoke sizes)', () => {
	it('runs every benchmark and prints kasir, floor and ratio lines plus a JSON report each', async () => {
		const { code, out } = await runBench([]);
		expect(code, out).toBe(0);
		const lines = out.split('\n').filter((l) => FIGURE.test(l));
		const benches = new Set(lines.map((l) => FIGURE.exec(l)?.[1]));
		expect([...benches].sort()).toEqual([
			'bundle',
			'drain',
			'edge-forward',
			'first-sync',
			'ingest',
			'orders',
			'photos',
			'till'
		]);
		expect(lines.some((l) => l.includes('wizard first sync'))).toBe(true);
		// The same first sync with the HO and the cloud in two processes over PostgreSQL (skipped, and said so, where
		// PostgreSQL's binaries are missing, as the ingest bench's PostgreSQL rows are).
		expect(
			lines.some((l) =>
				l.includes('wizard first sync ("all") without its photo step, HO and cloud in two processes')
			) || out.includes('[bench first-sync] split skipped:'),
			out
		).toBe(true);
		expect(lines.some((l) => l.includes('drain'))).toBe(true);
		expect(lines.some((l) => l.includes('[bench edge-forward] edge forwards a backlog'))).toBe(true);
		expect(lines.some((l) => l.includes('batch ingest on pglite'))).toBe(true);
		expect(lines.some((l) => l.includes('first-load JS, worker'))).toBe(true);
		expect(lines.some((l) => l.includes('[bench orders] pending counts'))).toBe(true);
		for (const m of [
			'tap → cart line painted',
			'pay → order durably stored',
			'search keystroke',
			'offline cold start'
		])
			expect(
				lines.some((l) => l.includes(`[bench till] ${m}`)),
				m
			).toBe(true);
		for (const b of benches) {
			const file = join(ARTIFACTS, 'bench', `${b}.smoke.json`);
			expect(existsSync(file), file).toBe(true);
			const report = JSON.parse(readFileSync(file, 'utf8')) as {
				bench: string;
				smoke: boolean;
				figures: unknown[];
			};
			expect(report).toMatchObject({ bench: b, smoke: true });
			expect(report.figures.length).toBeGreaterThan(0);
		}
	}, 900_000);

	it('refuses an unknown benchmark name', async () => {
		const { code, out } = await runBench(['no-such-bench']);
		expect(code).not.toBe(0);
		expect(out).toMatch(/unknown benchmark no-such-bench/);
	}, 120_000);
});

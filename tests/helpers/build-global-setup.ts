// Builds the PWA once for the e2e project and hands the tests a private copy of it, so a build
// started elsewhere (another run, a developer) cannot change the files under a running test.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject) {
	const root = resolve(import.meta.dirname, '../..');
	if (!(process.env.SKIP_BUILD === '1' && existsSync(join(root, 'build/index.html')))) {
		// flock serialises concurrent builds of the same tree.
		execFileSync(
			'flock',
			[
				'/tmp/kasir-build.lock',
				process.execPath,
				join(root, 'node_modules/vite/bin/vite.js'),
				'build',
				'--logLevel',
				'warn'
			],
			{
				cwd: root,
				stdio: 'inherit'
			}
		);
	}
	const copy = mkdtempSync(join(tmpdir(), 'kasir-build-'));
	execFileSync('flock', ['/tmp/kasir-build.lock', 'cp', '-rT', join(root, 'build'), copy]);
	project.provide('staticDir', copy);
	return () => rmSync(copy, { recursive: true, force: true });
}

declare module 'vitest' {
	export interface ProvidedContext {
		staticDir: string;
	}
}

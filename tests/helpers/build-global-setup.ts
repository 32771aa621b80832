// Builds the PWA once for the e2e project, unless SKIP_BUILD=1 and a build already exists.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export default function setup() {
	const root = resolve(import.meta.dirname, '../..');
	if (process.env.SKIP_BUILD === '1' && existsSync(join(root, 'build/index.html'))) return;
	execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
}

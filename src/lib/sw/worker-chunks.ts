// Why: the web worker loads some of its code on first use (doctor, photos, reconciliation); SvelteKit's `build` list names
// only the worker's entry file, so the service worker finds the entry's chunks itself and precaches them for offline use.

/** Where the worker's files live in the build (entries and their chunks). */
export const WORKER_DIR = '/_app/immutable/workers/';

const RELATIVE_JS = /["'`](\.{1,2}\/[^"'`\s]+?\.js)["'`]/g;

/** The worker files a worker module imports (statically or with `import()`), as absolute paths under {@link WORKER_DIR}. */
export function workerImports(modulePath: string, source: string): string[] {
	const base = new URL(modulePath, 'https://kasir.invalid');
	const out = new Set<string>();
	for (const m of source.matchAll(RELATIVE_JS)) {
		const spec = m[1];
		if (!spec) continue;
		const path = new URL(spec, base).pathname;
		if (path.startsWith(WORKER_DIR)) out.add(path);
	}
	return [...out];
}

/** Every worker file reachable from the given entries; `read` returns a module's source (null: unreadable, skipped). */
export async function workerClosure(
	entries: readonly string[],
	read: (path: string) => Promise<string | null>
): Promise<string[]> {
	const seen = new Set<string>();
	const queue = entries.filter((p) => p.startsWith(WORKER_DIR) && p.endsWith('.js'));
	while (queue.length) {
		const path = queue.shift();
		if (!path || seen.has(path)) continue;
		seen.add(path);
		const source = await read(path);
		if (source === null) continue;
		for (const next of workerImports(path, source)) if (!seen.has(next)) queue.push(next);
	}
	return [...seen];
}

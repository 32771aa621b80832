// A Chromium we can kill like a power cut: launched by us on a persistent profile (so IndexedDB survives), driven over CDP, and
// ended with SIGKILL to its whole process tree, never a clean shutdown.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../helpers/browser.ts';

export interface Killable {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** SIGKILL to the browser and every process it started; resolves once the browser process is gone. */
	kill(): Promise<void>;
}

function descendants(pid: number): number[] {
	const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
	const children = new Map<number, number[]>();
	for (const line of out.split('\n')) {
		const [p, pp] = line.trim().split(/\s+/).map(Number);
		if (!p || pp === undefined) continue;
		children.set(pp, [...(children.get(pp) ?? []), p]);
	}
	const all: number[] = [];
	const walk = (p: number) => {
		for (const c of children.get(p) ?? []) {
			all.push(c);
			walk(c);
		}
	};
	walk(pid);
	return all;
}

function exited(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
}

export async function launchKillable(profile: string): Promise<Killable> {
	const child = spawn(
		CHROMIUM,
		[
			'--headless=new',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic',
			'--no-first-run',
			'--no-default-browser-check',
			'--window-size=1280,800',
			`--user-data-dir=${profile}`,
			'--remote-debugging-port=0',
			'about:blank'
		],
		{ detached: true, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const ws = await new Promise<string>((resolve, reject) => {
		let buf = '';
		child.stderr?.on('data', (d: Buffer) => {
			buf += d.toString();
			const m = /DevTools listening on (ws:\/\/\S+)/.exec(buf);
			if (m?.[1]) resolve(m[1]);
		});
		child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${buf.slice(-800)}`)));
	});
	const browser = await chromium.connectOverCDP(ws);
	const context = browser.contexts()[0] ?? (await browser.newContext());
	const page = context.pages()[0] ?? (await context.newPage());
	const pid = child.pid ?? 0;
	return {
		browser,
		context,
		page,
		async kill() {
			const tree = descendants(pid);
			for (const p of [pid, ...tree]) {
				try {
					process.kill(p, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// the group is gone
			}
			await exited(child);
			await browser.close().catch(() => {});
		}
	};
}

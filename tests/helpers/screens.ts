// Screenshots of every screen at tablet and phone size (artifacts/screens/<name>-<tablet|phone>.png, kept by CI),
// and the check that a screen fits its width: nothing a cashier would have to scroll sideways to reach.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './browser.ts';

export const SCREENS_DIR = join(ARTIFACTS, 'screens');

/** The sizes the till is photographed at: a landscape 10" tablet and a common Android phone. */
export const TABLET = { width: 1024, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Phones are what the selling screen shows as two views (the CSS breakpoint is 600 px). */
export const PHONE_MAX_WIDTH = 599;

export type ScreenSize = 'tablet' | 'phone';

export function sizeOf(page: Page): ScreenSize {
	const vp = page.viewportSize();
	if (!vp) throw new Error('the page has no fixed viewport');
	return vp.width <= PHONE_MAX_WIDTH ? 'phone' : 'tablet';
}

/** Saves what the page shows now as artifacts/screens/<name>-<tablet|phone>.png (the size from the viewport). */
export async function saveScreen(page: Page, name: string, size: ScreenSize = sizeOf(page)): Promise<string> {
	mkdirSync(SCREENS_DIR, { recursive: true });
	const path = join(SCREENS_DIR, `${name}-${size}.png`);
	await page.screenshot({ path, fullPage: false });
	return path;
}

export interface WidthReport {
	/** The viewport width the test asked for. */
	viewport: number;
	/** `window.innerWidth`: on a mobile viewport a page wider than the screen zooms out and this grows with it. */
	innerWidth: number;
	/** `document.documentElement.scrollWidth`. */
	scrollWidth: number;
	/** The shell's <main> (it scrolls by itself, so the document can fit while main scrolls sideways). */
	mainScrollWidth: number;
	mainClientWidth: number;
	/** Visible elements reaching past either edge that no scrolling or clipping container holds in. */
	outside: string[];
}

/** Measures how the page fits its viewport width. */
export async function measureWidth(page: Page): Promise<WidthReport> {
	const vp = page.viewportSize();
	if (!vp) throw new Error('the page has no fixed viewport');
	const r = await page.evaluate(() => {
		const vw = window.innerWidth;
		const outside: string[] = [];
		const heldIn = (el: Element): boolean => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				// The shell's <main> scrolls down, not sideways: what sticks out of it is an overflow.
				if (p.tagName === 'MAIN') return false;
				if (getComputedStyle(p).overflowX === 'visible') continue;
				const pr = p.getBoundingClientRect();
				// A container that clips or scrolls sideways and itself fits (e.g. the category tabs) holds its content in.
				if (pr.left >= -0.5 && pr.right <= vw + 0.5) return true;
			}
			return false;
		};
		for (const el of Array.from(document.body.querySelectorAll('*'))) {
			const b = el.getBoundingClientRect();
			if (b.width === 0 || b.height === 0) continue;
			if (b.right <= vw + 0.5 && b.left >= -0.5) continue;
			if (heldIn(el)) continue;
			const id = el.getAttribute('data-testid');
			const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
			outside.push(
				`${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${id ? `[${id}]` : ''} ${Math.round(b.left)}..${Math.round(b.right)}`
			);
		}
		const main = document.querySelector('main');
		return {
			innerWidth: vw,
			scrollWidth: document.documentElement.scrollWidth,
			mainScrollWidth: main?.scrollWidth ?? 0,
			mainClientWidth: main?.clientWidth ?? 0,
			outside: outside.slice(0, 20)
		};
	});
	return { viewport: vp.width, ...r };
}

/** True when nothing on the page needs a sideways scroll at this viewport. */
export function fitsWidth(r: WidthReport): boolean {
	return (
		r.innerWidth === r.viewport &&
		r.scrollWidth <= r.viewport &&
		r.mainScrollWidth <= r.mainClientWidth &&
		r.outside.length === 0
	);
}

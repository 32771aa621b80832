// Why: a cold start paints the selling screen's first screen of tiles from a small snapshot in localStorage (static/first-screen.js)
// before the app's modules and RxDB load; this module writes that snapshot, clears it, and takes the painted screen over.

/** The localStorage key of the snapshot (static/first-screen.js reads the same key). */
export const FIRST_SCREEN_KEY = 'kasir:first-screen';
/** The painted screen's root element (static/first-screen.js creates it). */
export const FIRST_SCREEN_ID = 'kasir-first-screen';
/** Tiles kept: more than a large tablet's first screen (10 columns × 4 rows), no more than the catalogue's first page. */
export const FIRST_SCREEN_TILES = 48;

export interface FirstScreenTile {
	id: string;
	sku: string;
	name: string;
	/** The price as the grid shows it (formatted when written: the painter has no money formatting). */
	price: string;
	available: boolean;
}

export interface FirstScreenNavItem {
	label: string;
	/** The icon's SVG path (24×24), '' when none. */
	icon: string;
	current: boolean;
}

/** What the selling screen showed when nothing was filtered: enough to paint its first screen, nothing secret. */
export interface FirstScreen {
	v: 1;
	/** The outlet (and store) the tiles belong to: a snapshot of another outlet is never painted. */
	outlet_id: string;
	store_id: string;
	lang: string;
	labels: {
		app: string;
		store: string;
		search: string;
		all: string;
		products: string;
		categories: string;
		unavailable: string;
		loading: string;
		nav: string;
	};
	nav: FirstScreenNavItem[];
	categories: { id: string; name: string }[];
	tiles: FirstScreenTile[];
}

/** The painted screen's state, shared with static/first-screen.js through `window`. */
export interface FirstScreenState {
	/** The painted screen (null: nothing was painted). */
	el: HTMLElement | null;
	/** Product ids tapped on the painted tiles, oldest first: the live screen replays them. */
	taps: string[];
	/** The live screen took over: later taps on the painted tiles are not queued. */
	done: boolean;
	/** When the painter started (performance.now()). */
	startedAt: number;
	/** When the first painted tile was in the DOM (performance.now()), 0 when none. */
	paintedAt: number;
}

declare global {
	interface Window {
		/** Set by static/first-screen.js before the app's modules load. */
		__kasirFirstScreen?: FirstScreenState;
	}
}

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage blocked (a private window with storage disabled)
	}
}

/** Writes the snapshot unless it is the same as the stored one; a full or blocked storage is not an error (no snapshot). */
export function writeFirstScreen(snapshot: FirstScreen): boolean {
	const s = storage();
	if (!s) return false;
	const text = JSON.stringify(snapshot);
	try {
		if (s.getItem(FIRST_SCREEN_KEY) === text) return false;
		s.setItem(FIRST_SCREEN_KEY, text);
		return true;
	} catch {
		return false;
	}
}

export function readFirstScreen(): FirstScreen | null {
	const text = storage()?.getItem(FIRST_SCREEN_KEY);
	if (!text) return null;
	try {
		const v = JSON.parse(text) as Partial<FirstScreen> | null;
		return v && v.v === 1 && Array.isArray(v.tiles) ? (v as FirstScreen) : null;
	} catch {
		return null;
	}
}

/** Forgets the snapshot (setup of an outlet, a device no longer set up): the next cold start paints nothing early. */
export function clearFirstScreen(): void {
	try {
		storage()?.removeItem(FIRST_SCREEN_KEY);
	} catch {
		// nothing stored
	}
}

/**
 * The live screen takes over: the painted screen goes and the taps made on it are handed back (oldest first) to be replayed.
 * Later calls return nothing.
 */
export function takeOverFirstScreen(): string[] {
	const state = typeof window === 'undefined' ? undefined : window.__kasirFirstScreen;
	if (!state || state.done) return [];
	state.done = true;
	state.el?.remove();
	state.el = null;
	return state.taps.splice(0);
}

/** Whether a painted screen is still shown (the live screen has not taken over). */
export function firstScreenShown(): boolean {
	const state = typeof window === 'undefined' ? undefined : window.__kasirFirstScreen;
	return !!state && !state.done && !!state.el;
}

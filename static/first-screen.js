// @ts-check
// Why: paints the selling screen's first screen of tiles from the snapshot the app keeps in localStorage
// (src/lib/boot/first-screen.ts) before any of the app's modules or its database load: a cold start shows tiles at once.
// A classic script that runs once as the page is parsed (inlined into the fallback page at build time, its hash in the
// meta CSP: src/hooks.server.ts; it stays a file for the bench); it only reads localStorage and builds DOM. Taps on the painted tiles are queued (and counted on the tile) until the live screen
// takes over, removes this screen and replays them; nothing here reads the database or the network.
(function () {
	/** @typedef {import('../src/lib/boot/first-screen').FirstScreen} FirstScreen */
	/** @typedef {import('../src/lib/boot/first-screen').FirstScreenState} FirstScreenState */
	const KEY = 'kasir:first-screen';
	const ID = 'kasir-first-screen';
	// The grid's geometry (src/lib/components/sell/ProductGrid.svelte): the same tiles in the same places.
	const MIN_TILE = 148;
	const ROW_H = 184;
	const GAP = 10;
	const PHOTO_DELAY_MS = 1000;

	/** @type {FirstScreenState} */
	const state = { el: null, taps: [], done: false, startedAt: performance.now(), paintedAt: 0 };
	window.__kasirFirstScreen = state;
	if (location.pathname !== '/') return;

	/** @type {FirstScreen | null} */
	let snap = null;
	try {
		const text = localStorage.getItem(KEY);
		const v = text ? JSON.parse(text) : null;
		if (v && v.v === 1 && Array.isArray(v.tiles) && v.tiles.length > 0) snap = v;
	} catch {
		snap = null;
	}
	if (!snap) return;
	const s = snap;
	if (s.lang) document.documentElement.lang = s.lang;

	/**
	 * @param {string} tag
	 * @param {string} [cls]
	 * @param {string} [text]
	 * @returns {HTMLElement}
	 */
	function el(tag, cls, text) {
		const e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	const SVG = 'http://www.w3.org/2000/svg';

	const style = el('style');
	style.textContent = `
#${ID}{position:fixed;inset:0;z-index:50;display:grid;grid-template-rows:var(--topbar,52px) minmax(0,1fr) var(--nav,64px);grid-template-columns:minmax(0,1fr);background:var(--bg,#f1f5f9);color:var(--text,#0f172a)}
#${ID} .kfs-top{display:flex;align-items:center;gap:8px;padding:0 12px;background:var(--brand,#0f766e);color:#fff;min-width:0}
#${ID} .kfs-logo{display:grid;place-items:center;width:32px;height:32px;border-radius:8px;background:#fff;color:var(--brand,#0f766e);font-weight:800}
#${ID} .kfs-title{font-weight:700;font-size:1.1rem}
#${ID} .kfs-store{opacity:.9;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#${ID} .kfs-sell{display:grid;grid-template-columns:minmax(0,1fr) minmax(340px,34%);min-height:0}
#${ID} .kfs-catalog{display:grid;grid-template-rows:auto auto minmax(0,1fr);min-height:0;min-width:0}
#${ID} .kfs-search{padding:8px 12px 0}
#${ID} .kfs-search input{width:100%}
#${ID} .kfs-tabs{display:flex;gap:6px;overflow:hidden;padding:8px 12px}
#${ID} .kfs-tabs button{flex:none;border-radius:999px;font-weight:600;white-space:nowrap}
#${ID} .kfs-tabs button.on{background:var(--brand,#0f766e);border-color:var(--brand,#0f766e);color:#fff}
#${ID} .kfs-grid{position:relative;min-height:0;overflow:hidden}
#${ID} .kfs-tile{position:absolute;top:0;left:0;display:grid;grid-template-rows:minmax(0,1fr) auto auto;gap:4px;padding:6px;text-align:left;background:var(--surface,#fff);border:1px solid var(--line,#cbd5e1);border-radius:12px}
#${ID} .kfs-tile.off{opacity:.6}
#${ID} .kfs-tile[data-queued]{border-color:var(--brand,#0f766e);background:var(--brand-soft,#ccfbf1)}
#${ID} .kfs-photo{min-height:0;display:block}
#${ID} .kfs-photo img,#${ID} .kfs-ph{width:100%;height:100%;object-fit:cover;display:block;border-radius:8px;background:#e2e8f0}
#${ID} .kfs-ph{display:grid;place-items:center;color:#64748b;font-weight:700;font-size:1.4rem}
#${ID} .kfs-name{font-weight:600;font-size:.92rem;line-height:1.2;overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;line-clamp:2;-webkit-box-orient:vertical}
#${ID} .kfs-meta{display:flex;justify-content:space-between;align-items:center;gap:4px;font-size:.85rem}
#${ID} .kfs-price{white-space:nowrap;font-weight:700;color:var(--brand-dark,#115e59)}
#${ID} .kfs-sku{color:var(--muted,#475569);font-size:.75rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0}
#${ID} .kfs-count{position:absolute;top:4px;right:4px;min-width:24px;padding:2px 6px;border-radius:999px;background:var(--brand,#0f766e);color:#fff;font-weight:700;font-size:.8rem;text-align:center}
#${ID} .kfs-cart{background:var(--surface,#fff);border-left:1px solid var(--line,#cbd5e1);display:grid;place-items:center;color:var(--muted,#475569)}
#${ID} .kfs-nav{display:flex;background:var(--surface,#fff);border-top:1px solid var(--line,#cbd5e1)}
#${ID} .kfs-nav span{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:2px;color:var(--muted,#475569);font-size:.85rem;font-weight:600;min-width:0}
#${ID} .kfs-nav span.on{color:var(--brand,#0f766e);background:var(--brand-soft,#ccfbf1)}
#${ID} .kfs-nav svg{width:24px;height:24px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
@media (orientation:portrait),(max-width:760px){#${ID} .kfs-sell{grid-template-columns:1fr;grid-template-rows:minmax(0,55fr) minmax(0,45fr)}#${ID} .kfs-cart{border-left:0}}
@media (max-width:599px){#${ID} .kfs-sell{grid-template-rows:minmax(0,1fr)}#${ID} .kfs-cart{display:none}#${ID} .kfs-nav span{font-size:.72rem}}
`;

	const root = el('div');
	root.id = ID;
	root.dataset.testid = 'first-screen';
	root.setAttribute('aria-busy', 'true');

	const top = el('header', 'kfs-top');
	const logo = el('span', 'kfs-logo', 'K');
	logo.setAttribute('aria-hidden', 'true');
	top.append(logo, el('span', 'kfs-title', s.labels.app));
	if (s.labels.store) top.append(el('span', 'kfs-store', s.labels.store));

	const sell = el('div', 'kfs-sell');
	const catalog = el('section', 'kfs-catalog');
	catalog.setAttribute('aria-label', s.labels.products);
	const search = el('div', 'kfs-search');
	const input = document.createElement('input');
	input.type = 'search';
	input.placeholder = s.labels.search;
	input.readOnly = true;
	input.setAttribute('aria-label', s.labels.search);
	search.append(input);
	const tabs = el('div', 'kfs-tabs');
	tabs.setAttribute('aria-label', s.labels.categories);
	const all = el('button', 'on', s.labels.all);
	all.tabIndex = -1;
	tabs.append(all);
	for (const c of s.categories) {
		const b = el('button', '', c.name);
		b.tabIndex = -1;
		tabs.append(b);
	}
	const grid = el('div', 'kfs-grid');
	grid.dataset.testid = 'first-screen-grid';
	grid.dataset.count = String(s.tiles.length);
	grid.setAttribute('role', 'region');
	grid.setAttribute('aria-label', s.labels.products);
	catalog.append(search, tabs, grid);
	const cart = el('div', 'kfs-cart', s.labels.loading);
	cart.setAttribute('role', 'status');
	sell.append(catalog, cart);

	const nav = el('nav', 'kfs-nav');
	nav.setAttribute('aria-label', s.labels.nav);
	for (const item of s.nav) {
		const span = el('span', item.current ? 'on' : '');
		if (item.icon) {
			const svg = document.createElementNS(SVG, 'svg');
			svg.setAttribute('viewBox', '0 0 24 24');
			svg.setAttribute('aria-hidden', 'true');
			const path = document.createElementNS(SVG, 'path');
			path.setAttribute('d', item.icon);
			svg.append(path);
			span.append(svg);
		}
		span.append(el('span', '', item.label));
		nav.append(span);
	}
	root.append(style, top, sell, nav);
	document.body.append(root);
	state.el = root;

	/** @param {HTMLElement} tile @param {string} id */
	function tap(tile, id) {
		if (state.done) return;
		state.taps.push(id);
		const n = state.taps.filter((t) => t === id).length;
		tile.dataset.queued = String(n);
		let badge = tile.querySelector('.kfs-count');
		if (!badge) {
			badge = el('span', 'kfs-count');
			tile.append(badge);
		}
		badge.textContent = `×${n}`;
	}

	// The tiles go where the live grid will put them: its width decides the columns (one layout read, once the CSS applies).
	const width = grid.clientWidth;
	const height = grid.clientHeight;
	const cols = Math.max(2, Math.floor((width - GAP) / (MIN_TILE + GAP)));
	const tileW = Math.floor((width - GAP * (cols + 1)) / cols);
	const rows = Math.max(1, Math.ceil(height / ROW_H));
	const shown = s.tiles.slice(0, cols * rows);
	/** @type {[HTMLImageElement, string][]} */
	const photos = [];
	shown.forEach((p, i) => {
		const b = el('button', p.available ? 'kfs-tile' : 'kfs-tile off');
		if (!(b instanceof HTMLButtonElement)) return;
		b.type = 'button';
		b.dataset.sku = p.sku;
		b.dataset.productId = p.id;
		b.disabled = !p.available;
		b.style.transform = `translate(${GAP + (i % cols) * (tileW + GAP)}px, ${Math.floor(i / cols) * ROW_H + GAP}px)`;
		b.style.width = `${tileW}px`;
		b.style.height = `${ROW_H - GAP}px`;
		const photo = el('span', 'kfs-photo');
		const img = document.createElement('img');
		photos.push([img, `/photos/${encodeURIComponent(p.id)}`]);
		img.alt = '';
		img.decoding = 'async';
		img.onerror = () => {
			const ph = el(
				'div',
				'kfs-ph',
				p.name
					.split(/\s+/)
					.slice(0, 2)
					.map((w) => w[0] ?? '')
					.join('')
					.toUpperCase()
			);
			ph.setAttribute('aria-hidden', 'true');
			img.replaceWith(ph);
		};
		photo.append(img);
		const meta = el('span', 'kfs-meta');
		meta.append(el('span', 'kfs-price', p.price));
		meta.append(
			p.available ? el('span', 'kfs-sku', p.sku) : el('span', 'badge danger', s.labels.unavailable)
		);
		b.append(photo, el('span', 'kfs-name', p.name), meta);
		b.addEventListener('click', () => tap(b, p.id));
		grid.append(b);
	});
	state.paintedAt = performance.now();
	// The photos wait: asked for at once (or at the load event) they competed with the app's own files for the service worker
	// and held the live screen back by ~200 ms. A start that takes over within a second of the load event never asks for
	// them here (the live tiles load the same URLs); a slower one shows them.
	addEventListener(
		'load',
		() =>
			setTimeout(() => {
				if (!state.done) for (const [img, src] of photos) img.src = src;
			}, PHOTO_DELAY_MS),
		{ once: true }
	);
})();

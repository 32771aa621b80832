// The fallback page's stylesheets move before its module preloads (the cold start's first frame waits for the stylesheets).
import { describe, expect, it } from 'vitest';
import { stylesFirst } from './hooks.server';

const page = `<head>
		<title>Kasir</title>
		<link href="/_app/immutable/entry/start.js" rel="modulepreload">
		<link href="/_app/immutable/chunks/a.js" rel="modulepreload">
		
		<link href="/_app/immutable/assets/Dialog.css" rel="stylesheet">
		<link href="/_app/immutable/assets/0.css" rel="stylesheet">
	</head>`;

describe('stylesFirst', () => {
	it('puts every stylesheet link before the first module preload, in order, and keeps every link once', () => {
		const out = stylesFirst(page);
		const links = [...out.matchAll(/<link href="([^"]+)" rel="(\w+)">/g)].map((m) => `${m[2]} ${m[1]}`);
		expect(links).toEqual([
			'stylesheet /_app/immutable/assets/Dialog.css',
			'stylesheet /_app/immutable/assets/0.css',
			'modulepreload /_app/immutable/entry/start.js',
			'modulepreload /_app/immutable/chunks/a.js'
		]);
		expect(out).toContain('<title>Kasir</title>');
	});

	it('leaves a page without stylesheets or without preloads as it is', () => {
		const noSheets = page.replace(/\s*<link[^>]+rel="stylesheet">/g, '');
		expect(stylesFirst(noSheets)).toBe(noSheets);
		const noPreloads = page.replace(/\s*<link[^>]+rel="modulepreload">/g, '');
		expect(stylesFirst(noPreloads)).toBe(noPreloads);
	});
});

// Why: settings-page actions that are not the worker's: language, and leaving manager mode.
import { setSetting } from '$lib/settings/store';
import { i18n, type Language } from '$lib/i18n/i18n.svelte';
import { app } from '$lib/managers/app.svelte';
import { handleError } from './error.service';

export function setLanguage(lang: Language): void {
	void i18n.use(lang);
	setSetting('language', lang).catch((e: unknown) => handleError(e, 'save language'));
}

export function lockManager(): void {
	app.managerUnlocked = false;
}

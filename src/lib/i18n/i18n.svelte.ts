// Why: the current language as reactive state, so every label re-renders when the cashier switches Indonesian/English.
import { loadLanguage, translate, type Language, type MessageKey, type Params } from './dictionary';

class I18nManager {
	/** Set through `use` (which loads the language's table first), so no label ever shows a key. */
	lang = $state<Language>('id');

	t = (key: MessageKey, params?: Params): string => translate(this.lang, key, params);

	/** Loads the language's dictionary (English is a chunk of its own), then switches to it; stays put if it cannot load. */
	async use(lang: Language): Promise<void> {
		try {
			await loadLanguage(lang);
			this.lang = lang;
		} catch (e) {
			console.warn(`[kasir] language ${lang} could not be loaded`, e);
		}
	}

	/** The locale Intl uses for dates and numbers. */
	get locale(): string {
		return this.lang === 'en' ? 'en-GB' : 'id-ID';
	}
}

export const i18n = new I18nManager();
export const t = (key: MessageKey, params?: Params): string => i18n.t(key, params);
export type { Language, MessageKey, Params };

// Why: the current language as reactive state, so every label re-renders when the cashier switches Indonesian/English.
import { translate, type Language, type MessageKey, type Params } from './dictionary';

class I18nManager {
	lang = $state<Language>('id');

	t = (key: MessageKey, params?: Params): string => translate(this.lang, key, params);

	/** The locale Intl uses for dates and numbers. */
	get locale(): string {
		return this.lang === 'en' ? 'en-GB' : 'id-ID';
	}
}

export const i18n = new I18nManager();
export const t = (key: MessageKey, params?: Params): string => i18n.t(key, params);
export type { Language, MessageKey, Params };

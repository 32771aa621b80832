// Why: labels and dates that depend on the current language, shared by the conflicts, messages and statistics screens.
import { i18n, t } from './i18n.svelte';
import { isMessageKey } from './dictionary';

/** A field's label ("price" → "Harga"), falling back to the raw name. */
export function fieldLabel(field: string): string {
	const key = `field.${field}`;
	return isMessageKey(key) ? t(key) : field;
}

export function formatWhen(iso: string | null | undefined): string {
	if (!iso) return t('st.never');
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

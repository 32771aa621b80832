// Why: a config event is data (rates, footer, intervals); the cashier reads what changed as sentences ("Pajak diubah menjadi 11%").
import type { MessageDoc } from '$lib/db';
import { t } from '$lib/i18n/i18n.svelte';

const num = (n: unknown) =>
	typeof n === 'number' ? new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }).format(n) : String(n);
const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The new config and the one it replaced (worker stores `{config, previous}`; older messages hold the config itself). */
export function configChange(data: Record<string, unknown> | null): {
	config: Record<string, unknown>;
	previous: Record<string, unknown> | null;
} {
	if (data && isRecord(data.config))
		return { config: data.config, previous: isRecord(data.previous) ? data.previous : null };
	return { config: data ?? {}, previous: null };
}

/** One sentence per setting that changed (every setting present when the previous config is unknown). */
export function describeConfig(data: Record<string, unknown> | null): string[] {
	const { config, previous } = configChange(data);
	const changed = (k: string) =>
		k in config && (!previous || JSON.stringify(previous[k]) !== JSON.stringify(config[k]));
	const out: string[] = [];
	if (changed('tax_rate')) out.push(t('msg.tax', { rate: num(config.tax_rate) }));
	if (changed('service_rate')) out.push(t('msg.service', { rate: num(config.service_rate) }));
	if (changed('receipt_footer')) out.push(t('msg.footer', { text: String(config.receipt_footer ?? '') }));
	if (changed('rounding')) out.push(t('msg.rounding', { n: num(config.rounding) }));
	if (changed('sync_intervals')) out.push(t('msg.intervals'));
	return out.length ? out : [t('msg.config')];
}

/** Title and body as the banner and the list show them. */
export function messageText(m: Pick<MessageDoc, 'kind' | 'title' | 'message' | 'data'>): {
	title: string;
	body: string;
} {
	if (m.kind === 'config') return { title: t('msg.config'), body: describeConfig(m.data).join(' · ') };
	return { title: m.title, body: m.message };
}

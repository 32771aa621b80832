// Why: a manager must see what collided and what each strategy would do before choosing; this is that preview, pure.
import { formatIdr } from './money';
import { err, ok, type Result } from './result';
import { toEpochMs } from './time';

import { CONFLICT_STRATEGIES, type ConflictStrategy } from '../contract/values';

export { CONFLICT_STRATEGIES, type ConflictStrategy };
export type ConflictSide = 'cloud' | 'local';

/** A field-level conflict as `sync.conflict` carries it (seed 004). */
export type FieldConflict = {
	field: string;
	cloud_value: unknown;
	cloud_version: number;
	cloud_updated_at: string;
	local_value: unknown;
	local_version: number;
	local_updated_at: string;
};

export type StrategyOutcome = { side: ConflictSide; value: unknown; version: number; updated_at: string };

/**
 * Which side changed last: the later updated_at; on equal or unreadable times the higher version;
 * on a full tie the cloud (the head office's value is the standard).
 */
export function newestSide(c: FieldConflict): ConflictSide {
	const cloud = toEpochMs(c.cloud_updated_at);
	const local = toEpochMs(c.local_updated_at);
	if (Number.isFinite(cloud) && Number.isFinite(local) && cloud !== local)
		return local > cloud ? 'local' : 'cloud';
	if (Number.isFinite(local) && !Number.isFinite(cloud)) return 'local';
	if (Number.isFinite(cloud) && !Number.isFinite(local)) return 'cloud';
	return c.local_version > c.cloud_version ? 'local' : 'cloud';
}

function outcome(c: FieldConflict, side: ConflictSide): StrategyOutcome {
	return side === 'cloud'
		? { side, value: c.cloud_value, version: c.cloud_version, updated_at: c.cloud_updated_at }
		: { side, value: c.local_value, version: c.local_version, updated_at: c.local_updated_at };
}

export function applyStrategy(c: FieldConflict, strategy: ConflictStrategy): StrategyOutcome {
	if (strategy === 'cloud_wins') return outcome(c, 'cloud');
	if (strategy === 'local_wins') return outcome(c, 'local');
	return outcome(c, newestSide(c));
}

/** What each strategy would apply, for the comparison table. */
export function previewStrategies(c: FieldConflict): Record<ConflictStrategy, StrategyOutcome> {
	return {
		cloud_wins: applyStrategy(c, 'cloud_wins'),
		local_wins: applyStrategy(c, 'local_wins'),
		newest_wins: applyStrategy(c, 'newest_wins')
	};
}

export type PolicyChoice = 'ask' | ConflictStrategy;
/** Per outlet: which fields a strategy may resolve on its own; any field not listed asks. */
export type ConflictPolicy = Readonly<Record<string, PolicyChoice>>;

/** Price always asks (money decisions belong to a manager); stock follows whoever counted last. */
export const DEFAULT_CONFLICT_POLICY: ConflictPolicy = { price: 'ask', stock: 'newest_wins' };

/** The strategy to apply without asking, or null when a manager must decide. */
export function autoStrategyFor(
	c: Pick<FieldConflict, 'field'>,
	policy: ConflictPolicy = DEFAULT_CONFLICT_POLICY
): ConflictStrategy | null {
	const choice = Object.hasOwn(policy, c.field)
		? policy[c.field]
		: Object.hasOwn(DEFAULT_CONFLICT_POLICY, c.field)
			? DEFAULT_CONFLICT_POLICY[c.field]
			: undefined;
	return CONFLICT_STRATEGIES.find((s) => s === choice) ?? null;
}

export type PolicyError = { code: 'invalid_policy'; field: string; value: unknown };

/** Checks a stored or edited policy; unknown choices are errors, not silently "ask". */
export function validatePolicy(raw: unknown): Result<ConflictPolicy, PolicyError> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
		return err({ code: 'invalid_policy', field: '', value: raw });
	const out: Record<string, PolicyChoice> = {};
	const entries: [string, unknown][] = Object.entries(raw);
	for (const [field, value] of entries) {
		if (value !== 'ask' && !CONFLICT_STRATEGIES.includes(value as ConflictStrategy))
			return err({ code: 'invalid_policy', field, value });
		out[field] = value as PolicyChoice;
	}
	return ok(out);
}

/** Fields whose values are rupiah and print as money. */
export const MONEY_FIELDS: ReadonlySet<string> = new Set([
	'price',
	'cost',
	'total_amount',
	'amount',
	'subtotal',
	'cash_amount',
	'change_amount'
]);

export function formatFieldValue(field: string, value: unknown, locale = 'id-ID'): string {
	if (value === null || value === undefined) return '—';
	if (typeof value === 'number') {
		if (MONEY_FIELDS.has(field) && Number.isSafeInteger(value)) return formatIdr(value, locale);
		return new Intl.NumberFormat(locale).format(value);
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? '✓' : '✗';
	return JSON.stringify(value);
}

export type FieldChangeDescription = {
	field: string;
	cloud: string;
	local: string;
	/** local minus cloud for numbers (the outlet's price is Rp 2.000 lower: -2000), else null. */
	difference: number | null;
	/** "Rp 40.000 → Rp 38.000": cloud first, as the conflicts screen reads left to right. */
	summary: string;
};

export function describeFieldChange(c: FieldConflict, locale = 'id-ID'): FieldChangeDescription {
	const cloud = formatFieldValue(c.field, c.cloud_value, locale);
	const local = formatFieldValue(c.field, c.local_value, locale);
	const difference =
		typeof c.cloud_value === 'number' && typeof c.local_value === 'number'
			? c.local_value - c.cloud_value
			: null;
	return { field: c.field, cloud, local, difference, summary: `${cloud} → ${local}` };
}

// Why: subtotal, service charge, PB1 tax and cash rounding in one place, so till, receipt and cloud agree to the rupiah.
import { cartSubtotal, type CartLine } from './cart';
import { percentOf, type Rupiah } from './money';
import { err, ok, type Result } from './result';

/** The cash rounding an outlet chooses for the grand total. */
export type RoundingUnit = 'none' | 100 | 500 | 1000;
/** nearest = half-up (Rp 250 -> 500 at Rp 500); down favours the guest; up is rare but exists. */
export type RoundingMode = 'nearest' | 'down' | 'up';

export type ChargeSettings = {
	/** PB1 restaurant tax, in percent (10 = 10 %). */
	tax_rate: number;
	/** Service charge, in percent. */
	service_rate: number;
	rounding: RoundingUnit;
	rounding_mode?: RoundingMode;
};

export type Totals = {
	subtotal: Rupiah;
	service_charge: Rupiah;
	tax: Rupiah;
	/** subtotal + service + tax, before rounding. */
	total_before_rounding: Rupiah;
	/** What rounding added (positive) or took off (negative). */
	rounding: Rupiah;
	/** What the guest pays: the order's total_amount. */
	total: Rupiah;
};

export const defaultChargeSettings: ChargeSettings = { tax_rate: 10, service_rate: 5, rounding: 'none' };

export type ChargeSettingsError = {
	code: 'invalid_tax_rate' | 'invalid_service_rate' | 'invalid_rounding';
	value: unknown;
};

const ROUNDINGS: readonly unknown[] = ['none', 100, 500, 1000];

function validRate(v: unknown): v is number {
	return (
		typeof v === 'number' &&
		Number.isFinite(v) &&
		v >= 0 &&
		v <= 100 &&
		Math.abs(v * 100 - Math.round(v * 100)) < 1e-6
	);
}

/**
 * Checks settings that arrive from HO config events or the settings screen: rates are percents
 * between 0 and 100 with at most two decimals; rounding one of none/100/500/1000.
 */
export function validateChargeSettings(raw: {
	tax_rate?: unknown;
	service_rate?: unknown;
	rounding?: unknown;
	rounding_mode?: unknown;
}): Result<ChargeSettings, ChargeSettingsError> {
	const tax = raw.tax_rate ?? defaultChargeSettings.tax_rate;
	const service = raw.service_rate ?? defaultChargeSettings.service_rate;
	const rounding = raw.rounding ?? 'none';
	const mode = raw.rounding_mode ?? 'nearest';
	if (!validRate(tax)) return err({ code: 'invalid_tax_rate', value: raw.tax_rate });
	if (!validRate(service)) return err({ code: 'invalid_service_rate', value: raw.service_rate });
	if (!ROUNDINGS.includes(rounding)) return err({ code: 'invalid_rounding', value: raw.rounding });
	if (mode !== 'nearest' && mode !== 'down' && mode !== 'up')
		return err({ code: 'invalid_rounding', value: mode });
	return ok({
		tax_rate: tax,
		service_rate: service,
		rounding: rounding as RoundingUnit,
		rounding_mode: mode
	});
}

/** Rounds a non-negative amount to the unit (half-up for nearest). */
export function roundToUnit(amount: Rupiah, unit: RoundingUnit, mode: RoundingMode = 'nearest'): Rupiah {
	if (unit === 'none') return amount;
	const below = Math.floor(amount / unit) * unit;
	if (below === amount) return amount;
	if (mode === 'down') return below;
	if (mode === 'up') return below + unit;
	return amount - below >= unit / 2 ? below + unit : below;
}

/**
 * The usual Indonesian order: service charge on the subtotal, then PB1 tax on subtotal + service
 * (the service charge is part of the taxable base), each rounded half-up to a whole rupiah, then
 * the grand total rounded to the outlet's cash unit. Throws RangeError on settings that
 * validateChargeSettings would reject: those are configuration errors, not cashier input.
 */
export function computeTotals(lines: readonly CartLine[], settings: ChargeSettings): Totals {
	return computeTotalsFromSubtotal(cartSubtotal(lines), settings);
}

export function computeTotalsFromSubtotal(subtotal: Rupiah, settings: ChargeSettings): Totals {
	const checked = validateChargeSettings(settings);
	if (!checked.ok) throw new RangeError(`${checked.error.code}: ${String(checked.error.value)}`);
	if (!Number.isSafeInteger(subtotal) || subtotal < 0)
		throw new RangeError(`subtotal must be whole rupiah >= 0`);
	const s = checked.value;
	const service_charge = percentOf(subtotal, s.service_rate);
	const tax = percentOf(subtotal + service_charge, s.tax_rate);
	const total_before_rounding = subtotal + service_charge + tax;
	const total = roundToUnit(total_before_rounding, s.rounding, s.rounding_mode);
	return {
		subtotal,
		service_charge,
		tax,
		total_before_rounding,
		rounding: total - total_before_rounding,
		total
	};
}

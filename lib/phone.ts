import type { INodeProperties } from 'n8n-workflow';

/**
 * E.164 normalisation without a runtime dependency (verified community nodes may not ship one).
 * It covers what a telephony webhook carries: international numbers (+ or 00), national numbers of a chosen
 * default country, numbers that already carry that country's code but lost their "+" (an unencoded "+" in a
 * query string arrives as a space), and leaves extensions, user ids and SIP URIs alone (e164 null).
 * The rule, per country, is written down in docs/phone-numbers.md.
 */

/** Lengths of a national significant number (the digits after the country code) starting with these digits. */
export interface NumberShape {
	/** Digits a national significant number of this shape may start with. */
	first: string;
	min: number;
	max: number;
}

export interface DiallingPlan {
	name: string;
	/** Country calling code, digits only. */
	code: string;
	/** National trunk prefix dialled before a national number ('' where numbers are dialled as they are). */
	trunk: string;
	/** The national significant numbers of the country (at least 6 digits: shorter is an extension). */
	shapes: NumberShape[];
}

const ANY_FIRST = '123456789';
const lengths = (min: number, max = min): NumberShape[] => [{ first: ANY_FIRST, min, max }];
const plan = (name: string, code: string, trunk: string, shapes: NumberShape[]): DiallingPlan => ({ name, code, trunk, shapes });

/**
 * Each country's code, trunk prefix and national number lengths (ITU-T E.164 national plans, as
 * libphonenumber lists the possible lengths; service numbers shorter than 6 digits are left out). Italy and
 * Luxembourg need the leading digit too: their lengths overlap with "code + number" otherwise.
 */
const PLANS: Array<[string, DiallingPlan]> = [
	['AE', plan('United Arab Emirates', '971', '0', lengths(8, 9))],
	['AR', plan('Argentina', '54', '0', lengths(10, 11))],
	['AT', plan('Austria', '43', '0', lengths(6, 13))],
	['AU', plan('Australia', '61', '0', lengths(6, 10))],
	['BE', plan('Belgium', '32', '0', lengths(8, 9))],
	['BG', plan('Bulgaria', '359', '0', lengths(6, 9))],
	['BR', plan('Brazil', '55', '0', lengths(10, 11))],
	['CA', plan('Canada', '1', '1', lengths(10))],
	['CH', plan('Switzerland', '41', '0', lengths(9))],
	['CL', plan('Chile', '56', '', lengths(9))],
	['CN', plan('China', '86', '0', lengths(7, 12))],
	['CO', plan('Colombia', '57', '', lengths(10))],
	['CY', plan('Cyprus', '357', '', lengths(8))],
	['CZ', plan('Czechia', '420', '', lengths(9))],
	['DE', plan('Germany', '49', '0', lengths(6, 13))],
	['DK', plan('Denmark', '45', '', lengths(8))],
	['EE', plan('Estonia', '372', '', lengths(7, 8))],
	['EG', plan('Egypt', '20', '0', lengths(8, 10))],
	['ES', plan('Spain', '34', '', lengths(9))],
	['FI', plan('Finland', '358', '0', lengths(6, 12))],
	['FR', plan('France', '33', '0', lengths(9))],
	['GB', plan('United Kingdom', '44', '0', lengths(9, 10))],
	['GR', plan('Greece', '30', '', lengths(10))],
	['HK', plan('Hong Kong', '852', '', lengths(8))],
	['HR', plan('Croatia', '385', '0', lengths(6, 9))],
	['HU', plan('Hungary', '36', '06', lengths(8, 9))],
	['ID', plan('Indonesia', '62', '0', lengths(7, 12))],
	['IE', plan('Ireland', '353', '0', lengths(7, 9))],
	['IL', plan('Israel', '972', '0', lengths(8, 9))],
	['IN', plan('India', '91', '0', lengths(10))],
	['IS', plan('Iceland', '354', '', lengths(7, 9))],
	// Fixed lines keep their leading 0 in international form (+39 06 …); mobiles start with 3; others are services.
	['IT', plan('Italy', '39', '', [{ first: '0', min: 6, max: 11 }, { first: '3', min: 9, max: 10 }, { first: '4578', min: 6, max: 11 }])],
	['JP', plan('Japan', '81', '0', lengths(9, 10))],
	['KR', plan('South Korea', '82', '0', lengths(8, 10))],
	['LT', plan('Lithuania', '370', '0', lengths(8))],
	['LU', plan('Luxembourg', '352', '', [{ first: '2456789', min: 6, max: 11 }])],
	['LV', plan('Latvia', '371', '', lengths(8))],
	['MA', plan('Morocco', '212', '0', lengths(9))],
	['MT', plan('Malta', '356', '', lengths(8))],
	['MX', plan('Mexico', '52', '', lengths(10))],
	['MY', plan('Malaysia', '60', '0', lengths(8, 10))],
	['NG', plan('Nigeria', '234', '0', lengths(8, 10))],
	['NL', plan('Netherlands', '31', '0', lengths(9))],
	['NO', plan('Norway', '47', '', lengths(8))],
	['NZ', plan('New Zealand', '64', '0', lengths(8, 10))],
	['PH', plan('Philippines', '63', '0', lengths(8, 10))],
	['PK', plan('Pakistan', '92', '0', lengths(9, 10))],
	['PL', plan('Poland', '48', '', lengths(9))],
	['PT', plan('Portugal', '351', '', lengths(9))],
	['RO', plan('Romania', '40', '0', lengths(9))],
	['RS', plan('Serbia', '381', '0', lengths(6, 9))],
	['RU', plan('Russia', '7', '8', lengths(10))],
	['SA', plan('Saudi Arabia', '966', '0', lengths(8, 9))],
	['SE', plan('Sweden', '46', '0', lengths(7, 9))],
	['SG', plan('Singapore', '65', '', lengths(8))],
	['SI', plan('Slovenia', '386', '0', lengths(8))],
	['SK', plan('Slovakia', '421', '0', lengths(9))],
	['TH', plan('Thailand', '66', '0', lengths(8, 9))],
	['TR', plan('Turkey', '90', '0', lengths(10))],
	['TW', plan('Taiwan', '886', '0', lengths(8, 9))],
	['UA', plan('Ukraine', '380', '0', lengths(9))],
	['US', plan('United States', '1', '1', lengths(10))],
	['VN', plan('Vietnam', '84', '0', lengths(9, 10))],
	['ZA', plan('South Africa', '27', '0', lengths(9))],
];

/** Looked up through a Map, so no default country (`constructor`, `__proto__`) can reach Object's prototype. */
export const DIALLING_PLANS: ReadonlyMap<string, DiallingPlan> = new Map(PLANS);

/** Options for a "Default Country" parameter, sorted by name, plus "None". */
export const DEFAULT_COUNTRY_OPTIONS = [
	{ name: 'None (International Numbers Only)', value: '' },
	...PLANS.map(([iso, c]) => ({ name: `${c.name} (+${c.code})`, value: iso })).sort((a, b) => a.name.localeCompare(b.name)),
];

const DIALLABLE = /^\+?[\d\s\-()./]+$/;
const MIN_E164_DIGITS = 8;
const MAX_E164_DIGITS = 15;
/** Longer than this is no phone number in any notation (15 digits and generous punctuation). */
const MAX_NUMBER_LENGTH = 64;

function e164IfPlausible(digits: string): string | null {
	return digits.length >= MIN_E164_DIGITS && digits.length <= MAX_E164_DIGITS && digits[0] !== '0'
		? `+${digits}`
		: null;
}

/** Whether digits are a national significant number of the plan (one of its shapes). */
export function isNationalNumber(country: DiallingPlan, digits: string): boolean {
	return country.shapes.some(
		(shape) => digits.length >= shape.min && digits.length <= shape.max && shape.first.includes(digits[0]),
	);
}

/**
 * Digits without "+" or "00" in the default country: see docs/phone-numbers.md for the rule.
 * 1. With the trunk prefix: a national number (the prefix is dropped).
 * 2. Otherwise it may already carry the country code (its "+" lost): code + a national number.
 * 3. Or it is a national number written without a prefix.
 * Where both 2 and 3 fit, a country with a trunk prefix takes 2 (its national numbers are written with the
 * prefix) and a country without one takes 3 (its national numbers are written exactly so).
 */
function nationalToE164(digits: string, country: DiallingPlan): string | null {
	if (country.trunk !== '' && digits.startsWith(country.trunk)) {
		const national = digits.slice(country.trunk.length);
		return isNationalNumber(country, national) ? e164IfPlausible(country.code + national) : null;
	}
	const hasCode = digits.startsWith(country.code) && isNationalNumber(country, digits.slice(country.code.length));
	const isNational = isNationalNumber(country, digits);
	if (hasCode && (country.trunk !== '' || !isNational)) return e164IfPlausible(digits);
	return isNational ? e164IfPlausible(country.code + digits) : null;
}

/**
 * The number in E.164 (`+46701234567`), or null when it is not a phone number (a user id, an extension,
 * a SIP URI) or is national and no default country is known. Idempotent: an E.164 number stays as it is.
 */
export function toE164(raw: unknown, defaultCountry: unknown = ''): string | null {
	if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0)) return null;
	const text = String(raw).trim();
	const number = text.slice(0, 4).toLowerCase() === 'tel:' ? text.slice(4) : text;
	if (number === '' || number.length > MAX_NUMBER_LENGTH || !DIALLABLE.test(number)) return null;
	const digits = number.replace(/\D/g, '');
	if (number.startsWith('+')) return e164IfPlausible(digits);

	const country = typeof defaultCountry === 'string' ? DIALLING_PLANS.get(defaultCountry.toUpperCase()) : undefined;
	if (country?.code === '1') {
		// North American numbering plan: 10 digits, optionally behind the trunk 1 or the exit code 011.
		if (digits.startsWith('011')) return e164IfPlausible(digits.slice(3));
		if (digits.length === 10) return e164IfPlausible(`1${digits}`);
		if (digits.length === 11 && digits.startsWith('1')) return e164IfPlausible(digits);
		return null;
	}
	if (digits.startsWith('00')) return e164IfPlausible(digits.slice(2));
	return country ? nationalToE164(digits, country) : null;
}

/**
 * The "Default Country" parameter every trigger shows: the country of national numbers when they are turned
 * into E.164 in `normalized` (Sweden for M8Com and Wildix customers, the United States for CTM and AutoID).
 */
export function defaultCountryProperty(defaultCountry: string): INodeProperties {
	return {
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'options',
		options: DEFAULT_COUNTRY_OPTIONS,
		default: defaultCountry,
		description: 'Country of national numbers (without +country code) when they are normalized to E.164 in "normalized"',
	};
}

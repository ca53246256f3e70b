import type { INodeProperties } from 'n8n-workflow';

/**
 * E.164 normalisation without a runtime dependency (verified community nodes may not ship one).
 * It covers what a telephony webhook carries: international numbers (+ or 00), national numbers of a chosen
 * default country (trunk prefix removed), and leaves extensions, user ids and SIP URIs alone (e164 null).
 */

interface CountryDialling {
	name: string;
	/** Country calling code, digits only. */
	code: string;
	/** National trunk prefix dropped before adding the country code ('' where numbers are dialled as is). */
	trunk: string;
}

const COUNTRIES: Record<string, CountryDialling> = {
	AE: { name: 'United Arab Emirates', code: '971', trunk: '0' },
	AR: { name: 'Argentina', code: '54', trunk: '0' },
	AT: { name: 'Austria', code: '43', trunk: '0' },
	AU: { name: 'Australia', code: '61', trunk: '0' },
	BE: { name: 'Belgium', code: '32', trunk: '0' },
	BG: { name: 'Bulgaria', code: '359', trunk: '0' },
	BR: { name: 'Brazil', code: '55', trunk: '0' },
	CA: { name: 'Canada', code: '1', trunk: '1' },
	CH: { name: 'Switzerland', code: '41', trunk: '0' },
	CL: { name: 'Chile', code: '56', trunk: '' },
	CN: { name: 'China', code: '86', trunk: '0' },
	CO: { name: 'Colombia', code: '57', trunk: '' },
	CY: { name: 'Cyprus', code: '357', trunk: '' },
	CZ: { name: 'Czechia', code: '420', trunk: '' },
	DE: { name: 'Germany', code: '49', trunk: '0' },
	DK: { name: 'Denmark', code: '45', trunk: '' },
	EE: { name: 'Estonia', code: '372', trunk: '' },
	EG: { name: 'Egypt', code: '20', trunk: '0' },
	ES: { name: 'Spain', code: '34', trunk: '' },
	FI: { name: 'Finland', code: '358', trunk: '0' },
	FR: { name: 'France', code: '33', trunk: '0' },
	GB: { name: 'United Kingdom', code: '44', trunk: '0' },
	GR: { name: 'Greece', code: '30', trunk: '' },
	HK: { name: 'Hong Kong', code: '852', trunk: '' },
	HR: { name: 'Croatia', code: '385', trunk: '0' },
	HU: { name: 'Hungary', code: '36', trunk: '06' },
	ID: { name: 'Indonesia', code: '62', trunk: '0' },
	IE: { name: 'Ireland', code: '353', trunk: '0' },
	IL: { name: 'Israel', code: '972', trunk: '0' },
	IN: { name: 'India', code: '91', trunk: '0' },
	IS: { name: 'Iceland', code: '354', trunk: '' },
	IT: { name: 'Italy', code: '39', trunk: '' },
	JP: { name: 'Japan', code: '81', trunk: '0' },
	KR: { name: 'South Korea', code: '82', trunk: '0' },
	LT: { name: 'Lithuania', code: '370', trunk: '0' },
	LU: { name: 'Luxembourg', code: '352', trunk: '' },
	LV: { name: 'Latvia', code: '371', trunk: '' },
	MA: { name: 'Morocco', code: '212', trunk: '0' },
	MT: { name: 'Malta', code: '356', trunk: '' },
	MX: { name: 'Mexico', code: '52', trunk: '' },
	MY: { name: 'Malaysia', code: '60', trunk: '0' },
	NG: { name: 'Nigeria', code: '234', trunk: '0' },
	NL: { name: 'Netherlands', code: '31', trunk: '0' },
	NO: { name: 'Norway', code: '47', trunk: '' },
	NZ: { name: 'New Zealand', code: '64', trunk: '0' },
	PH: { name: 'Philippines', code: '63', trunk: '0' },
	PK: { name: 'Pakistan', code: '92', trunk: '0' },
	PL: { name: 'Poland', code: '48', trunk: '' },
	PT: { name: 'Portugal', code: '351', trunk: '' },
	RO: { name: 'Romania', code: '40', trunk: '0' },
	RS: { name: 'Serbia', code: '381', trunk: '0' },
	RU: { name: 'Russia', code: '7', trunk: '8' },
	SA: { name: 'Saudi Arabia', code: '966', trunk: '0' },
	SE: { name: 'Sweden', code: '46', trunk: '0' },
	SG: { name: 'Singapore', code: '65', trunk: '' },
	SI: { name: 'Slovenia', code: '386', trunk: '0' },
	SK: { name: 'Slovakia', code: '421', trunk: '0' },
	TH: { name: 'Thailand', code: '66', trunk: '0' },
	TR: { name: 'Turkey', code: '90', trunk: '0' },
	TW: { name: 'Taiwan', code: '886', trunk: '0' },
	UA: { name: 'Ukraine', code: '380', trunk: '0' },
	US: { name: 'United States', code: '1', trunk: '1' },
	VN: { name: 'Vietnam', code: '84', trunk: '0' },
	ZA: { name: 'South Africa', code: '27', trunk: '0' },
};

/** Options for a "Default Country" parameter, sorted by name, plus "None". */
export const DEFAULT_COUNTRY_OPTIONS = [
	{ name: 'None (International Numbers Only)', value: '' },
	...Object.entries(COUNTRIES)
		.map(([iso, c]) => ({ name: `${c.name} (+${c.code})`, value: iso }))
		.sort((a, b) => a.name.localeCompare(b.name)),
];

const DIALLABLE = /^\+?[\d\s\-()./]+$/;
const MIN_E164_DIGITS = 8;
const MAX_E164_DIGITS = 15;
/** Shorter than this (national part) is an extension or a short code, not a phone number. */
const MIN_NATIONAL_DIGITS = 6;

function e164IfPlausible(digits: string): string | null {
	return digits.length >= MIN_E164_DIGITS && digits.length <= MAX_E164_DIGITS && digits[0] !== '0'
		? `+${digits}`
		: null;
}

/**
 * The number in E.164 (`+46701234567`), or null when it is not a phone number (a user id, an extension,
 * a SIP URI) or is national and no default country is known.
 */
export function toE164(raw: unknown, defaultCountry = ''): string | null {
	if (typeof raw !== 'string' && typeof raw !== 'number') return null;
	const text = String(raw).trim().replace(/^tel:/i, '');
	if (text === '' || !DIALLABLE.test(text)) return null;
	const digits = text.replace(/\D/g, '');
	if (text.startsWith('+')) return e164IfPlausible(digits);

	const country = COUNTRIES[defaultCountry.toUpperCase()];
	if (country?.code === '1') {
		// North American numbering plan: 10 digits, optionally behind the trunk 1 or the exit code 011.
		if (digits.startsWith('011')) return e164IfPlausible(digits.slice(3));
		if (digits.length === 10) return e164IfPlausible(`1${digits}`);
		if (digits.length === 11 && digits.startsWith('1')) return e164IfPlausible(digits);
		return null;
	}
	if (digits.startsWith('00')) return e164IfPlausible(digits.slice(2));
	if (!country) return null;

	const national = country.trunk && digits.startsWith(country.trunk) ? digits.slice(country.trunk.length) : digits;
	if (national.length < MIN_NATIONAL_DIGITS) return null;
	return e164IfPlausible(country.code + national);
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

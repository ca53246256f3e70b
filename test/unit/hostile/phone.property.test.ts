/**
 * Properties of the E.164 normaliser for every country it knows (docs/phone-numbers.md): numbers are generated
 * from each country's national number shapes, then written the ways webhooks send them — with "+", with "00",
 * with the "+" lost (a space, as an unencoded "+" in a query string arrives, or nothing), nationally with the
 * trunk prefix, or nationally as they are where the country has no trunk prefix.
 */
import fc from 'fast-check';

import { DIALLING_PLANS, toE164, type DiallingPlan } from '../../../lib/phone';

const COUNTRIES = [...DIALLING_PLANS.entries()];
const RUNS = 150;

/** A national significant number of one of the plan's shapes. */
const nationalNumber = (plan: DiallingPlan) =>
	fc
		.constantFrom(...plan.shapes)
		.chain((shape) =>
			fc.tuple(
				fc.constantFrom(...shape.first.split('')),
				fc.integer({ min: shape.min, max: shape.max }).chain((length) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: length - 1, maxLength: length - 1 })),
			),
		)
		.map(([first, rest]) => first + rest)
		// "00" is the international prefix: no national number starts with it (Italy's 0… fixed lines never do).
		.filter((digits) => !digits.startsWith('00'));

/** Written down independently of lib/phone.ts: whether digits fit one of the plan's shapes. */
const fits = (plan: DiallingPlan, digits: string) =>
	plan.shapes.some((shape) => digits.length >= shape.min && digits.length <= shape.max && shape.first.includes(digits[0]));

const isNanp = (plan: DiallingPlan) => plan.code === '1';

/** Separators people and systems put into numbers. */
const spaced = fc.constantFrom('', ' ', '-', '.', '/');
const withSeparators = (digits: string, separator: string) => (separator === '' ? digits : digits.replace(/(\d{3})(?=\d)/g, `$1${separator}`));

describe.each(COUNTRIES)('E.164 for default country %s', (iso, plan) => {
	test('a number that already carries the country code keeps it, with "+", "00", or the "+" lost', () => {
		fc.assert(
			fc.property(nationalNumber(plan), spaced, (national, separator) => {
				const e164 = `+${plan.code}${national}`;
				const written = withSeparators(`${plan.code}${national}`, separator);
				expect(toE164(`+${written}`, iso)).toBe(e164);
				expect(toE164(`${isNanp(plan) ? '011' : '00'}${written}`, iso)).toBe(e164);
				// The "+" lost: as a space (an unencoded "+" in a query string) or not there at all. Only a country
				// without a trunk prefix may read code + number as a national number, when it is one (see the docs).
				if (!(plan.trunk === '' && fits(plan, `${plan.code}${national}`))) {
					expect(toE164(` ${written}`, iso)).toBe(e164);
					expect(toE164(written, iso)).toBe(e164);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	test('a national number gets the country code exactly once', () => {
		fc.assert(
			fc.property(nationalNumber(plan), spaced, (national, separator) => {
				const e164 = `+${plan.code}${national}`;
				if (plan.trunk !== '') expect(toE164(withSeparators(`${plan.trunk}${national}`, separator), iso)).toBe(e164);
				const alsoCodePlusNumber = national.startsWith(plan.code) && fits(plan, national.slice(plan.code.length));
				if (plan.trunk === '' || (!alsoCodePlusNumber && !national.startsWith(plan.trunk))) {
					expect(toE164(withSeparators(national, separator), iso)).toBe(e164);
				}
			}),
			{ numRuns: RUNS },
		);
	});

	test('idempotent: what comes out goes in again unchanged, under any default country', () => {
		const others = COUNTRIES.map(([code]) => code);
		fc.assert(
			fc.property(
				fc.oneof(
					nationalNumber(plan).map((n) => `${plan.trunk}${n}`),
					nationalNumber(plan).map((n) => `${plan.code}${n}`),
					fc.string({ unit: fc.constantFrom(...'0123456789 +-()'.split('')), maxLength: 20 }),
				),
				fc.constantFrom('', ...others),
				(input, other) => {
					const once = toE164(input, iso);
					if (once === null) return;
					expect(once).toMatch(/^\+[1-9]\d{7,14}$/);
					expect(toE164(once, iso)).toBe(once);
					expect(toE164(once, other)).toBe(once);
				},
			),
			{ numRuns: RUNS },
		);
	});
});

describe('E.164: what the review sent', () => {
	test.each([
		['46701234567', 'SE', '+46701234567'],
		[' 46701234567', 'SE', '+46701234567'],
		['4646123456', 'SE', '+4646123456'],
		['0046701234567', 'SE', '+46701234567'],
		['4512345678', 'DK', '+4512345678'],
		['12345678', 'DK', '+4512345678'],
		['393331234567', 'IT', '+393331234567'],
		['3931234567', 'IT', '+393931234567'],
		['447911123456', 'GB', '+447911123456'],
		['79161234567', 'RU', '+79161234567'],
	])('%p with default country %s is %s', (input, country, expected) => {
		expect(toE164(input, country)).toBe(expected);
	});

	test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a default country %p is no country', (country) => {
		expect(toE164('0701234567', country)).toBeNull();
		expect(toE164('+46701234567', country)).toBe('+46701234567');
	});

	test('a default country that is not text is no country', () => {
		expect(toE164('0701234567', 46 as unknown as string)).toBeNull();
		expect(toE164('0701234567', { toString: 1 } as unknown as string)).toBeNull();
	});
});

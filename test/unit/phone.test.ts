import { DEFAULT_COUNTRY_OPTIONS, toE164 } from '../../lib/phone';

describe('toE164', () => {
	test.each([
		['+46 70 123 45 67', '', '+46701234567'],
		['+46-70-123 45 67', 'US', '+46701234567'],
		['0046701234567', 'SE', '+46701234567'],
		['0046701234567', '', '+46701234567'],
		['070-123 45 67', 'SE', '+46701234567'],
		['(0)70 123 45 67', 'SE', '+46701234567'],
		['030 1234567', 'DE', '+49301234567'],
		['06 1234 5678', 'IT', '+390612345678'],
		['612 345 678', 'ES', '+34612345678'],
		['8 912 345 67 89', 'RU', '+79123456789'],
		['06 20 123 4567', 'HU', '+36201234567'],
		['(415) 555-2671', 'US', '+14155552671'],
		['1 415 555 2671', 'us', '+14155552671'],
		['011 46 70 123 45 67', 'US', '+46701234567'],
		['tel:+46701234567', '', '+46701234567'],
		[46701234567, '', null],
		['+46701234567', 'XX', '+46701234567'],
	])('%p with default country %p → %p', (input, country, expected) => {
		expect(toE164(input, country)).toBe(expected);
	});

	test.each([
		['0701234567', '', 'national number without a default country'],
		['0701234567', 'XX', 'unknown default country'],
		['1234', 'SE', 'an extension'],
		['415 555', 'US', 'too short for the North American plan'],
		['user-4f2a', 'SE', 'a user id'],
		['adam@example.com', 'SE', 'an email username'],
		['sip:100@pbx.example', 'SE', 'a SIP URI'],
		['+0123456789', '', 'a country code cannot start with 0'],
		['+1234567890123456', '', 'longer than 15 digits'],
		['+1234567', '', 'shorter than 8 digits'],
		['', 'SE', 'empty'],
		[undefined, 'SE', 'missing'],
		[null, 'SE', 'null'],
		[{}, 'SE', 'an object'],
	])('%p (%p) is not a phone number: %s', (...[input, country]) => {
		expect(toE164(input, country as string)).toBeNull();
	});

	test('a number given as a number is read as digits (international only with a default country)', () => {
		expect(toE164(4915112345678, '')).toBeNull();
		expect(toE164(701234567, 'SE')).toBe('+46701234567');
	});
});

describe('DEFAULT_COUNTRY_OPTIONS', () => {
	test('starts with "None" and lists countries by name with their calling code', () => {
		expect(DEFAULT_COUNTRY_OPTIONS[0]).toEqual({ name: 'None (International Numbers Only)', value: '' });
		expect(DEFAULT_COUNTRY_OPTIONS).toContainEqual({ name: 'Sweden (+46)', value: 'SE' });
		const names = DEFAULT_COUNTRY_OPTIONS.slice(1).map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

/** The fast paths of the Insights field schemas never disagree with the zod schemas they stand in for. */
import type { z } from 'zod';

import { fullInsightsInput } from '../../bench/fixture';
import { FAST_PARSERS, UNSURE, insightsSchema } from '../../nodes/M8ComLookup/insightsSchema';
import { shapeInsights } from '../../nodes/M8ComLookup/shapeInsights';

/** Valid and invalid values of every kind a CRM or an expression hands over. */
const VALUES: unknown[] = [
	'', ' ', 'abc', '  abc  ', 'Maria Andersson', 'https://crm.example.com/c/42', ' http://x.example/a?b=c ',
	'http://', 'https://has space.example', 'ftp://x.example', 'javascript:alert(1)', 'crm.example.com',
	'0', '00', '5', '-3', '12.5', '1e3', 'NaN', 'Infinity', '1700000000', '1700000000000', ' 1700000000 ',
	'2024-01-02T03:04:05Z', '2024-01-02', 'not a date', 'true', 'false', 'TRUE', ' true', 'high', ' Medium ',
	'LOW', 'urgent', 0, -0, 1, -1, 1.5, 125000, 1700000000, 1700000000000, 1e21, Number.MAX_SAFE_INTEGER, NaN,
	Infinity, -Infinity, true, false, null, undefined, {}, [], ['a'], { id: 'x' }, new Date(0),
];

describe('Insights fast paths', () => {
	test('there is a fast path for each kind of field', () => {
		expect(FAST_PARSERS.size).toBe(8);
	});

	test.each([...FAST_PARSERS.entries()].map(([schema, fast], index) => [index, schema, fast] as const))(
		'fast path #%i: whenever it is sure, zod accepts the value and returns exactly the same',
		(_index, schema, fast) => {
			let sure = 0;
			for (const value of VALUES) {
				const quick = fast(value);
				if (quick === UNSURE) continue;
				sure++;
				const parsed = (schema as z.ZodTypeAny).safeParse(value);
				expect({ value, success: parsed.success }).toEqual({ value, success: true });
				expect(Object.is(parsed.data, quick) || { value, quick, zod: parsed.data }).toBe(true);
			}
			expect(sure).toBeGreaterThan(0);
		},
	);

	test('a full answer (60 activities, every field) shapes to exactly what the zod schema parses', () => {
		const input = fullInsightsInput();
		const shaped = shapeInsights(input);
		expect(shaped.warnings).toEqual([]);
		expect(shaped.insights).toEqual(insightsSchema.parse(input));
	});

	test('spellings that only zod understands still end up the same (seconds, ISO dates, strings for numbers)', () => {
		const activity = {
			type: 'deal',
			body: 42,
			timestamp: '2023-11-14T22:13:20Z',
			closeDate: 1700000000,
			amount: '99.5',
			done: 'true',
			markdown: 'false',
		};
		expect(shapeInsights({ displayName: 'Maria', activities: [activity] })).toEqual({
			insights: {
				displayName: 'Maria',
				activities: [
					{ type: 'DEAL', body: '42', timestamp: 1700000000000, closeDate: 1700000000000, amount: 99.5, done: true, markdown: false },
				],
			},
			warnings: [],
			invalid: false,
		});
	});
});

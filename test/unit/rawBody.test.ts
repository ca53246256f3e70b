/**
 * Parsing request bodies from the raw bytes. Reading them within a limit (readStreamBounded, decompressBounded) is
 * tested through the seam that uses them: n8nWebhookSeam.test.ts.
 */
import { MAX_JSON_DEPTH, nestedDeeperThan, parseJson } from '../../lib/rawBody';

describe('parseJson', () => {
	test('parses UTF-8 JSON, a byte-order mark allowed', () => {
		expect(parseJson(Buffer.from('\uFEFF{"name":"Jürgen"}'))).toEqual({ ok: true, value: { name: 'Jürgen' } });
		expect(parseJson(Buffer.from('[1,"a",null]'))).toEqual({ ok: true, value: [1, 'a', null] });
	});

	test.each([
		['', 'The body is empty'],
		['  \n', 'The body is empty'],
		['{"a":', 'The body is not valid JSON'],
		["{'a':1}", 'The body is not valid JSON'],
		['{"a":1}{"b":2}', 'The body is not valid JSON'],
	])('%p is refused: %s', (text, message) => {
		expect(parseJson(Buffer.from(text))).toEqual({ ok: false, message });
	});

	test(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, accepts exactly that deep`, () => {
		const deep = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);
		expect(parseJson(deep(MAX_JSON_DEPTH)).ok).toBe(true);
		expect(parseJson(deep(MAX_JSON_DEPTH + 1))).toEqual({ ok: false, message: `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep` });
		expect(parseJson(deep(100_000))).toMatchObject({ ok: false });
	});

	test('nestedDeeperThan counts objects and arrays, not scalars', () => {
		expect(nestedDeeperThan({ a: { b: [1] } }, 3)).toBe(false);
		expect(nestedDeeperThan({ a: { b: [1] } }, 2)).toBe(true);
		expect(nestedDeeperThan('text', 0)).toBe(false);
	});
});

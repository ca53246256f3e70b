/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/** Wildix's x-signature: hex HMAC-SHA256 of the body with the integration's secret, over raw bytes or compact JSON. */
import { COMPACT_SIGNATURE_MAX_BYTES, verifyWildixSignature } from '../../nodes/WildixTrigger/wildixSignature';
import { DOC_CALL_END, everyEvent, wildixSignature } from '../support/wildix';

const SECRET = '3xocj9iiwBxDD0f0Qi85EJaTgCQ7LY';

function request(text: string, signature?: string | string[]) {
	return {
		headers: signature === undefined ? {} : { 'x-signature': signature },
		rawBody: Buffer.from(text),
	};
}

describe('verifyWildixSignature', () => {
	test.each(everyEvent().map((event) => [event.type, event]))(
		'accepts a %s event signed over the bytes sent',
		(_, event) => {
			const text = JSON.stringify(event);
			expect(verifyWildixSignature(request(text, wildixSignature(text, SECRET)), SECRET)).toEqual({ ok: true });
		},
	);

	test('accepts a pretty-printed body signed over its compact JSON.stringify, as Wildix\'s example signs', () => {
		const pretty = JSON.stringify(DOC_CALL_END, null, 2);
		const signature = wildixSignature(JSON.stringify(DOC_CALL_END), SECRET);
		expect(verifyWildixSignature(request(pretty, signature), SECRET)).toEqual({
			ok: true,
			parsed: { ok: true, value: DOC_CALL_END },
		});
	});

	test('a body signed over its bytes is not parsed at all (one HMAC, then the trigger parses once)', () => {
		const text = JSON.stringify(DOC_CALL_END);
		const parse = jest.spyOn(JSON, 'parse');
		try {
			expect(verifyWildixSignature(request(text, wildixSignature(text, SECRET)), SECRET)).toEqual({ ok: true });
			expect(parse).not.toHaveBeenCalled();
		} finally {
			parse.mockRestore();
		}
	});

	test(`a stranger's body over ${COMPACT_SIGNATURE_MAX_BYTES / 1024} KB costs one HMAC: it is never parsed or re-serialised`, () => {
		const big = JSON.stringify({ ...DOC_CALL_END, padding: 'x'.repeat(COMPACT_SIGNATURE_MAX_BYTES) }, null, 2);
		const parse = jest.spyOn(JSON, 'parse');
		const stringify = jest.spyOn(JSON, 'stringify');
		try {
			expect(verifyWildixSignature(request(big, 'ab'.repeat(32)), SECRET)).toEqual({ ok: false, message: 'Authentication failed' });
			expect(parse).not.toHaveBeenCalled();
			expect(stringify).not.toHaveBeenCalled();
		} finally {
			parse.mockRestore();
			stringify.mockRestore();
		}
	});

	test(`over ${COMPACT_SIGNATURE_MAX_BYTES / 1024} KB only the raw bytes count, even for a genuine compact signature`, () => {
		const event = { ...DOC_CALL_END, padding: 'x'.repeat(COMPACT_SIGNATURE_MAX_BYTES) };
		const pretty = JSON.stringify(event, null, 2);
		expect(verifyWildixSignature(request(pretty, wildixSignature(JSON.stringify(event), SECRET)), SECRET).ok).toBe(false);
		expect(verifyWildixSignature(request(pretty, wildixSignature(pretty, SECRET)), SECRET).ok).toBe(true);
	});

	test('a body that is JSON but not an object is never re-serialised', () => {
		const text = '  "a string"  ';
		expect(verifyWildixSignature(request(text, wildixSignature('"a string"', SECRET)), SECRET).ok).toBe(false);
	});

	test('accepts the signature in upper-case hex and from a repeated header', () => {
		const text = JSON.stringify(DOC_CALL_END);
		const signature = wildixSignature(text, SECRET);
		expect(verifyWildixSignature(request(text, signature.toUpperCase()), SECRET).ok).toBe(true);
		expect(verifyWildixSignature(request(text, [signature, 'junk']), SECRET).ok).toBe(true);
	});

	test('rejects a body altered after signing', () => {
		const text = JSON.stringify(DOC_CALL_END);
		const signature = wildixSignature(text, SECRET);
		const tampered = text.replace('"endBy":"CALLER"', '"endBy":"CALLEE"');
		expect(verifyWildixSignature(request(tampered, signature), SECRET)).toEqual({ ok: false, message: 'Authentication failed' });
	});

	test('rejects a signature made with another secret', () => {
		const text = JSON.stringify(DOC_CALL_END);
		expect(verifyWildixSignature(request(text, wildixSignature(text, 'another-secret')), SECRET)).toEqual({
			ok: false,
			message: 'Authentication failed',
		});
	});

	test.each([
		['no header', undefined],
		['an empty header', ''],
		['a blank header', '   '],
	])('rejects %s as a missing signature', (_, signature) => {
		const text = JSON.stringify(DOC_CALL_END);
		expect(verifyWildixSignature(request(text, signature), SECRET)).toEqual({ ok: false, message: 'Authentication required' });
	});

	test.each([
		['not hex', 'zz'.repeat(32)],
		['truncated', wildixSignature('x', SECRET).slice(0, 40)],
		['Base64 instead of hex', Buffer.from(wildixSignature(JSON.stringify(DOC_CALL_END), SECRET), 'hex').toString('base64')],
	])('rejects a signature that is %s', (_, signature) => {
		expect(verifyWildixSignature(request(JSON.stringify(DOC_CALL_END), signature), SECRET).ok).toBe(false);
	});

	test('an empty secret never verifies, not even a signature made with the empty key', () => {
		const text = JSON.stringify(DOC_CALL_END);
		expect(verifyWildixSignature(request(text, wildixSignature(text, '')), '').ok).toBe(false);
	});

	test('a body that is not JSON verifies over its raw bytes only', () => {
		const text = 'not json';
		const verdict = verifyWildixSignature(
			{ headers: { 'x-signature': wildixSignature(text, SECRET) }, rawBody: Buffer.from(text) },
			SECRET,
		);
		expect(verdict.ok).toBe(true);
	});
});

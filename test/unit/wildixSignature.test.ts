/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/** Wildix's x-signature: hex HMAC-SHA256 of the body with the integration's secret, over raw bytes or compact JSON. */
import { verifyWildixSignature } from '../../nodes/WildixTrigger/wildixSignature';
import { DOC_CALL_END, everyEvent, wildixSignature } from '../support/wildix';

const SECRET = '3xocj9iiwBxDD0f0Qi85EJaTgCQ7LY';

function request(text: string, signature?: string | string[]) {
	return {
		headers: signature === undefined ? {} : { 'x-signature': signature },
		rawBody: Buffer.from(text),
		body: JSON.parse(text) as unknown,
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
		expect(verifyWildixSignature(request(pretty, signature), SECRET)).toEqual({ ok: true });
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

	test('without raw bytes (n8n 1.x) the compact re-serialisation still verifies', () => {
		const text = JSON.stringify(DOC_CALL_END);
		const verdict = verifyWildixSignature(
			{ headers: { 'x-signature': wildixSignature(text, SECRET) }, body: JSON.parse(text) as unknown },
			SECRET,
		);
		expect(verdict.ok).toBe(true);
	});

	test('a body that is not JSON verifies over its raw bytes only', () => {
		const text = 'not json';
		const verdict = verifyWildixSignature(
			{ headers: { 'x-signature': wildixSignature(text, SECRET) }, rawBody: Buffer.from(text), body: undefined },
			SECRET,
		);
		expect(verdict.ok).toBe(true);
	});
});

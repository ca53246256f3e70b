import { createHmac } from 'crypto';

import { hmacMatches, hmacSignature, singleHeader, timestampIsFresh } from '../../lib/signature';

const body = Buffer.from('{"type": "call:end", "data": {"id": 1}}');
const compact = JSON.stringify(JSON.parse(body.toString()));
const hex = (payload: string | Buffer, secret = 'wildix-secret') =>
	createHmac('sha256', secret).update(payload).digest('hex');

describe('hmacMatches', () => {
	const check = (signature: string | string[] | undefined, candidates: Array<Buffer | string | undefined> = [body]) =>
		hmacMatches({ algorithm: 'sha256', encoding: 'hex', secret: 'wildix-secret', signature, candidates });

	test('accepts the signature of the raw bytes, in either hex case', () => {
		expect(check(hex(body))).toBe(true);
		expect(check(hex(body).toUpperCase())).toBe(true);
	});

	test('accepts a match on a later candidate (the compact re-serialisation)', () => {
		expect(check(hex(compact), [body, compact])).toBe(true);
		expect(check(hex(compact), [body])).toBe(false);
	});

	test('rejects a body altered after signing', () => {
		expect(check(hex(body), [Buffer.from(body.toString().replace('1', '2'))])).toBe(false);
	});

	test('rejects a signature made with another secret', () => {
		expect(check(hex(body, 'other'))).toBe(false);
	});

	test.each([
		['missing', undefined],
		['empty', ''],
		['not hex', 'zz' + hex(body).slice(2)],
		['truncated', hex(body).slice(0, 20)],
		['too long', hex(body) + 'ab'],
	])('rejects a %s signature without throwing', (_, signature) => {
		expect(check(signature)).toBe(false);
	});

	test('an empty secret never verifies', () => {
		const signature = createHmac('sha256', '').update(body).digest('hex');
		expect(hmacMatches({ algorithm: 'sha256', encoding: 'hex', secret: '', signature, candidates: [body] })).toBe(false);
	});

	test('undefined candidates are skipped', () => {
		expect(check(hex(body), [undefined, body])).toBe(true);
	});

	test('Base64 SHA-1 (CTM) over time + body', () => {
		const signed = '1700000000' + body.toString();
		const signature = createHmac('sha1', 'ctm').update(signed).digest('base64');
		const ctm = (s: string) =>
			hmacMatches({ algorithm: 'sha1', encoding: 'base64', secret: 'ctm', signature: s, candidates: [signed] });
		expect(ctm(signature)).toBe(true);
		expect(ctm(signature.replace(/=+$/, '') + '*')).toBe(false);
		expect(hmacSignature('sha1', 'base64', 'ctm', signed)).toBe(signature);
	});

	test('uses the first value of a repeated header', () => {
		expect(check([hex(body), 'x'])).toBe(true);
		expect(singleHeader(['a', 'b'])).toBe('a');
		expect(singleHeader('a')).toBe('a');
	});
});

describe('timestampIsFresh', () => {
	const now = 1_700_000_000_000;

	test('accepts a timestamp inside the window on either side', () => {
		expect(timestampIsFresh('1700000000', 300, now)).toBe(true);
		expect(timestampIsFresh('1699999700', 300, now)).toBe(true);
		expect(timestampIsFresh('1700000300', 300, now)).toBe(true);
	});

	test('rejects a stale or future timestamp outside the window', () => {
		expect(timestampIsFresh('1699999699', 300, now)).toBe(false);
		expect(timestampIsFresh('1700000301', 300, now)).toBe(false);
	});

	test.each([[undefined], [''], ['abc'], ['1.5'], ['-1'], ['1700000000000000']])('rejects %p', (value) => {
		expect(timestampIsFresh(value, 300, now)).toBe(false);
	});
});

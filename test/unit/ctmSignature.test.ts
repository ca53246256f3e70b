/** CTM's X-CTM-Signature: Base64(HMAC-SHA1(secret, X-CTM-Time + raw body)), with a freshness window. */
import { createHmac } from 'crypto';

import { signedPayloads, verifyCtmSignature } from '../../nodes/CallTrackingMetricsTrigger/ctmSignature';
import { CTM_ACTIVITY } from '../support/standInCtmApi';

const SECRET = 'ctm-signing-secret';
const NOW_MS = 1_709_313_400_000;
const TIME = String(NOW_MS / 1000 - 20);
const body = Buffer.from(JSON.stringify(CTM_ACTIVITY, null, 2) + '\n');

const sign = (payload: string | Buffer, secret = SECRET) => createHmac('sha1', secret).update(payload).digest('base64');

function verify(headers: Record<string, string | undefined>, rawBody: Buffer = body, windowSeconds = 300) {
	return verifyCtmSignature({ headers, rawBody, secret: SECRET, windowSeconds, nowMs: NOW_MS });
}

describe('CTM signature', () => {
	test('accepts a signature over X-CTM-Time + the raw body as sent', () => {
		const signature = sign(Buffer.concat([Buffer.from(TIME), body]));
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': TIME })).toBeUndefined();
	});

	test('accepts a signature over the body without its trailing newline (how CTM signs)', () => {
		const signature = sign(TIME + body.toString().replace(/\n$/, ''));
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': TIME })).toBeUndefined();
	});

	test('accepts a trimmed CRLF ending too, and a body without any newline', () => {
		const crlf = Buffer.from('{"id":1}\r\n');
		expect(verify({ 'x-ctm-signature': sign(TIME + '{"id":1}'), 'x-ctm-time': TIME }, crlf)).toBeUndefined();
		const bare = Buffer.from('{"id":1}');
		expect(verify({ 'x-ctm-signature': sign(TIME + '{"id":1}'), 'x-ctm-time': TIME }, bare)).toBeUndefined();
	});

	test('signs the bytes, not a re-serialisation: a reformatted body does not verify', () => {
		const compact = JSON.stringify(CTM_ACTIVITY);
		const signature = sign(TIME + compact);
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': TIME })).toEqual({
			statusCode: 403,
			message: 'Authentication failed',
		});
	});

	test('rejects a body altered after signing (403)', () => {
		const signature = sign(Buffer.concat([Buffer.from(TIME), body]));
		const tampered = Buffer.from(body.toString().replace('"duration": 185', '"duration": 999'));
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': TIME }, tampered)).toEqual({
			statusCode: 403,
			message: 'Authentication failed',
		});
	});

	test('rejects a changed X-CTM-Time (the time is part of what is signed)', () => {
		const signature = sign(Buffer.concat([Buffer.from(TIME), body]));
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': String(Number(TIME) + 1) })?.statusCode).toBe(403);
	});

	test('rejects a signature made with another secret', () => {
		const signature = sign(Buffer.concat([Buffer.from(TIME), body]), 'another-secret');
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': TIME })?.statusCode).toBe(403);
	});

	test('rejects a correctly signed but stale request (older than the window): a replay', () => {
		const old = String(NOW_MS / 1000 - 301);
		const signature = sign(Buffer.concat([Buffer.from(old), body]));
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': old })).toEqual({
			statusCode: 403,
			message: 'Authentication failed',
		});
		// A wider window accepts it.
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': old }, body, 600)).toBeUndefined();
	});

	test('rejects a timestamp too far in the future as well', () => {
		const future = String(NOW_MS / 1000 + 400);
		const signature = sign(Buffer.concat([Buffer.from(future), body]));
		expect(verify({ 'x-ctm-signature': signature, 'x-ctm-time': future })?.statusCode).toBe(403);
	});

	test.each([
		['no signature header', { 'x-ctm-time': TIME }, 'Authentication required'],
		['an empty signature header', { 'x-ctm-signature': ' ', 'x-ctm-time': TIME }, 'Authentication required'],
		['no time header', { 'x-ctm-signature': 'c2lnbmF0dXJl' }, 'Authentication required'],
	])('a request with %s is 401', (_, headers, message) => {
		expect(verify(headers as Record<string, string>)).toEqual({ statusCode: 401, message });
	});

	test.each([
		['not Base64', '***not base64***'],
		['truncated', 'AAAA'],
		['a non-numeric time', null],
	])('a malformed value (%s) is 403, never an exception', (_, signature) => {
		const headers =
			signature === null
				? { 'x-ctm-signature': sign(TIME + body.toString()), 'x-ctm-time': 'yesterday' }
				: { 'x-ctm-signature': signature, 'x-ctm-time': TIME };
		expect(verify(headers)?.statusCode).toBe(403);
	});

	test('a pixel GET has no body: the signature covers the time alone', () => {
		expect(verify({ 'x-ctm-signature': sign(TIME), 'x-ctm-time': TIME }, Buffer.alloc(0))).toBeUndefined();
	});

	test('signedPayloads offers the trimmed variant only when there is a trailing newline', () => {
		expect(signedPayloads('1', Buffer.from('x\n')).map((b) => b?.toString())).toEqual(['1x\n', '1x']);
		expect(signedPayloads('1', Buffer.from('x')).map((b) => b?.toString())).toEqual(['1x', undefined]);
	});

	test('the failure messages never contain the secret or the signature sent', () => {
		const signature = sign('whatever');
		const failure = verify({ 'x-ctm-signature': signature, 'x-ctm-time': TIME });
		expect(failure?.message).not.toContain(SECRET);
		expect(failure?.message).not.toContain(signature);
	});
});

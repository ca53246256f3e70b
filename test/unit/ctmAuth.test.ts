/** The trigger's authentication modes (signature, basic auth, header auth) alone and combined. */
import { createHmac } from 'crypto';

import { authenticateCtmRequest, type CtmAuthMode, type CtmCredential } from '../../nodes/CallTrackingMetricsTrigger/ctmAuth';

const credential: CtmCredential = {
	accessKey: 'a1',
	secretKey: 's1',
	signingSecret: 'signing-secret',
	basicAuthUser: 'ctm',
	basicAuthPassword: 'basic-pass',
	headerName: 'X-Webhook-Token',
	headerSecret: 'header-token',
};
const NOW_MS = 1_709_313_400_000;
const TIME = String(NOW_MS / 1000);
const rawBody = Buffer.from('{"id":4391937}');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const signature = createHmac('sha1', 'signing-secret').update(TIME + rawBody.toString()).digest('base64');

const good = {
	authorization: basic('ctm', 'basic-pass'),
	'x-webhook-token': 'header-token',
	'x-ctm-signature': signature,
	'x-ctm-time': TIME,
};

function authenticate(modes: CtmAuthMode[], headers: Record<string, string | undefined>, cred = credential) {
	return authenticateCtmRequest(modes, cred, { headers, rawBody }, { windowSeconds: 300, nowMs: NOW_MS });
}

const without = (key: keyof typeof good) => ({ ...good, [key]: undefined });

describe('CTM authentication modes', () => {
	test('no mode selected lets every request through', () => {
		expect(authenticate([], {})).toEqual({ ok: true });
	});

	test('all three modes together pass when everything is right', () => {
		expect(authenticate(['signature', 'basicAuth', 'headerAuth'], good)).toEqual({ ok: true });
	});

	test.each<[CtmAuthMode, keyof typeof good, string]>([
		['basicAuth', 'authorization', 'Authentication required'],
		['headerAuth', 'x-webhook-token', 'Authentication required'],
		['signature', 'x-ctm-signature', 'Authentication required'],
		['signature', 'x-ctm-time', 'Authentication required'],
	])('%s: a missing %s is 401', (mode, header, message) => {
		expect(authenticate([mode], without(header))).toEqual({ ok: false, statusCode: 401, message });
	});

	test.each<[CtmAuthMode, Record<string, string>, string]>([
		['basicAuth', { authorization: basic('ctm', 'wrong') }, 'Authentication failed'],
		['basicAuth', { authorization: 'Bearer basic-pass' }, 'Authentication failed'],
		['headerAuth', { 'x-webhook-token': 'wrong' }, 'Authentication failed'],
		['signature', { 'x-ctm-signature': createHmac('sha1', 'x').update('y').digest('base64') }, 'Authentication failed'],
	])('%s: a wrong value is 403 and not echoed', (mode, override, message) => {
		const outcome = authenticate([mode], { ...good, ...override });
		expect(outcome).toEqual({ ok: false, statusCode: 403, message });
		expect(JSON.stringify(outcome)).not.toContain('wrong');
	});

	test('each mode checks only its own part: basic auth alone ignores a missing signature', () => {
		expect(authenticate(['basicAuth'], without('x-ctm-signature'))).toEqual({ ok: true });
		expect(authenticate(['headerAuth'], without('authorization'))).toEqual({ ok: true });
		expect(authenticate(['signature'], without('x-webhook-token'))).toEqual({ ok: true });
	});

	test('in a combination, any one failing part turns the request away', () => {
		expect(authenticate(['basicAuth', 'signature'], { ...good, 'x-ctm-time': String(Number(TIME) - 3600) })).toMatchObject({
			ok: false,
			statusCode: 403,
		});
		expect(authenticate(['basicAuth', 'headerAuth'], without('x-webhook-token'))).toMatchObject({ ok: false, statusCode: 401 });
	});

	test('header names match case-insensitively (Node lower-cases incoming headers)', () => {
		expect(authenticate(['headerAuth'], good, { ...credential, headerName: '  x-WEBHOOK-token ' })).toEqual({ ok: true });
	});

	test.each<[CtmAuthMode, Partial<CtmCredential>, string]>([
		['signature', { signingSecret: '' }, 'Authentication is not set up for this webhook'],
		['basicAuth', { basicAuthPassword: '' }, 'Authentication is not set up for this webhook'],
		['headerAuth', { headerName: ' ' }, 'Authentication is not set up for this webhook'],
		['headerAuth', { headerSecret: undefined }, 'Authentication is not set up for this webhook'],
	])('%s selected without its credential fields is a set-up error (500), never an open door', (mode, change, message) => {
		expect(authenticate([mode], good, { ...credential, ...change })).toEqual({ ok: false, statusCode: 500, message });
	});
});

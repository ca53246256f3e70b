/**
 * The classes of defect the hostile-input review found, one block each, through every trigger's webhook() as
 * n8n calls it: values of the wrong type where a string or number is expected, prototype keys reaching lookup
 * tables, unbounded arrays spread into calls, over-long or revealing answers. Each test here failed before
 * the fix of its class (the report of issue 14 says how that was checked).
 */
import type { WildixEnvelope } from '../../../nodes/WildixTrigger/wildixEnvelope';
import { normalizeWildixCall } from '../../../nodes/WildixTrigger/wildixNormalize';
import { CTM_ACTIVITY } from '../../support/standInCtmApi';
import { callCompletedInbound, presenceTelephony } from '../../support/wildix';
import { deliver, nonFiniteNumbers, notPlainData, triggerNamed, UNIT_TRIGGERS, wildixSign, type UnitTrigger } from './triggers';

const LOOKUP = triggerNamed('M8Com Lookup Trigger');
const LOOKUP_CACHED = triggerNamed('M8Com Lookup Trigger (answer cache on)');
const CALL_LOG = triggerNamed('M8Com Call Log Trigger');
const WILDIX = triggerNamed('Wildix Trigger (call events)');
const WILDIX_PRESENCE = triggerNamed('Wildix Trigger (presence events)');
const CTM_OPEN = triggerNamed('CallTrackingMetrics Trigger (log data, no authentication, any phase)');
const CTM_SIGNED = triggerNamed('CallTrackingMetrics Trigger (log data, signature + basic + header auth)');
const CTM_FORM = triggerNamed('CallTrackingMetrics Trigger (pixel posted as a form)');
const AUTOID_JSON = triggerNamed('AutoID Trigger (JSON, header auth)');
const AUTOID_XML = triggerNamed('AutoID Trigger (XML, basic auth)');

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

/** Starts the workflow with one clean item (plain data only) and returns it. */
async function expectCleanItem(trigger: UnitTrigger, delivery: Parameters<typeof deliver>[1]) {
	const outcome = await deliver(trigger, delivery);
	expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 200, message: undefined });
	expect(outcome.items).toHaveLength(1);
	expect(notPlainData(outcome.items[0])).toEqual([]);
	expect(nonFiniteNumbers(outcome.items[0])).toEqual([]);
	return outcome.items[0];
}

const wildixCall = (flows: unknown[]) => ({ ...callCompletedInbound(), data: { id: 'call-1', start: null, flows } });

describe('values of the wrong type are checked where they are used (no exception out of webhook())', () => {
	test('lookup: user[firstName][toString]=x (Express 5 keeps prototype keys as properties)', async () => {
		const item = await expectCleanItem(LOOKUP, { query: 'fromNumber=0701234567&user[firstName][toString]=x&user[lastName]=Doe' });
		expect(item.normalized).toMatchObject({ agent: { name: 'Doe' }, from: { e164: '+46701234567' } });
	});

	test('lookup with the answer cache: user[id][toString]=x', async () => {
		await expectCleanItem(LOOKUP_CACHED, { query: 'fromNumber=0701234567&user[id][toString]=x' });
	});

	test('lookup: user[userIds][0][username][valueOf]=1 and a user id that is an object', async () => {
		const item = await expectCleanItem(LOOKUP, { query: 'fromNumber=1&user[userIds][0][type]=email&user[userIds][0][username][valueOf]=1&user[id][a]=1' });
		expect(item.normalized).toMatchObject({ agent: { email: null, userId: null } });
	});

	test.each([
		['fromNumber[toString]=x', 400],
		['fromNumber[]=1&fromNumber[]=2', 200],
		['fromNumber=1&user[]=a', 400],
		['fromNumber=1&user=%5B1%5D', 400],
	])('lookup: %s is answered %s', async (query, status) => {
		const outcome = await deliver(LOOKUP, { query });
		expect(outcome.status).toBe(status);
		expect(notPlainData(outcome.items)).toEqual([]);
	});

	test('Wildix: a flow whose direction is {"toString":1}', async () => {
		const event = callCompletedInbound() as { data: { flows: Array<Record<string, unknown>> } };
		event.data.flows[0].direction = { toString: 1 };
		event.data.flows[0].caller = { phone: { toString: 1 }, type: { toString: 1 }, name: ['a'] };
		await expectCleanItem(WILDIX, { body: JSON.stringify(event) });
	});

	test('Wildix: 130,000 flows (a spread into Math.min overflowed the stack)', () => {
		const flows = Array.from({ length: 130_000 }, (_, i) => ({ startTime: 1_700_000_000_000 + i, endTime: 1_700_000_000_500 + i }));
		const { normalized } = normalizeWildixCall(wildixCall(flows) as unknown as WildixEnvelope, 'SE');
		expect(normalized).toMatchObject({ durationMs: 130_000 + 499 });
	});

	test('Wildix: 20,000 flows through webhook() (within the body limit)', async () => {
		const flows = Array.from({ length: 20_000 }, (_, i) => ({ startTime: 1_700_000_000_000 + i, endTime: 1_700_000_000_500 + i }));
		const item = await expectCleanItem(WILDIX, { body: JSON.stringify(wildixCall(flows)) });
		expect(item.normalized).toMatchObject({ durationMs: 20_000 + 499 });
	});

	test('Wildix: times whose difference or sum is not finite give null, not Infinity', async () => {
		const flows = [{ startTime: -1.7e308, endTime: 1.7e308, talkTime: 1.7e308 }, { talkTime: 1.7e308, waitTime: 1.7e308, duration: 1.7e308 }, { waitTime: 1.7e308, duration: 1.7e308 }];
		const item = await expectCleanItem(WILDIX, { body: JSON.stringify(wildixCall(flows)) });
		expect(item.normalized).toMatchObject({ durationMs: null, talkTimeMs: null, waitTimeMs: null });
	});

	test('CallTrackingMetrics: durations of 400 digits give null, not Infinity', async () => {
		const item = await expectCleanItem(CTM_OPEN, { body: JSON.stringify({ ...CTM_ACTIVITY, duration: '9'.repeat(400), talk_time: 1e308 * 10, unix_time: '9'.repeat(400) }) });
		// unix_time is unusable, so the start comes from called_at.
		expect(item.normalized).toMatchObject({ durationMs: null, talkTimeMs: null, startedAt: '2024-03-01T17:15:00.000Z' });
	});

	test('M8Com call log: a duration of 400 digits is a 400, not Infinity', async () => {
		const outcome = await deliver(CALL_LOG, { body: JSON.stringify({ ...JSON.parse(CALL_LOG.validBody), duration: '9'.repeat(400) }) });
		expect(outcome.status).toBe(400);
	});

	test('AutoID: durations of 400 digits give null, not Infinity', async () => {
		const body = { ...JSON.parse(AUTOID_JSON.validBody), dialed_time: '9'.repeat(400), answered_time: '9'.repeat(400) };
		const item = await expectCleanItem(AUTOID_JSON, { body: JSON.stringify(body) });
		expect(item.normalized).toMatchObject({ durationMs: null, talkTimeMs: null });
	});
});

describe('lookup tables are reached through Map or own properties only (no prototype in any item)', () => {
	test.each(PROTOTYPE_KEYS)('CallTrackingMetrics, Any Phase: ?trigger=%s is kept as text', async (key) => {
		const item = await expectCleanItem(CTM_OPEN, { query: `trigger=${key}` });
		expect(item.ctmWebhook).toMatchObject({ triggerPhase: key.toLowerCase() });
		expect(item.normalized).toMatchObject({ event: key.toLowerCase() });
	});

	test.each(PROTOTYPE_KEYS)('CallTrackingMetrics, phase End selected: ?trigger=%s is an unknown phase (400)', async (key) => {
		const outcome = await deliver(CTM_SIGNED, { query: `trigger=${key}` });
		expect(outcome.status).toBe(400);
	});

	test.each(PROTOTYPE_KEYS)('Wildix presence status %p gives no onCall or ringing flag', async (status) => {
		const item = await expectCleanItem(WILDIX_PRESENCE, { body: JSON.stringify(presenceTelephony(status)) });
		expect(item.presence).toMatchObject({ onCall: null, ringing: null });
	});

	test.each(PROTOTYPE_KEYS)('Wildix call flow direction %p is no direction', async (direction) => {
		const event = callCompletedInbound() as { data: { flows: Array<Record<string, unknown>> } };
		for (const flow of event.data.flows) {
			flow.direction = direction;
			flow.caller = { phone: '1' };
			flow.callee = { phone: '2' };
		}
		const item = await expectCleanItem(WILDIX, { body: JSON.stringify(event) });
		expect(item.normalized).toMatchObject({ direction: null });
	});

	test('M8Com call log: section lines named after prototype keys are unrecognized lines', async () => {
		const body = PROTOTYPE_KEYS.map((key) => `${key}: x`).join('\n');
		const item = await expectCleanItem(CALL_LOG, { body: JSON.stringify({ ...JSON.parse(CALL_LOG.validBody), body: `${body}\nCall type: Outbound` }) });
		expect(item.sections).toMatchObject({ unrecognizedLines: PROTOTYPE_KEYS.map((key) => `${key}: x`), callType: 'Outbound' });
	});

	test.each(PROTOTYPE_KEYS)('a Default Country %p converts no national number', async (country) => {
		const outcome = await deliver({ ...LOOKUP, parameters: { ...LOOKUP.parameters, defaultCountry: country } }, { query: 'fromNumber=0701234567' });
		expect(outcome.items[0].normalized).toMatchObject({ from: { e164: null } });
	});

	test.each(PROTOTYPE_KEYS)('AutoID: a phase field %p falls back to the call-end fields', async (phase) => {
		const item = await expectCleanItem(AUTOID_JSON, { body: JSON.stringify({ ...JSON.parse(AUTOID_JSON.validBody), phase }), query: '' });
		expect(item.phase).toBe('call_end');
	});

	test('AutoID: XML elements and attributes named after prototype keys are plain fields', async () => {
		const xml = `<call ${PROTOTYPE_KEYS.map((key, i) => `${key}="${i}"`).join(' ')}>${PROTOTYPE_KEYS.map((key) => `<${key}><${key}>1</${key}></${key}>`).join('')}<dialstatus>ANSWER</dialstatus></call>`;
		const item = await expectCleanItem(AUTOID_XML, { body: xml });
		expect(Object.keys(item.body as object)).toEqual(['$', ...PROTOTYPE_KEYS, 'dialstatus']);
	});

	test('CallTrackingMetrics pixel form: fields named after prototype keys are kept as sent', async () => {
		const item = await expectCleanItem(CTM_FORM, { body: 'constructor=a&toString=b&hasOwnProperty=c&callid=7' });
		expect(item).toMatchObject({ constructor: 'a', toString: 'b', hasOwnProperty: 'c', callid: '7' });
	});

	test('JSON bodies with "__proto__" keys: kept as plain fields, no prototype changed', async () => {
		const body = `{"__proto__":{"polluted":1},${CTM_OPEN.validBody.slice(1)}`;
		const item = await expectCleanItem(CTM_OPEN, { body });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
	});
});

describe('rejections are short and say nothing about what is expected', () => {
	test.each(UNIT_TRIGGERS.filter((trigger) => trigger.authenticated).map((trigger) => [trigger.name, trigger] as const))(
		'%s: a request without credentials gets a generic 401',
		async (_, trigger) => {
			const outcome = await deliver(trigger, { signed: false });
			expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 401, message: 'Authentication required' });
		},
	);

	test.each([
		['M8Com Lookup Trigger', { authorization: 'Bearer wrong' }],
		['M8Com Call Log Trigger', { authorization: 'Bearer wrong' }],
		['CallTrackingMetrics Trigger (log data, signature + basic + header auth)', { 'x-webhook-token': 'wrong' }],
		['AutoID Trigger (JSON, header auth)', { 'x-autoid-token': 'wrong' }],
		['AutoID Trigger (XML, basic auth)', { authorization: 'Basic d3Jvbmc6d3Jvbmc=' }],
	])('%s: wrong credentials get a generic 403', async (name, headers) => {
		const outcome = await deliver(triggerNamed(name), { headers });
		expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 403, message: 'Authentication failed' });
	});

	test('Wildix: a wrong signature gets a generic 401', async () => {
		const outcome = await deliver(WILDIX, { headers: { 'x-signature': wildixSign('other') } });
		expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 401, message: 'Authentication failed' });
	});

	test('CallTrackingMetrics: a stale signature is refused like a wrong one', async () => {
		const stale = String(Math.floor(Date.now() / 1000) - 3600);
		const outcome = await deliver(CTM_SIGNED, { headers: { 'x-ctm-time': stale } });
		expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 403, message: 'Authentication failed' });
	});

	test.each([
		['signature', { signingSecret: '' }],
		['basicAuth', { basicAuthPassword: '' }],
		['headerAuth', { headerName: ' ' }],
	])('CallTrackingMetrics: %s selected without its credential fields names no setting to the caller', async (mode, missing) => {
		const credentials = { callTrackingMetricsApi: { ...CTM_SIGNED.credentials.callTrackingMetricsApi, ...missing } };
		const outcome = await deliver({ ...CTM_SIGNED, credentials, parameters: { ...CTM_SIGNED.parameters, authentication: [mode] } });
		expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 500, message: 'Authentication is not set up for this webhook' });
	});

	test('AutoID: a credential without a complete header names no setting to the caller', async () => {
		const credentials = { autoIdWebhookApi: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: '' }] } } };
		const outcome = await deliver({ ...AUTOID_JSON, credentials });
		expect({ status: outcome.status, message: outcome.message }).toEqual({ status: 403, message: 'Authentication is not set up for this webhook' });
	});

	test.each([
		['an end tag of 10,000 characters', `<call><a></${'b'.repeat(10_000)}></call>`],
		['a start tag of 10,000 characters, not closed', `<${'b'.repeat(10_000)}>`],
		['an attribute of 10,000 characters, unquoted', `<call ${'b'.repeat(10_000)}=1/>`],
		['a repeated attribute of 10,000 characters', `<call ${'b'.repeat(10_000)}="1" ${'b'.repeat(10_000)}="2"/>`],
	])('AutoID XML with %s: a 400 of at most 200 characters that does not repeat it', async (_, xml) => {
		const outcome = await deliver(AUTOID_XML, { body: xml });
		expect(outcome.status).toBe(400);
		expect(outcome.res.body?.length).toBeLessThanOrEqual(200);
		expect(outcome.res.body).not.toContain('b'.repeat(40));
	});
});

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The same 20 bytes, with a bit set that the last Base64 character of a SHA-1 carries but does not use. */
function flipUnusedBits(signature: string): string {
	const last = BASE64.indexOf(signature[26]);
	return `${signature.slice(0, 26)}${BASE64[last | 1]}=`;
}

describe('signatures are decoded strictly: exact length and alphabet', () => {
	const body = Buffer.from(WILDIX.validBody);
	const good = wildixSign(body);

	test.each([
		['a valid signature', 200, good],
		['the same in upper-case hex', 200, good.toUpperCase()],
		['one hex digit short', 401, good.slice(0, 63)],
		['one hex digit long (Buffer.from drops an odd last digit)', 401, `${good}0`],
		['two signatures glued together', 401, good + good],
		['a space inside', 401, `${good.slice(0, 32)} ${good.slice(32)}`],
		['a non-hex character at the end (Buffer.from would drop it)', 401, `${good}z`],
		['the same bytes in Base64', 401, Buffer.from(good, 'hex').toString('base64')],
	])('Wildix x-signature: %s → %s', async (_, status, signature) => {
		const outcome = await deliver(WILDIX, { headers: { 'x-signature': signature } });
		expect(outcome.status).toBe(status);
	});

	test.each([
		['unpadded (27 characters)', 403, (s: string) => s.slice(0, 27)],
		['URL-safe alphabet', 403, (s: string) => s.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_')).replace(/^./, '-')],
		['a second "=" of padding', 403, (s: string) => `${s}=`],
		['unused bits set in the last character (Buffer.from ignores them)', 403, flipUnusedBits],
		['the same bytes in hex', 403, (s: string) => Buffer.from(s, 'base64').toString('hex')],
	])('CTM X-CTM-Signature: %s → %s', async (_, status, alter) => {
		const bodyBytes = Buffer.from(CTM_SIGNED.validBody);
		const headers = CTM_SIGNED.auth(bodyBytes);
		const outcome = await deliver(CTM_SIGNED, { headers: { ...headers, 'x-ctm-signature': alter(headers['x-ctm-signature']) } });
		expect(outcome.status).toBe(status);
	});
});

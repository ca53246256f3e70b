/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/** The Wildix Trigger's webhook(): authenticate → parse → filter → emit, with n8n's context stubbed. */
import type { IDataObject } from 'n8n-workflow';

import { WildixWebhookApi } from '../../credentials/WildixWebhookApi.credentials';
import { FULL_PATH_FIELD, PATH_FIELD } from '../../lib/n8nWebhookSeam';
import { WildixTrigger } from '../../nodes/WildixTrigger/WildixTrigger.node';
import { OTHER_EVENTS } from '../../nodes/WildixTrigger/wildixEvents';
import { workflowWith } from '../support/packageNodes';
import {
	DOC_CALL_END,
	DOC_CALL_START,
	callCompletedInbound,
	everyEvent,
	freshEvent,
	presenceTelephony,
	smsStatus,
	wildixSignature,
} from '../support/wildix';
import { callWebhook, type TestResponse } from './webhookContext';

const SECRET = '3xocj9iiwBxDD0f0Qi85EJaTgCQ7LY';

interface Delivery {
	/** The body as sent (default: the event as JSON). */
	text?: string;
	/** The x-signature (default: the body's signature); null sends none. */
	signature?: string | null;
	contentType?: string;
}

const trigger = new WildixTrigger();

/** Posts the event as Wildix does (signed, JSON) to the trigger, through n8n's webhook context. */
async function run(event: unknown, delivery: Delivery = {}, parameters: IDataObject = {}, credential: IDataObject = { secret: SECRET }) {
	const text = delivery.text ?? JSON.stringify(event);
	const signature = delivery.signature === undefined ? wildixSignature(text, SECRET) : delivery.signature;
	return await callWebhook(
		trigger,
		{ headers: { 'content-type': delivery.contentType ?? 'application/json', 'x-signature': signature ?? undefined }, body: text },
		{ parameters: { events: ['*'], ...parameters }, credentials: { wildixWebhookApi: credential } },
	);
}

const answer = (res: TestResponse) => ({ status: res.statusCode, body: JSON.parse(res.body ?? 'null') as unknown });

describe('Wildix Trigger webhook(): authentication', () => {
	test('a correctly signed event starts the workflow; n8n acknowledges it (onReceived)', async () => {
		const { result, res } = await run(DOC_CALL_END);
		expect(result.noWebhookResponse).toBeUndefined();
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(res.body).toBeUndefined();
	});

	test('a correctly signed event sent as anything but JSON is 415 and starts nothing', async () => {
		const { result, res } = await run(DOC_CALL_END, { contentType: 'text/plain' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 415, body: { message: 'Content-Type must be application/json' } });
	});

	test('a missing x-signature is 401 and starts nothing', async () => {
		const { result, res } = await run(DOC_CALL_END, { signature: null });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 401, body: { message: 'Authentication required' } });
	});

	test('a body altered after signing is 401', async () => {
		const signed = JSON.stringify(DOC_CALL_END);
		const { result, res } = await run(DOC_CALL_END, { text: signed.replace('Call Rejected', 'Call Answered'), signature: wildixSignature(signed, SECRET) });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 401, body: { message: 'Authentication failed' } });
	});

	test('a signature made with another secret is 401 and the answer echoes neither secret nor signature', async () => {
		const text = JSON.stringify(DOC_CALL_END);
		const wrong = wildixSignature(text, 'not-the-secret');
		const { res } = await run(DOC_CALL_END, { signature: wrong });
		expect(res.statusCode).toBe(401);
		expect(res.body).not.toContain(wrong);
		expect(res.body).not.toContain(SECRET);
	});

	test('the signature is checked before anything is parsed: an unsigned non-envelope is 401, not 400', async () => {
		const { res } = await run({ hello: 'world' }, { signature: null });
		expect(res.statusCode).toBe(401);
	});

	test('an empty secret in the credential accepts nothing', async () => {
		const text = JSON.stringify(DOC_CALL_END);
		const { res } = await run(DOC_CALL_END, { signature: wildixSignature(text, '') }, {}, { secret: '' });
		expect(res.statusCode).toBe(401);
	});

	test('a pretty-printed body signed over its compact JSON (Wildix\'s example) is accepted', async () => {
		const { result } = await run(DOC_CALL_END, { text: JSON.stringify(DOC_CALL_END, null, 2), signature: wildixSignature(JSON.stringify(DOC_CALL_END), SECRET) });
		expect(result.workflowData).toBeDefined();
	});

	test('with an Integration ID in the credential, another integration\'s signed event is 403', async () => {
		const { result, res } = await run(DOC_CALL_END, {}, {}, { secret: SECRET, integrationId: 'other1' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 403, body: { message: 'Integration ID not accepted' } });
	});

	test('with the matching Integration ID (spaces trimmed) the event is accepted', async () => {
		const { result } = await run(DOC_CALL_END, {}, {}, { secret: SECRET, integrationId: ' 8qkmnq ' });
		expect(result.workflowData).toBeDefined();
	});

	test('an event without integrationId is refused when an Integration ID is required', async () => {
		const event = freshEvent(DOC_CALL_END) as IDataObject;
		delete event.integrationId;
		const { res } = await run(event, {}, {}, { secret: SECRET, integrationId: '8qkmnq' });
		expect(res.statusCode).toBe(403);
	});
});

describe('Wildix Trigger webhook(): parsing', () => {
	test('a signed body that is not JSON is 400', async () => {
		const { result, res } = await run(null, { text: '{"id": "it_' });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 400, body: { message: 'The body is not valid JSON' } });
	});

	test('a signed JSON body that is not the envelope is 400 with the fields to check', async () => {
		const { res } = await run({ event: 'call', caller: '1001' });
		expect(answer(res)).toEqual({ status: 400, body: { message: 'The body is not a Wildix event envelope (check id, type, time, data)' } });
	});

	test('a signed empty body is 400', async () => {
		const { res } = await run(null, { text: '' });
		expect(answer(res)).toEqual({ status: 400, body: { message: 'The body is empty' } });
	});

	test('the body is parsed from the raw bytes (n8n leaves it unread for this trigger)', async () => {
		const { result } = await run(DOC_CALL_END);
		expect(result.workflowData?.[0][0].json.type).toBe('call:end');
	});
});

describe('Wildix Trigger webhook(): filtering', () => {
	test('an event type that is not selected is acknowledged with 200 and starts nothing', async () => {
		const { result, res } = await run(DOC_CALL_START, {}, { events: ['call:end'] });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 200, body: { message: 'Ignored: event type not selected' } });
	});

	test('families and other types by name can be selected', async () => {
		const chosen = await run(presenceTelephony(), {}, { events: ['other'], otherEventTypes: 'presence:*' });
		expect(chosen.result.workflowData).toBeDefined();
		const notChosen = await run(smsStatus(), {}, { events: ['other'], otherEventTypes: 'presence:*' });
		expect(notChosen.res.statusCode).toBe(200);
		expect(notChosen.result.workflowData).toBeUndefined();
	});

	test('an event older than the configured minutes is acknowledged and starts nothing', async () => {
		const old = { ...freshEvent(DOC_CALL_END), time: Date.now() - 11 * 60_000 };
		const { result, res } = await run(old, {}, { settings: { maxAgeMinutes: 10 } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 200, body: { message: 'Ignored: event older than 10 minutes' } });
	});

	test('a recent event passes the age check; without the option the doc\'s 2023 events pass', async () => {
		const recent = { ...freshEvent(DOC_CALL_END), time: Date.now() - 60_000 };
		expect((await run(recent, {}, { settings: { maxAgeMinutes: 10 } })).result.workflowData).toBeDefined();
		expect((await run(DOC_CALL_END)).result.workflowData).toBeDefined();
	});

	test('the age check comes after authentication: an old unsigned event is still 401', async () => {
		const old = { ...freshEvent(DOC_CALL_END), time: 0 };
		const { res } = await run(old, { signature: null }, { settings: { maxAgeMinutes: 1 } });
		expect(res.statusCode).toBe(401);
	});
});

describe('Wildix Trigger webhook(): the item', () => {
	test.each(everyEvent().map((event) => [event.type, event]))(
		'%s: the envelope unchanged, plus normalized and wildixCall (call events) or presence (presence events)',
		async (type, event) => {
			const { result } = await run(event);
			const item = result.workflowData?.[0][0].json as IDataObject;
			const { normalized, wildixCall, presence, ...envelope } = item;
			expect(envelope).toEqual(event);
			expect(Object.keys(envelope)).toEqual(Object.keys(event));
			if (String(type).startsWith('call:')) {
				expect(normalized).toMatchObject({ vendor: 'wildix', event: type });
				expect(wildixCall).toHaveProperty('externalParties');
			} else {
				expect(normalized).toBeNull();
				expect(wildixCall).toBeUndefined();
			}
			if (String(type).startsWith('presence:')) expect(presence).toMatchObject({ kind: String(type).slice(9) });
			else expect(presence).toBeUndefined();
		},
	);

	test('the item carries no signature or other header', async () => {
		const { result } = await run(callCompletedInbound());
		const text = JSON.stringify(result.workflowData);
		expect(text).not.toContain('x-signature');
		expect(text).not.toContain(wildixSignature(JSON.stringify(callCompletedInbound()), SECRET));
	});

	test('the Default Country turns national numbers into E.164', async () => {
		const event = freshEvent(callCompletedInbound()) as { data: { flows: Array<{ caller: { phone: string } }> } };
		event.data.flows[0].caller.phone = '0701234567';
		const { result } = await run(event, {}, { defaultCountry: 'SE' });
		expect((result.workflowData?.[0][0].json.normalized as { from: { e164: string } }).from.e164).toBe('+46701234567');
	});
});

describe('Wildix Trigger description', () => {
	test('declares a POST webhook on the trigger path (exact or per copy) that n8n acknowledges with an empty 200 once the execution is started', () => {
		expect(trigger.description.webhooks).toEqual([
			expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived', responseData: '', isFullPath: FULL_PATH_FIELD.template, path: PATH_FIELD.template }),
		]);
		const path = trigger.description.properties.find((p) => p.name === 'path');
		expect(path?.default).toBe('wildix/events');
	});

	/** The subtitle as the editor evaluates it for these parameters (n8n-workflow's expression code). */
	const subtitle = (parameters: IDataObject) => {
		const { workflow, node } = workflowWith(trigger, parameters as never);
		return workflow.expression.getSimpleParameterValue(node, trigger.description.subtitle as string, 'internal', {});
	};

	test.each([
		[{}, 'On Call End'],
		[{ events: ['call:end', 'call:start', 'presence:telephony'] }, 'On Call End, Call Start, User Presence Telephony'],
		[{ events: ['*'] }, 'On All Events'],
		[{ events: ['chat:*', OTHER_EVENTS], otherEventTypes: 'call:summary:completed' }, 'On Chat Events, call:summary:completed'],
		[{ events: [OTHER_EVENTS] }, 'On named event types'],
	])('the canvas subtitle names the events as the editor lists them: %j → %s', (parameters, expected) => {
		expect(subtitle(parameters)).toBe(expected);
	});

	test('the option for event types typed by name reads as an action ("On event types named below")', () => {
		const events = trigger.description.properties.find((p) => p.name === 'events');
		const other = events?.options?.find((o) => 'value' in o && o.value === OTHER_EVENTS);
		expect(other?.name).toBe('Event Types Named Below');
	});

	test('uses the Wildix Webhook API credential, tested by the shared secret check', () => {
		expect(trigger.description.credentials).toEqual([{ name: 'wildixWebhookApi', required: true, testedBy: 'testWebhookSecret' }]);
		expect(typeof trigger.methods.credentialTest.testWebhookSecret).toBe('function');
	});
});

describe('Wildix Webhook API credential', () => {
	test('holds the secret as a password and the optional Integration ID', () => {
		const credential = new WildixWebhookApi();
		expect(credential.name).toBe('wildixWebhookApi');
		expect(credential.displayName).toBe('Wildix Webhook API');
		expect(credential.properties.map((p) => [p.name, p.required ?? false, p.typeOptions?.password ?? false])).toEqual([
			['secret', true, true],
			['integrationId', false, false],
		]);
	});
});

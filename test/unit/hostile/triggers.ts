/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * Every trigger of the package, in the set-ups the hostile-input suites run it in: its credentials and
 * parameters, a valid request, and how a request is authenticated (signed over its exact bytes). The suites
 * derive arbitrary and adversarial requests from these, signed correctly and not, and call webhook() through
 * the one test context (../webhookContext.ts).
 */
import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject, INodeParameters, INodeType, IWebhookFunctions } from 'n8n-workflow';

import { AutoIdTrigger } from '../../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CallTrackingMetricsTrigger } from '../../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { M8ComCallLogTrigger } from '../../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { M8ComLookupTrigger } from '../../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { M8ComRecordingTrigger } from '../../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WildixTrigger } from '../../../nodes/WildixTrigger/WildixTrigger.node';
import { callWebhook, type WebhookOutcome } from '../webhookContext';
import { CONTACT_CALLED_SUPPORT, PERSONAL_RECORDING } from '../../fixtures/m8com';
import { autoIdPayload, toXml } from '../../support/autoid';
import { CTM_ACTIVITY } from '../../support/standInCtmApi';
import { callCompletedInbound, presenceTelephony } from '../../support/wildix';

export const SECRETS = {
	m8com: 'unit-m8com-secret-1f4e',
	wildix: 'unit-wildix-secret-70aa',
	autoIdToken: 'unit-autoid-token-2b9d',
	autoIdPassword: 'unit-autoid-password-77c1',
	ctmSigning: 'unit-ctm-signing-5c3e',
	ctmHeader: 'unit-ctm-header-8d21',
	ctmBasic: 'unit-ctm-basic-0a9f',
	ctmApiSecret: 'unit-ctm-api-secret-0f6b',
};

export const ALL_SECRETS = Object.values(SECRETS);

export interface UnitTrigger {
	/** The trigger and the set-up, e.g. "CallTrackingMetrics Trigger (log data, no authentication)". */
	name: string;
	node: INodeType;
	method: 'GET' | 'POST';
	credentials: Record<string, ICredentialDataDecryptedObject>;
	parameters: INodeParameters;
	/** The Content-Type of a valid request ('' for a GET). */
	contentType: string;
	/** A valid body (as sent: JSON text or XML), '' for a GET. */
	validBody: string;
	/** A valid query string (without "?"). */
	validQuery: string;
	/** Headers that authenticate a request with these exact body bytes. */
	auth(body: Buffer): Record<string, string>;
	/** Whether the set-up checks anything at all (CTM's default set-up does not). */
	authenticated: boolean;
	helpers?: Partial<IWebhookFunctions['helpers']>;
	/** Statuses other than 2xx/4xx this set-up may answer on purpose (e.g. 502 when CTM's API fails). */
	alsoAllowed?: number[];
}

const bearer = (secret: string) => () => ({ authorization: `Bearer ${secret}` });
const now = () => String(Math.floor(Date.now() / 1000));

export const wildixSign = (body: Buffer | string, secret = SECRETS.wildix) => createHmac('sha256', secret).update(body).digest('hex');
export const ctmSign = (time: string, body: Buffer, secret = SECRETS.ctmSigning) =>
	createHmac('sha1', secret).update(Buffer.concat([Buffer.from(time), body])).digest('base64');

const M8COM_CREDENTIALS = { m8ComWebhookApi: { secret: SECRETS.m8com } };
const WILDIX_CREDENTIALS = { wildixWebhookApi: { secret: SECRETS.wildix } };
const CTM_CREDENTIALS = {
	callTrackingMetricsApi: {
		accessKey: 'unit-access-key',
		secretKey: SECRETS.ctmApiSecret,
		apiBaseUrl: 'http://127.0.0.1:9',
		signingSecret: SECRETS.ctmSigning,
		basicAuthUser: 'ctm',
		basicAuthPassword: SECRETS.ctmBasic,
		headerName: 'X-Webhook-Token',
		headerSecret: SECRETS.ctmHeader,
	},
};
const AUTOID_HEADER_CREDENTIALS = {
	autoIdWebhookApi: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: SECRETS.autoIdToken }] } },
};
const AUTOID_BASIC_CREDENTIALS = { autoIdWebhookApi: { authentication: 'basicAuth', user: 'autoid', password: SECRETS.autoIdPassword } };

const json = (value: unknown) => JSON.stringify(value);
const ctmAll = (body: Buffer) => {
	const time = now();
	return {
		'x-ctm-time': time,
		'x-ctm-signature': ctmSign(time, body),
		authorization: `Basic ${Buffer.from(`ctm:${SECRETS.ctmBasic}`).toString('base64')}`,
		'x-webhook-token': SECRETS.ctmHeader,
	};
};

/** A stand-in for CTM's API: answers whatever activity the test put in `ctmApiAnswer.value`. */
export const ctmApiAnswer: { value: unknown } = { value: CTM_ACTIVITY };

export const UNIT_TRIGGERS: UnitTrigger[] = [
	{
		name: 'M8Com Lookup Trigger',
		node: new M8ComLookupTrigger(),
		method: 'GET',
		credentials: M8COM_CREDENTIALS,
		parameters: { options: { responseDeadline: 100 } },
		contentType: '',
		validBody: '',
		validQuery: 'fromNumber=%2B46701234567&toNumber=0812345678&user%5BfirstName%5D=Anna&user%5Bid%5D=u-1',
		auth: bearer(SECRETS.m8com),
		authenticated: true,
	},
	{
		name: 'M8Com Lookup Trigger (answer cache on)',
		node: new M8ComLookupTrigger(),
		method: 'GET',
		credentials: M8COM_CREDENTIALS,
		parameters: { options: { responseDeadline: 100, cacheSeconds: 60 } },
		contentType: '',
		validBody: '',
		validQuery: 'fromNumber=0701234567&user=%7B%22id%22%3A%22u-1%22%7D',
		auth: bearer(SECRETS.m8com),
		authenticated: true,
	},
	{
		name: 'M8Com Call Log Trigger',
		node: new M8ComCallLogTrigger(),
		method: 'POST',
		credentials: M8COM_CREDENTIALS,
		parameters: {},
		contentType: 'application/json',
		validBody: json(CONTACT_CALLED_SUPPORT),
		validQuery: '',
		auth: bearer(SECRETS.m8com),
		authenticated: true,
	},
	{
		name: 'M8Com Recording Trigger',
		node: new M8ComRecordingTrigger(),
		method: 'POST',
		credentials: M8COM_CREDENTIALS,
		parameters: {},
		contentType: 'application/json',
		validBody: json(PERSONAL_RECORDING),
		validQuery: '',
		auth: bearer(SECRETS.m8com),
		authenticated: true,
	},
	{
		name: 'Wildix Trigger (call events)',
		node: new WildixTrigger(),
		method: 'POST',
		credentials: WILDIX_CREDENTIALS,
		parameters: { events: ['*'] },
		contentType: 'application/json',
		validBody: json(callCompletedInbound()),
		validQuery: '',
		auth: (body) => ({ 'x-signature': wildixSign(body) }),
		authenticated: true,
	},
	{
		name: 'Wildix Trigger (presence events)',
		node: new WildixTrigger(),
		method: 'POST',
		credentials: WILDIX_CREDENTIALS,
		parameters: { events: ['*'] },
		contentType: 'application/json',
		validBody: json(presenceTelephony('rt')),
		validQuery: '',
		auth: (body) => ({ 'x-signature': wildixSign(body) }),
		authenticated: true,
	},
	{
		name: 'CallTrackingMetrics Trigger (log data, no authentication, any phase)',
		node: new CallTrackingMetricsTrigger(),
		method: 'POST',
		credentials: CTM_CREDENTIALS,
		parameters: { triggerPhases: ['*'] },
		contentType: 'application/json',
		validBody: json(CTM_ACTIVITY),
		validQuery: 'trigger=end',
		auth: () => ({}),
		authenticated: false,
	},
	{
		name: 'CallTrackingMetrics Trigger (log data, signature + basic + header auth)',
		node: new CallTrackingMetricsTrigger(),
		method: 'POST',
		credentials: CTM_CREDENTIALS,
		parameters: { authentication: ['signature', 'basicAuth', 'headerAuth'], triggerPhases: ['end', 'start'] },
		contentType: 'application/json',
		validBody: json(CTM_ACTIVITY),
		validQuery: 'trigger=end',
		auth: ctmAll,
		authenticated: true,
	},
	{
		name: 'CallTrackingMetrics Trigger (log data, signature only)',
		node: new CallTrackingMetricsTrigger(),
		method: 'POST',
		credentials: CTM_CREDENTIALS,
		parameters: { authentication: ['signature'], triggerPhases: ['end'] },
		contentType: 'application/json',
		validBody: json(CTM_ACTIVITY),
		validQuery: 'trigger=end',
		auth: (body) => {
			const time = now();
			return { 'x-ctm-time': time, 'x-ctm-signature': ctmSign(time, body) };
		},
		authenticated: true,
	},
	{
		name: 'CallTrackingMetrics Trigger (pixel)',
		node: new CallTrackingMetricsTrigger(),
		method: 'GET',
		credentials: CTM_CREDENTIALS,
		parameters: { bodyType: 'pixel', triggerPhases: ['*'] },
		contentType: '',
		validBody: '',
		validQuery: 'trigger=end&callid=4391937&duration=185&direction=inbound&source=Google&caller_number=2065550142',
		auth: () => ({}),
		authenticated: false,
	},
	{
		name: 'CallTrackingMetrics Trigger (pixel posted as a form)',
		node: new CallTrackingMetricsTrigger(),
		method: 'POST',
		credentials: CTM_CREDENTIALS,
		parameters: { bodyType: 'pixel', triggerPhases: ['*'] },
		contentType: 'application/x-www-form-urlencoded',
		validBody: 'callid=4391937&duration=185&sale_value=99',
		validQuery: 'trigger=end',
		auth: () => ({}),
		authenticated: false,
	},
	{
		name: 'CallTrackingMetrics Trigger (resource link, activity fetched)',
		node: new CallTrackingMetricsTrigger(),
		method: 'POST',
		credentials: CTM_CREDENTIALS,
		parameters: { bodyType: 'resourceLink', triggerPhases: ['*'] },
		contentType: 'application/json',
		validBody: json({ resource_url: 'https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/4391937.json' }),
		validQuery: 'trigger=end',
		auth: () => ({}),
		authenticated: false,
		helpers: { httpRequestWithAuthentication: (async () => ctmApiAnswer.value) as never },
		// CTM's API answering something that is not an activity is answered 502, so CTM retries.
		alsoAllowed: [502],
	},
	{
		name: 'AutoID Trigger (JSON, header auth)',
		node: new AutoIdTrigger(),
		method: 'POST',
		credentials: AUTOID_HEADER_CREDENTIALS,
		parameters: {},
		contentType: 'application/json',
		validBody: json(autoIdPayload('call_end')),
		validQuery: 'phase=call_end',
		auth: () => ({ 'x-autoid-token': SECRETS.autoIdToken }),
		authenticated: true,
	},
	{
		name: 'AutoID Trigger (XML, basic auth)',
		node: new AutoIdTrigger(),
		method: 'POST',
		credentials: AUTOID_BASIC_CREDENTIALS,
		parameters: { triggerOn: 'call_end' },
		contentType: 'application/xml',
		validBody: toXml(autoIdPayload('call_end')),
		validQuery: '',
		auth: () => ({ authorization: `Basic ${Buffer.from(`autoid:${SECRETS.autoIdPassword}`).toString('base64')}` }),
		authenticated: true,
	},
];

export const triggerNamed = (name: string): UnitTrigger => {
	const found = UNIT_TRIGGERS.find((trigger) => trigger.name === name);
	if (!found) throw new Error(`No unit trigger ${name}`);
	return found;
};

export interface Delivery {
	/** The body as sent (default: the valid one). */
	body?: string | Buffer;
	/** The query string (default: the valid one). */
	query?: string;
	/** Extra headers (undefined removes one). */
	headers?: Record<string, string | undefined>;
	/** Whether to authenticate the request (sign these exact bytes); default true. */
	signed?: boolean;
}

/** Sends a request to the trigger as its vendor would (authenticated unless `signed: false`). */
export async function deliver(trigger: UnitTrigger, delivery: Delivery = {}): Promise<WebhookOutcome> {
	const body = Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body ?? trigger.validBody);
	const headers = {
		...(trigger.contentType ? { 'content-type': trigger.contentType } : {}),
		...(delivery.signed === false ? {} : trigger.auth(body)),
		...delivery.headers,
	};
	return await callWebhook(
		trigger.node,
		{ method: trigger.method, headers, query: delivery.query ?? trigger.validQuery, body },
		{ parameters: trigger.parameters, credentials: trigger.credentials, helpers: trigger.helpers },
	);
}

const INTRINSICS = new Map<unknown, string>([
	[Object.prototype, 'Object.prototype'],
	[Array.prototype, 'Array.prototype'],
	[Function.prototype, 'Function.prototype'],
	[String.prototype, 'String.prototype'],
	[Number.prototype, 'Number.prototype'],
	[Boolean.prototype, 'Boolean.prototype'],
	[Date.prototype, 'Date.prototype'],
	[RegExp.prototype, 'RegExp.prototype'],
	[Error.prototype, 'Error.prototype'],
	[Promise.prototype, 'Promise.prototype'],
	[Map.prototype, 'Map.prototype'],
	[Set.prototype, 'Set.prototype'],
	[globalThis, 'globalThis'],
]);

/**
 * What in an item is not plain data: a live prototype (Object.prototype, Array.prototype, …), any function
 * (the `Object` constructor among them), an object whose prototype is not Object's or Array's (or null).
 * Returns the paths, empty when the item is clean.
 */
export function notPlainData(value: unknown, path = '$', seen = new Set<unknown>()): string[] {
	if (typeof value === 'function') return [`${path}: a function (${(value as { name?: string }).name || 'anonymous'})`];
	if (typeof value === 'bigint' || typeof value === 'symbol') return [`${path}: a ${typeof value}`];
	if (typeof value !== 'object' || value === null) return [];
	if (INTRINSICS.has(value)) return [`${path}: ${INTRINSICS.get(value)}`];
	if (seen.has(value)) return [];
	seen.add(value);
	const prototype = Object.getPrototypeOf(value) as unknown;
	if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) {
		return [`${path}: an object with prototype ${INTRINSICS.get(prototype) ?? 'of its own'}`];
	}
	return Object.keys(value).flatMap((key) => notPlainData((value as Record<string, unknown>)[key], `${path}.${key}`, seen));
}

/** The parts of an item the package computes (the vendor's payload beside them passes through as sent). */
export const DERIVED_FIELDS = ['normalized', 'presence', 'sections', 'attribution', 'ctmWebhook', 'phase', 'phaseSource', 'customerId'];

/** Numbers in the computed parts of an item that are not finite (a sum or a parse that overflowed). */
export function nonFiniteNumbers(item: Record<string, unknown>): string[] {
	const found: string[] = [];
	const walk = (value: unknown, path: string): void => {
		if (typeof value === 'number' && !Number.isFinite(value)) found.push(`${path}: ${value}`);
		else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
	};
	for (const field of DERIVED_FIELDS) if (Object.prototype.hasOwnProperty.call(item, field)) walk(item[field], `$.${field}`);
	return found;
}

/**
 * Wildix webhook events for the tests, and a client that sends them the way Wildix does (POST JSON, signed).
 *
 * call:start, call:update and call:end are the payloads of the vendor doc (vendor-docs/wildix-webhooks.txt),
 * unchanged. The other types follow the shapes of Wildix's developer documentation (docs.wildix.com: calls,
 * analytics, presences, conferences, messaging and SMS webhooks), with values of our own.
 */
import { createHmac } from 'node:crypto';

type Json = Record<string, unknown>;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const DOC_CALLER = {
	type: 'LOCAL',
	phone: '1001',
	name: 'admin',
	company: null,
	email: 'vladimir.gorobets@wildix.com',
	userId: '1257510555',
	userExtension: '1001',
	userDepartment: null,
	groupId: '62177694',
	groupName: 'Admin',
	userAgent: 'Wildix Zero Distance 4.0.1 WebRTC-f2a0f5f1-6c4e-444f-b99f-a968bb5f7297',
	userDevice: 'COLLABORATION_WEB',
};

const DOC_CALLEE = {
	type: 'LOCAL',
	phone: '10020',
	name: 'user20',
	company: null,
	email: 'vladimir.gorobets+3@wildix.com',
	userId: '5753746',
	userExtension: '10020',
	userDepartment: null,
	groupId: '874629312',
	groupName: 'Default',
	userAgent: null,
	userDevice: null,
};

const docCall = (type: string, time: number, data: Json): Json => ({
	id: 'it_w118741_1693389850.110',
	pbx: '221100001bab',
	time,
	company: 'it_w118741',
	type,
	integrationId: '8qkmnq',
	data: {
		status: 'CONNECTING',
		caller: DOC_CALLER,
		callee: null,
		service: null,
		destination: '10020',
		trunkName: null,
		queueName: null,
		queueId: null,
		tags: [],
		flags: [],
		endCause: null,
		endCauseStr: null,
		endBy: null,
		...data,
	},
});

/** The vendor doc's three call events (one internal call from extension 1001 to 10020, rejected). */
export const DOC_CALL_START = docCall('call:start', 1693389850810, {});
export const DOC_CALL_UPDATE = docCall('call:update', 1693389850810, { callee: DOC_CALLEE });
export const DOC_CALL_END = docCall('call:end', 1693389853611, {
	callee: DOC_CALLEE,
	endCause: '21',
	endCauseStr: 'Call Rejected',
	endBy: 'CALLER',
});

const AGENT = {
	type: 'LOCAL',
	phone: '231',
	name: 'Anna Berg',
	email: 'anna.berg@acme.example',
	userId: '4412087',
	userExtension: '231',
	userDepartment: 'Support',
	groupId: '1238467',
	groupName: 'Support',
	userAgent: 'x-bees Web 1.76.0',
	userDevice: 'XBEES_WEB',
	role: 'AGENT',
	license: 'premium',
};

const CUSTOMER = { type: 'REMOTE', phone: '+46701234567', name: 'Maria Andersson', role: 'CLIENT' };

/** A call:end in the doc's shape for an inbound call from a customer to a user, answered, ended by the callee. */
export function inboundCallEnd(overrides: Json = {}): Json {
	return {
		...docCall('call:end', 1721836427828, {
			status: 'CONNECTED',
			caller: { type: 'REMOTE', phone: '0701234567', name: 'Maria Andersson', company: 'Acme Inc.', email: null, userId: null, userExtension: null, userDepartment: null, groupId: null, groupName: null, userAgent: null, userDevice: null },
			callee: AGENT,
			destination: '231',
			trunkName: 'SIPTRUNK',
			queueName: 'Support queue',
			queueId: '5',
			endCause: '16',
			endCauseStr: 'Normal Clearing',
			endBy: 'CALLEE',
		}),
		id: 'it_w000001_1721836405.201',
		...overrides,
	};
}

/** Analytics: an inbound call answered after waiting in a queue, with one flow (docs.wildix.com shape). */
export function callCompletedInbound(overrides: Json = {}): Json {
	return {
		id: 'it_w000001_1721836405.201',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721836430100,
		type: 'call:completed',
		integrationId: '8qkmnq',
		data: {
			id: 'it_w000001_1721836405.201',
			pbx: '000000000001',
			time: 1721836430000,
			company: 'it_w000001',
			licenses: ['x-bees'],
			type: 'call',
			flows: [
				{
					flowIndex: 0,
					startTime: 1721836405000,
					endTime: 1721836427000,
					duration: 22000,
					connectTime: 4000,
					talkTime: 15000,
					waitTime: 7000,
					caller: CUSTOMER,
					callee: AGENT,
					serviceNumber: '+4684001000',
					destination: '231',
					direction: 'INBOUND',
					trunkName: 'SIPTRUNK',
					trunkDirection: 'incoming',
					queueName: 'Support queue',
					queueId: '5',
					tags: ['External'],
					remotePhone: '+46701234567',
					callStatus: 'COMPLETED',
				},
			],
			endCause: '16',
			endCauseStr: 'Normal Clearing',
			endBy: 'CALLER',
		},
		...overrides,
	};
}

/** Analytics: an outbound call from a user to a customer that nobody answered, two flows (a retry). */
export function callCompletedOutboundMissed(): Json {
	const flow = (index: number, start: number) => ({
		flowIndex: index,
		startTime: start,
		endTime: start + 20000,
		duration: 20000,
		connectTime: 0,
		talkTime: 0,
		waitTime: 20000,
		caller: AGENT,
		callee: CUSTOMER,
		destination: '+46701234567',
		direction: 'OUTBOUND',
		trunkName: 'SIPTRUNK',
		trunkDirection: 'outgoing',
		remotePhone: '+46701234567',
		callStatus: 'NOANSWER',
	});
	return {
		id: 'it_w000001_1721840000.310',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721840050000,
		type: 'call:completed',
		integrationId: '8qkmnq',
		data: {
			id: 'it_w000001_1721840000.310',
			type: 'call',
			flows: [flow(0, 1721840000000), flow(1, 1721840025000)],
			endCause: '19',
			endCauseStr: 'No Answer',
			endBy: 'CALLEE',
		},
	};
}

/** A live call: started by a user towards an external number, callee not yet known. */
export function callLiveProgress(type = 'call:live:progress'): Json {
	return {
		id: 'it_w000001_1721984075.0',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721984076400,
		type,
		integrationId: '8qkmnq',
		data: {
			id: 'it_w000001_1721984075.0',
			pbx: '000000000001',
			time: 1721984076338,
			company: 'it_w000001',
			licenses: ['x-bees'],
			event: 'call',
			eventTrigger: type === 'call:live:progress' ? 'call.start' : 'call.end',
			start: '2024-07-26T08:54:36.337Z',
			flows: [
				{
					flowIndex: 0,
					duration: type === 'call:live:progress' ? 0 : 31000,
					connectTime: 0,
					talkTime: type === 'call:live:completed' ? 25000 : 0,
					waitTime: 6000,
					caller: AGENT,
					destination: '+46701234567',
					direction: 'OUTBOUND',
					remotePhone: '+46701234567',
					status: type === 'call:live:progress' ? 'RINGING' : 'COMPLETED',
				},
			],
		},
	};
}

/** The transcription of a call, the call nested under data.call. */
export function callTranscriptionCompleted(): Json {
	return {
		id: 'it_w000001_1721836405.201',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721836500000,
		type: 'call:transcription:completed',
		integrationId: '8qkmnq',
		data: {
			call: { id: 'it_w000001_1721836405.201', caller: CUSTOMER, callee: AGENT, direction: 'INBOUND' },
			chunks: [
				{ time: 1721836412000, name: 'Anna Berg', text: 'Acme support, Anna speaking.' },
				{ time: 1721836415000, name: 'Maria Andersson', text: 'Hi, my invoice is wrong.' },
			],
		},
	};
}

export function presenceUser(): Json {
	return {
		id: 'it_w000001_231',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721832358745,
		type: 'presence:user',
		integrationId: '8qkmnq',
		data: {
			extension: '231',
			email: 'anna.berg@acme.example',
			sourceId: '',
			status: 'dnd',
			until: '2024-07-24T21:59:00Z',
			message: 'In a meeting',
			location: { address: '', lat: '', lng: '' },
		},
	};
}

export function presenceTelephony(status = 'talking'): Json {
	return {
		id: 'it_w000001_1721832323019_231',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721832323420,
		type: 'presence:telephony',
		integrationId: '8qkmnq',
		data: { extension: '231', email: 'anna.berg@acme.example', sourceId: '', status },
	};
}

export function presenceConference(joined = true): Json {
	return {
		id: 'it_w000001_231',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1721832379338,
		type: 'presence:conference',
		integrationId: '8qkmnq',
		data: {
			extension: '231',
			isJoined: joined,
			isLeaved: !joined,
			participant: {
				type: 'XBS',
				jid: 'anna@conference-xmpp.wildix.com/f3114d96',
				name: 'Anna Berg',
				email: 'anna.berg@acme.example',
				department: 'Support',
				company: 'it_w000001',
				pbxSerial: '000000000001',
				pbxExtension: '231',
			},
		},
	};
}

export function conferenceLiveProgress(): Json {
	return {
		id: 'conf-5a1c-1721905148868',
		company: 'it_w000001',
		time: 1721905149199,
		type: 'conference:live:progress',
		integrationId: '8qkmnq',
		data: {
			id: 'conf-5a1c-1721905148868',
			time: 1721905149125,
			company: 'it_w000001',
			event: 'conference',
			start: '2024-07-25T10:59:09.124Z',
			subject: 'Weekly support review',
			participants: [{ type: 'XBS', name: 'Anna Berg', email: 'anna.berg@acme.example', pbxExtension: '231' }],
		},
	};
}

export function chatMessageCreated(): Json {
	return {
		id: '6f1d2c1e-2b1a-4c55-9d0e-1a2b3c4d5e6f',
		type: 'chat:message:created',
		company: 'it_w000001',
		time: 1719842806700,
		integrationId: '8qkmnq',
		data: {
			channel: { channelId: 'support-room', channelType: 'group', subject: 'Support' },
			message: { id: 'm-1', text: 'Customer called about an invoice', user: 'anna' },
		},
	};
}

export function smsStatus(): Json {
	return {
		id: '1745855327719vt6k3vztxgct47cz',
		pbx: '000000000001',
		company: 'it_w000001',
		time: 1745855330065,
		type: 'sms:status',
		integrationId: '8qkmnq',
		data: {
			from: '+46812345678',
			to: '+46701234567',
			status: 'DELIVERED',
			reason: '',
			id: '1745855327719vt6k3vztxgct47cz',
			channel: '2-way-sms',
			parts: 1,
		},
	};
}

/** Every event type the fixtures cover, fresh copies. */
export function everyEvent(): Json[] {
	return [
		DOC_CALL_START,
		DOC_CALL_UPDATE,
		DOC_CALL_END,
		callLiveProgress('call:live:progress'),
		callLiveProgress('call:live:completed'),
		callLiveProgress('call:live:interrupted'),
		callCompletedInbound(),
		callTranscriptionCompleted(),
		presenceUser(),
		presenceTelephony(),
		presenceConference(),
		conferenceLiveProgress(),
		chatMessageCreated(),
		smsStatus(),
	].map(clone);
}

export const freshEvent = <T extends Json>(event: T): T => clone(event);

/** Wildix's signature: lower-case hex HMAC-SHA256 of the body, keyed with the integration's secret. */
export function wildixSignature(body: string | Buffer, secret: string): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

export interface WildixDelivery {
	status: number;
	body: string;
	json: unknown;
	elapsedMs: number;
}

export interface SendOptions {
	secret: string;
	/** The exact text to send (default: the compact JSON of the event). */
	text?: string;
	/** The signature header to send; null sends none. Default: signed over the text sent. */
	signature?: string | null;
	contentType?: string;
}

/** POSTs an event as Wildix does: JSON body, `x-signature` header. */
export async function sendWildixEvent(url: string, event: unknown, options: SendOptions): Promise<WildixDelivery> {
	const text = options.text ?? JSON.stringify(event);
	const signature = options.signature === undefined ? wildixSignature(text, options.secret) : options.signature;
	const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
	if (signature !== null) headers['x-signature'] = signature;
	const started = Date.now();
	const res = await fetch(url, { method: 'POST', headers, body: text });
	const body = await res.text();
	let json: unknown;
	try {
		json = body ? JSON.parse(body) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, body, json, elapsedMs: Date.now() - started };
}

/** normalized for every call event type, and the compact presence object, from Wildix's payload shapes. */
import { compactWildixPresence, normalizeWildixCall } from '../../nodes/WildixTrigger/wildixNormalize';
import type { WildixEnvelope } from '../../nodes/WildixTrigger/wildixEnvelope';
import { normalizedCall } from '../../lib/normalized';
import {
	DOC_CALL_END,
	DOC_CALL_START,
	DOC_CALL_UPDATE,
	callCompletedInbound,
	callCompletedOutboundMissed,
	callLiveProgress,
	callTranscriptionCompleted,
	freshEvent,
	inboundCallEnd,
	presenceConference,
	presenceTelephony,
	presenceUser,
} from '../support/wildix';

/** The item's `normalized` and `wildixCall` side by side, flattened: the field-by-field checks below read both. */
const normalize = (event: Record<string, unknown>, country = 'SE') => {
	const { normalized, wildixCall } = normalizeWildixCall(event as unknown as WildixEnvelope, country);
	return { ...normalized, ...wildixCall };
};

describe('normalized holds the shared keys only; Wildix\'s extras are wildixCall', () => {
	test.each([
		['call:end', DOC_CALL_END],
		['call:completed', callCompletedInbound()],
		['call:live:progress', callLiveProgress()],
		['call:transcription:completed', callTranscriptionCompleted()],
	])('%s', (_type, event) => {
		const { normalized, wildixCall } = normalizeWildixCall(event as unknown as WildixEnvelope, 'SE');
		expect(Object.keys(normalized)).toEqual(Object.keys(normalizedCall('wildix', 'x', {})));
		expect(Object.keys(wildixCall).sort()).toEqual(
			['caller', 'callee', 'localUsers', 'externalParties', 'status', 'endCause', 'endCauseText', 'endedBy'].sort(),
		);
	});
});

const ADMIN = { number: '1001', e164: null, name: 'admin', email: 'vladimir.gorobets@wildix.com', userId: '1257510555' };
const USER20 = { number: '10020', e164: null, name: 'user20', email: 'vladimir.gorobets+3@wildix.com', userId: '5753746' };
const ANNA = { number: '231', e164: null, name: 'Anna Berg', email: 'anna.berg@acme.example', userId: '4412087' };
const MARIA = { number: '+46701234567', e164: '+46701234567', name: 'Maria Andersson', email: null, userId: null };

describe('normalized for the vendor doc\'s call:start, call:update and call:end', () => {
	test('call:start: the caller is a LOCAL user, the callee not known yet (the destination stands in)', () => {
		expect(normalize(DOC_CALL_START)).toEqual({
			vendor: 'wildix',
			event: 'call:start',
			// The doc's three events of one call share this id: it identifies the call.
			callId: 'it_w118741_1693389850.110',
			direction: null,
			from: ADMIN,
			to: { number: '10020', e164: null, name: null, email: null, userId: null },
			startedAt: '2023-08-30T10:04:10.810Z',
			endedAt: null,
			durationMs: null,
			talkTimeMs: null,
			waitTimeMs: null,
			answered: null,
			agent: ADMIN,
			answerGroup: null,
			recordingUrls: [],
			summary: null,
			caller: { ...ADMIN, extension: '1001', department: null, type: 'LOCAL', local: true },
			callee: null,
			localUsers: [{ ...ADMIN, extension: '1001', department: null, type: 'LOCAL', local: true }],
			externalParties: [],
			status: 'CONNECTING',
			endCause: null,
			endCauseText: null,
			endedBy: null,
		});
	});

	test('call:update: two LOCAL users make an internal call', () => {
		const n = normalize(DOC_CALL_UPDATE);
		expect(n).toMatchObject({ event: 'call:update', direction: 'internal', from: ADMIN, to: USER20, startedAt: null, endedAt: null });
		expect(n.localUsers.map((u) => u.name)).toEqual(['admin', 'user20']);
		expect(n.externalParties).toEqual([]);
	});

	test('call:end: end cause, its text, who ended it, and a call that ended while connecting was not answered', () => {
		expect(normalize(DOC_CALL_END)).toMatchObject({
			event: 'call:end',
			callId: 'it_w118741_1693389850.110',
			direction: 'internal',
			endedAt: '2023-08-30T10:04:13.611Z',
			answered: false,
			endCause: '21',
			endCauseText: 'Call Rejected',
			endedBy: 'caller',
			status: 'CONNECTING',
		});
	});

	test('an external caller reaching a LOCAL user is inbound; the user is the agent, the queue the answer group', () => {
		const n = normalize(inboundCallEnd());
		expect(n).toMatchObject({
			direction: 'inbound',
			from: { number: '0701234567', e164: '+46701234567', name: 'Maria Andersson' },
			to: ANNA,
			agent: ANNA,
			answerGroup: { name: 'Support queue', userId: '5', number: null, e164: null, email: null },
			endedBy: 'callee',
			endCauseText: 'Normal Clearing',
			answered: null,
		});
		expect(n.externalParties).toEqual([
			expect.objectContaining({ number: '0701234567', type: 'REMOTE', local: false }),
		]);
		expect(n.localUsers).toEqual([expect.objectContaining({ name: 'Anna Berg', extension: '231', department: 'Support', local: true })]);
	});

	test('national numbers become E.164 only with a default country', () => {
		expect(normalize(inboundCallEnd(), '').from.e164).toBeNull();
		expect(normalize(inboundCallEnd(), 'SE').from.e164).toBe('+46701234567');
	});

	test('a LOCAL caller dialling out through a trunk before the callee is known is outbound', () => {
		const event = freshEvent(DOC_CALL_START) as { data: Record<string, unknown> };
		event.data.trunkName = 'SIPTRUNK';
		event.data.destination = '+46701234567';
		expect(normalize(event)).toMatchObject({ direction: 'outbound', to: { number: '+46701234567', e164: '+46701234567' } });
	});
});

describe('normalized for call records with flows (call:completed, call:live:*)', () => {
	test('call:completed, inbound and answered: times, durations, agent, end cause from the call record', () => {
		const n = normalize(callCompletedInbound());
		expect(n).toMatchObject({
			event: 'call:completed',
			callId: 'it_w000001_1721836405.201',
			direction: 'inbound',
			from: MARIA,
			to: ANNA,
			startedAt: '2024-07-24T15:53:25.000Z',
			endedAt: '2024-07-24T15:53:47.000Z',
			durationMs: 22000,
			talkTimeMs: 15000,
			waitTimeMs: 7000,
			answered: true,
			agent: ANNA,
			answerGroup: { name: 'Support queue', userId: '5' },
			status: 'COMPLETED',
			endCause: '16',
			endCauseText: 'Normal Clearing',
			endedBy: 'caller',
		});
	});

	test('call:completed, outbound, nobody answered in two attempts: times span both flows, answered false', () => {
		const n = normalize(callCompletedOutboundMissed());
		expect(n).toMatchObject({
			direction: 'outbound',
			from: ANNA,
			to: MARIA,
			durationMs: 45000,
			talkTimeMs: 0,
			waitTimeMs: 40000,
			answered: false,
			agent: ANNA,
			status: 'NOANSWER',
			endedBy: 'callee',
		});
		expect(n.localUsers).toHaveLength(1);
		expect(n.externalParties).toHaveLength(1);
	});

	test('call:live:progress without a callee takes Wildix\'s direction and the destination', () => {
		expect(normalize(callLiveProgress('call:live:progress'))).toMatchObject({
			event: 'call:live:progress',
			callId: 'it_w000001_1721984075.0',
			direction: 'outbound',
			from: ANNA,
			to: { number: '+46701234567', e164: '+46701234567', name: null },
			startedAt: '2024-07-26T08:54:36.337Z',
			endedAt: null,
			answered: null,
			status: 'RINGING',
			callee: null,
		});
	});

	test('call:live:completed with talk time is answered; call:live:interrupted without is not', () => {
		expect(normalize(callLiveProgress('call:live:completed'))).toMatchObject({ answered: true, talkTimeMs: 25000, status: 'COMPLETED' });
		expect(normalize(callLiveProgress('call:live:interrupted'))).toMatchObject({ answered: false, talkTimeMs: 0 });
	});

	test('call:transcription:completed reads the call nested under data.call', () => {
		expect(normalize(callTranscriptionCompleted())).toMatchObject({
			event: 'call:transcription:completed',
			callId: 'it_w000001_1721836405.201',
			direction: 'inbound',
			from: MARIA,
			to: ANNA,
			agent: ANNA,
			answered: null,
		});
	});

	test('a party without a type is neither a LOCAL user nor an external party; the direction then stays unknown', () => {
		const n = normalize({ id: 'x', type: 'call:update', time: 1, data: { caller: { phone: '+46701234567' }, callee: { phone: '231' } } });
		expect(n.direction).toBeNull();
		expect(n.caller?.local).toBeNull();
		expect(n.localUsers).toEqual([]);
		expect(n.externalParties).toEqual([]);
	});

	test('an external caller forwarded to an external number is inbound for the business (Wildix\'s direction first)', () => {
		const forwarded = (direction?: string) => ({
			id: 'x',
			type: 'call:completed',
			time: 1,
			data: { flows: [{ caller: { type: 'REMOTE', phone: '+46701234567' }, callee: { type: 'REMOTE', phone: '+46709999999' }, direction }] },
		});
		expect(normalize(forwarded()).direction).toBe('inbound');
		expect(normalize(forwarded('OUTBOUND')).direction).toBe('outbound');
		expect(normalize(forwarded()).agent).toBeNull();
	});

	test('a call with no parties at all still yields every field, empty', () => {
		const n = normalize({ id: 'x', type: 'call:update', time: 1, data: {} });
		expect(n.from).toEqual({ number: null, e164: null, name: null, email: null, userId: null });
		expect(n).toMatchObject({ callId: 'x', direction: null, agent: null, caller: null, callee: null });
	});
});

describe('compactWildixPresence', () => {
	test('presence:user: status, message, until; an empty location is null', () => {
		expect(compactWildixPresence(presenceUser() as unknown as WildixEnvelope)).toEqual({
			kind: 'user',
			extension: '231',
			email: 'anna.berg@acme.example',
			name: null,
			status: 'dnd',
			message: 'In a meeting',
			until: '2024-07-24T21:59:00.000Z',
			location: null,
			onCall: null,
			ringing: null,
			inConference: null,
			at: '2024-07-24T14:45:58.745Z',
		});
	});

	test('presence:user with a location keeps it', () => {
		const event = presenceUser() as { data: Record<string, unknown> };
		event.data.location = { address: 'Stockholm office', lat: '59.33', lng: '18.06' };
		expect(compactWildixPresence(event as unknown as WildixEnvelope).location).toEqual({ address: 'Stockholm office', lat: '59.33', lng: '18.06' });
	});

	test.each([
		['talking', true, false],
		['rt', true, true],
		['registered', false, false],
		['ringing', false, true],
		['RT', true, true],
		['unavailable', null, null],
	])('presence:telephony %s → onCall %p, ringing %p', (status, onCall, ringing) => {
		expect(compactWildixPresence(presenceTelephony(status) as unknown as WildixEnvelope)).toMatchObject({ kind: 'telephony', status, onCall, ringing, inConference: null });
	});

	test('presence:conference: joined or left, with the participant\'s name and email', () => {
		expect(compactWildixPresence(presenceConference(true) as unknown as WildixEnvelope)).toMatchObject({
			kind: 'conference',
			extension: '231',
			name: 'Anna Berg',
			email: 'anna.berg@acme.example',
			inConference: true,
			onCall: null,
		});
		expect(compactWildixPresence(presenceConference(false) as unknown as WildixEnvelope).inConference).toBe(false);
	});
});

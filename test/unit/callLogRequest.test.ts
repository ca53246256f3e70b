/** M8Com's automatic call logging request: fields, validation messages and the normalized call. */
import {
	businessDirection,
	callLogId,
	callLogItem,
	parseCallLogRequest,
	type CallLogRequest,
} from '../../nodes/M8ComCallLog/callLogRequest';
import { callLogSkipReason } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { CONTACT_CALLED_SUPPORT, ANNA_CALLED_CONTACT } from '../fixtures/m8com';

const valid = (body: unknown): CallLogRequest => {
	const parsed = parseCallLogRequest(body);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
};

describe('parseCallLogRequest', () => {
	test('accepts every documented field and keeps fields M8Com adds later', () => {
		const request = valid({ ...CONTACT_CALLED_SUPPORT, recordingId: 77, newThing: { a: 1 } });
		expect(request).toEqual({ ...CONTACT_CALLED_SUPPORT, recordingId: 77, newThing: { a: 1 } });
	});

	test('accepts a v1 request without userId', () => {
		const { userId, ...v1 } = CONTACT_CALLED_SUPPORT;
		void userId;
		expect(valid(v1).userId).toBeUndefined();
	});

	test('accepts numeric strings for duration and startTime and makes them numbers', () => {
		const request = valid({ ...CONTACT_CALLED_SUPPORT, duration: '125000', startTime: '1700000000000' });
		expect(request.duration).toBe(125000);
		expect(request.startTime).toBe(1700000000000);
	});

	test.each(['fromNumber', 'toNumber', 'duration', 'startTime', 'callType', 'body'])(
		'a body without %s is refused, naming the field',
		(field) => {
			const body: Record<string, unknown> = { ...CONTACT_CALLED_SUPPORT };
			delete body[field];
			expect(parseCallLogRequest(body)).toEqual({ ok: false, message: `Missing field "${field}"` });
			expect(parseCallLogRequest({ ...body, [field]: null })).toEqual({ ok: false, message: `Missing field "${field}"` });
		},
	);

	test.each([
		[{ duration: 'long' }, 'Field "duration" has the wrong type'],
		[{ duration: -5 }, 'Field "duration" must be at least 0'],
		[{ fromNumber: 46701234567 }, 'Field "fromNumber" must be a string'],
		[{ body: ['a'] }, 'Field "body" must be a string'],
		[{ callType: '' }, 'Field "callType" must not be empty'],
		[{ userId: 5 }, 'Field "userId" must be a string'],
	])('a wrong type is refused with a message naming the field: %p', (patch, message) => {
		expect(parseCallLogRequest({ ...CONTACT_CALLED_SUPPORT, ...patch })).toEqual({ ok: false, message });
	});

	test.each([[null], ['text'], [[CONTACT_CALLED_SUPPORT]], [42]])('a body that is not an object (%p) is refused', (body) => {
		expect(parseCallLogRequest(body)).toEqual({ ok: false, message: 'The body must be a JSON object' });
	});
});

describe('businessDirection: callType is seen from the CRM contact', () => {
	test('"Inbound" (the contact received the call) is the business calling out', () => {
		expect(businessDirection('Inbound')).toBe('outbound');
		expect(businessDirection(' inbound ')).toBe('outbound');
	});
	test('"Outbound" (the contact called) is inbound for the business', () => {
		expect(businessDirection('OUTBOUND')).toBe('inbound');
	});
	test('an unknown call type has no direction', () => {
		expect(businessDirection('Internal')).toBeNull();
	});
});

describe('callLogItem', () => {
	test('a contact calling an answer group: every field, the sections and normalized', () => {
		const item = callLogItem(valid(CONTACT_CALLED_SUPPORT), 'SE');
		expect(item).toMatchObject(CONTACT_CALLED_SUPPORT);
		expect(item.sections).toMatchObject({
			callFrom: '+46701234567',
			callToAnswerGroup: { name: 'Support', number: '+4685550000' },
			agent: 'erik@acme.example',
			callType: 'Outbound',
			summary: 'The customer asked about the renewal.',
		});
		expect(item.normalized).toEqual({
			vendor: 'm8com',
			event: 'callLog',
			callId: callLogId(valid(CONTACT_CALLED_SUPPORT)),
			direction: 'inbound',
			from: { number: '+46701234567', e164: '+46701234567', name: null, email: null, userId: null },
			to: { number: '+4685550000', e164: '+4685550000', name: null, email: null, userId: 'u-erik' },
			startedAt: '2023-11-14T22:13:20.000Z',
			endedAt: '2023-11-14T22:15:25.000Z',
			durationMs: 125000,
			talkTimeMs: null,
			waitTimeMs: null,
			answered: null,
			agent: { number: null, e164: null, name: null, email: 'erik@acme.example', userId: 'u-erik' },
			answerGroup: { number: '+4685550000', e164: '+4685550000', name: 'Support', email: null, userId: null },
			recordingUrls: [],
			summary: 'The customer asked about the renewal.',
		});
	});

	test('the business calling a contact: national numbers in E.164, the user as agent', () => {
		const item = callLogItem(valid(ANNA_CALLED_CONTACT), 'SE');
		expect(item.normalized).toMatchObject({
			direction: 'outbound',
			from: { number: '0701112233', e164: '+46701112233', userId: 'u-anna' },
			to: { number: '070-123 45 67', e164: '+46701234567', userId: null },
			agent: { email: 'anna@acme.example', number: '0701112233', e164: '+46701112233', userId: 'u-anna' },
			answerGroup: null,
			summary: null,
		});
	});

	test('a call to a user without a real number keeps the user id with e164 null', () => {
		const item = callLogItem(
			valid({ ...CONTACT_CALLED_SUPPORT, toNumber: 'u-anna-7f3', body: 'Call to user: Anna Berg (u-anna-7f3)\nCall type: Outbound' }),
			'SE',
		);
		expect(item.normalized.to).toMatchObject({ number: 'u-anna-7f3', e164: null });
		expect(item.normalized.agent).toMatchObject({ name: 'Anna Berg', number: 'u-anna-7f3', e164: null });
	});

	test('a v1 request has userId null in the item', () => {
		const { userId, ...v1 } = CONTACT_CALLED_SUPPORT;
		void userId;
		expect(callLogItem(valid(v1), 'SE').userId).toBeNull();
	});
});

describe('callLogId', () => {
	test('is stable for the same call and differs for another call', () => {
		const a = callLogId(valid(CONTACT_CALLED_SUPPORT));
		expect(a).toMatch(/^m8com-call-[0-9a-f]{24}$/);
		expect(callLogId(valid({ ...CONTACT_CALLED_SUPPORT }))).toBe(a);
		expect(callLogId(valid({ ...CONTACT_CALLED_SUPPORT, startTime: 1 }))).not.toBe(a);
	});
});

describe('callLogSkipReason (the trigger\'s options)', () => {
	const request = valid(CONTACT_CALLED_SUPPORT);
	test('runs every call by default', () => {
		expect(callLogSkipReason(request, {})).toBeUndefined();
		expect(callLogSkipReason(request, { callTypes: [], minDurationSeconds: 0 })).toBeUndefined();
	});
	test('only the selected call types run', () => {
		expect(callLogSkipReason(request, { callTypes: ['Outbound'] })).toBeUndefined();
		expect(callLogSkipReason(request, { callTypes: ['Inbound'] })).toBe('call type not selected');
	});
	test('calls shorter than N seconds are skipped; exactly N runs', () => {
		expect(callLogSkipReason(request, { minDurationSeconds: 126 })).toBe('call shorter than 126 seconds');
		expect(callLogSkipReason(request, { minDurationSeconds: 125 })).toBeUndefined();
	});
});

/** The Wildix envelope; choosing event types; the replay window. */
import { parseWildixEnvelope } from '../../nodes/WildixTrigger/wildixEnvelope';
import {
	EVENT_TYPE_OPTIONS,
	eventIsTooOld,
	eventTypeSelected,
	isCallEvent,
	isPresenceEvent,
	splitTypeList,
} from '../../nodes/WildixTrigger/wildixEvents';
import { DOC_CALL_START, conferenceLiveProgress, everyEvent } from '../support/wildix';

describe('parseWildixEnvelope', () => {
	test.each(everyEvent().map((event) => [event.type, event]))('accepts a %s envelope as it is, keys in order', (_, event) => {
		const result = parseWildixEnvelope(event);
		expect(result.ok).toBe(true);
		if (result.ok) {
			expect(result.envelope).toBe(event);
			expect(Object.keys(result.envelope)).toEqual(Object.keys(event));
		}
	});

	test('accepts conference and chat events, which carry no pbx', () => {
		expect(parseWildixEnvelope(conferenceLiveProgress()).ok).toBe(true);
	});

	test('keeps fields Wildix may add later', () => {
		const result = parseWildixEnvelope({ ...DOC_CALL_START, region: 'eu' });
		expect(result.ok && result.envelope.region).toBe('eu');
	});

	test.each([
		['an array', [DOC_CALL_START], 'The body is not a Wildix event (a JSON object is expected)'],
		['a string', 'call:start', 'The body is not a Wildix event (a JSON object is expected)'],
		['null', null, 'The body is not a Wildix event (a JSON object is expected)'],
		['an object without type', { ...DOC_CALL_START, type: undefined }, 'The body is not a Wildix event envelope (check type)'],
		['a time in a string', { ...DOC_CALL_START, time: '1693389850810' }, 'The body is not a Wildix event envelope (check time)'],
		['no id and no data', { type: 'call:start', time: 1 }, 'The body is not a Wildix event envelope (check id, data)'],
		['data that is not an object', { ...DOC_CALL_START, data: [] }, 'The body is not a Wildix event envelope (check data)'],
	])('refuses %s with a short message', (_, value, message) => {
		expect(parseWildixEnvelope(value)).toEqual({ ok: false, message });
	});
});

describe('eventTypeSelected', () => {
	test.each([
		['call:end', ['call:end'], '', true],
		['call:start', ['call:end'], '', false],
		['presence:telephony', ['presence:user', 'presence:telephony'], '', true],
		['conference:live:join', ['conference:*'], '', true],
		['chat:message:created', ['chat:*'], '', true],
		['chat:message:created', ['conference:*'], '', false],
		['call:summary:completed', ['*'], '', true],
		['call:summary:completed', ['other'], 'call:summary:completed, conference:live:*', true],
		['conference:live:leave', ['other'], 'call:summary:completed, conference:live:*', true],
		['call:end', ['other'], 'call:summary:completed', false],
		['call:summary:completed', ['call:end'], 'call:summary:completed', false],
		['sms:status', [], '', false],
	])('%s with %p (other: %p) → %p', (type, selected, other, expected) => {
		expect(eventTypeSelected(type, selected, other)).toBe(expected);
	});

	test('splits a list of names on commas, spaces and line breaks', () => {
		expect(splitTypeList(' a:b,c:d\n e:* ,, ')).toEqual(['a:b', 'c:d', 'e:*']);
	});

	test('every option of the editor is a real event type or family, and every fixture type can be chosen', () => {
		const values = EVENT_TYPE_OPTIONS.map((o) => String(o.value));
		for (const event of everyEvent()) {
			expect(eventTypeSelected(String(event.type), values.filter((v) => v !== '*'), '')).toBe(true);
		}
		expect(values).toEqual(expect.arrayContaining([
			'call:start', 'call:update', 'call:end', 'call:live:progress', 'call:live:completed', 'call:live:interrupted',
			'call:completed', 'call:transcription:completed', 'presence:user', 'presence:telephony', 'presence:conference',
			'conference:*', 'chat:*', 'sms:status', '*', 'other',
		]));
	});

	test('tells call and presence events apart', () => {
		expect(isCallEvent('call:live:progress')).toBe(true);
		expect(isCallEvent('conference:live:progress')).toBe(false);
		expect(isPresenceEvent('presence:user')).toBe(true);
		expect(isPresenceEvent('sms:status')).toBe(false);
	});
});

describe('eventIsTooOld', () => {
	const now = 1_700_000_000_000;

	test('is off with 0 minutes', () => {
		expect(eventIsTooOld(0, 0, now)).toBe(false);
	});

	test('judges by the envelope time in milliseconds', () => {
		expect(eventIsTooOld(now - 5 * 60_000, 5, now)).toBe(false);
		expect(eventIsTooOld(now - 5 * 60_000 - 1, 5, now)).toBe(true);
	});

	test('never treats an event from the future (clock skew) as old', () => {
		expect(eventIsTooOld(now + 60_000, 1, now)).toBe(false);
	});
});

import { isoFromMs, normalizedCall, toParty } from '../../lib/normalized';

describe('toParty', () => {
	test('keeps the number as given and adds E.164', () => {
		expect(toParty({ number: '070-123 45 67', name: ' Maria ', email: 'm@x.example', userId: 7 }, 'SE')).toEqual({
			number: '070-123 45 67',
			e164: '+46701234567',
			name: 'Maria',
			email: 'm@x.example',
			userId: '7',
		});
	});

	test('user ids stay as they are with e164 null; blanks become null', () => {
		expect(toParty({ number: 'user-17', name: '', email: undefined }, 'SE')).toEqual({
			number: 'user-17',
			e164: null,
			name: null,
			email: null,
			userId: null,
		});
	});
});

describe('isoFromMs', () => {
	test('converts milliseconds and refuses anything else', () => {
		expect(isoFromMs(1700000000000)).toBe('2023-11-14T22:13:20.000Z');
		expect(isoFromMs('1700000000000')).toBeNull();
		expect(isoFromMs(Number.NaN)).toBeNull();
		expect(isoFromMs(8.64e15 + 1)).toBeNull();
	});
});

describe('normalizedCall', () => {
	test('every key is present, with empty defaults under the given fields', () => {
		const call = normalizedCall('m8com', 'lookup', { callId: 'c1' });
		expect(Object.keys(call).sort()).toEqual(
			[
				'vendor', 'event', 'callId', 'direction', 'from', 'to', 'startedAt', 'endedAt', 'durationMs', 'talkTimeMs',
				'waitTimeMs', 'answered', 'agent', 'answerGroup', 'recordingUrls', 'summary',
			].sort(),
		);
		expect(call).toMatchObject({ vendor: 'm8com', event: 'lookup', callId: 'c1', direction: null, recordingUrls: [] });
		expect(call.from).toEqual({ number: null, e164: null, name: null, email: null, userId: null });
		expect(call.to).not.toBe(call.from);
	});
});

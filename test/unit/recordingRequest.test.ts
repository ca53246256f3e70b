/** M8Com's call recording webhook (data model v2): fields, filters and the normalized call. */
import {
	isAnswerGroupRecording,
	normalizeRecording,
	parseRecordingRequest,
	recordingDirection,
	recordingSkipReason,
	type RecordingRequest,
} from '../../nodes/M8ComRecording/recordingRequest';
import { SUPPORT_RECORDING, PERSONAL_RECORDING } from '../fixtures/m8com';

const valid = (body: unknown): RecordingRequest => {
	const parsed = parseRecordingRequest(body);
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
};

describe('parseRecordingRequest', () => {
	test('accepts every v2 field and keeps fields M8Com adds later', () => {
		expect(valid({ ...SUPPORT_RECORDING, language: 'sv' })).toEqual({ ...SUPPORT_RECORDING, language: 'sv' });
	});

	test('accepts a recording without the optional summary and userId, and nulls where the spec allows them', () => {
		expect(valid(PERSONAL_RECORDING)).toEqual(PERSONAL_RECORDING);
	});

	test('accepts an id quoted as a string of digits, and refuses any other string', () => {
		expect(valid({ ...PERSONAL_RECORDING, id: '111' }).id).toBe('111');
		expect(parseRecordingRequest({ ...PERSONAL_RECORDING, id: 'soon' })).toEqual({ ok: false, message: 'Field "id" is invalid' });
	});

	test.each(['id', 'fileUrls', 'callerNumber', 'calleeNumber', 'startTime', 'endTime', 'direction'])(
		'a body without %s is refused, naming the field',
		(field) => {
			const body: Record<string, unknown> = { ...SUPPORT_RECORDING };
			delete body[field];
			expect(parseRecordingRequest(body)).toEqual({ ok: false, message: `Missing field "${field}"` });
		},
	);

	test.each([
		[{ fileUrls: 'https://x' }, 'Field "fileUrls" must be an array'],
		[{ fileUrls: [42] }, 'Field "fileUrls.0" must be a string'],
		[{ talkTime: '170000' }, 'Field "talkTime" must be a number'],
		[{ agentName: 7 }, 'Field "agentName" must be a string'],
		[{ startTime: 'yesterday' }, 'Field "startTime" must be a number'],
	])('a wrong type is refused, naming the field: %p', (patch, message) => {
		expect(parseRecordingRequest({ ...SUPPORT_RECORDING, ...patch })).toEqual({ ok: false, message });
	});
});

describe('recordingSkipReason: the filters', () => {
	const group = valid(SUPPORT_RECORDING);
	const personal = valid(PERSONAL_RECORDING);

	test('an answer group recording is one with an answer group', () => {
		expect(isAnswerGroupRecording(group)).toBe(true);
		expect(isAnswerGroupRecording(personal)).toBe(false);
	});

	test('both kinds run by default, and when none is selected', () => {
		expect(recordingSkipReason(group, {})).toBeUndefined();
		expect(recordingSkipReason(personal, { recordingsFrom: [] })).toBeUndefined();
		expect(recordingSkipReason(personal, {})).toBeUndefined();
	});

	test('answer group recordings only', () => {
		expect(recordingSkipReason(group, { recordingsFrom: ['answerGroup'] })).toBeUndefined();
		expect(recordingSkipReason(personal, { recordingsFrom: ['answerGroup'] })).toBe('user recordings not selected');
	});

	test('user recordings only', () => {
		expect(recordingSkipReason(personal, { recordingsFrom: ['user'] })).toBeUndefined();
		expect(recordingSkipReason(group, { recordingsFrom: ['user'] })).toBe('answer group recordings not selected');
	});

	test('specific answer groups, by name or id, in any case', () => {
		expect(recordingSkipReason(group, { answerGroups: 'sales, SUPPORT' })).toBeUndefined();
		expect(recordingSkipReason(group, { answerGroups: 'ag-1' })).toBeUndefined();
		expect(recordingSkipReason(group, { answerGroups: 'sales' })).toBe('answer group not selected');
		expect(recordingSkipReason(personal, { answerGroups: 'support' })).toBe('answer group not selected');
	});

	test('specific users, by user id, agent id or recorder id', () => {
		expect(recordingSkipReason(group, { users: 'u-erik' })).toBeUndefined();
		expect(recordingSkipReason(group, { users: 'agent-erik' })).toBeUndefined();
		expect(recordingSkipReason(group, { users: 'Erik@Acme.example' })).toBeUndefined();
		expect(recordingSkipReason(personal, { users: '+46701112233' })).toBeUndefined();
		expect(recordingSkipReason(personal, { users: 'u-erik' })).toBe('user not selected');
	});

	test('empty lists and stray commas mean all', () => {
		expect(recordingSkipReason(group, { answerGroups: ' , ', users: '' })).toBeUndefined();
	});
});

describe('normalizeRecording', () => {
	test('an answer group recording: every field in the normalized model', () => {
		expect(normalizeRecording(valid(SUPPORT_RECORDING), 'SE')).toEqual({
			vendor: 'm8com',
			event: 'recording',
			callId: '987654',
			direction: 'inbound',
			from: { number: '+46701234567', e164: '+46701234567', name: null, email: null, userId: null },
			to: { number: '+4685550000', e164: '+4685550000', name: null, email: null, userId: null },
			startedAt: '2023-11-14T22:13:20.000Z',
			endedAt: '2023-11-14T22:16:25.000Z',
			durationMs: 185000,
			talkTimeMs: 170000,
			waitTimeMs: 15000,
			answered: true,
			agent: { number: null, e164: null, name: 'Erik Lind', email: 'erik@acme.example', userId: 'u-erik' },
			answerGroup: { number: null, e164: null, name: 'Support', email: null, userId: 'ag-1' },
			recordingUrls: SUPPORT_RECORDING.fileUrls,
			summary: 'The customer asked about the renewal.',
		});
	});

	test('a personal recording: national numbers in E.164, the recorder number as agent, no answer group', () => {
		expect(normalizeRecording(valid(PERSONAL_RECORDING), 'SE')).toMatchObject({
			callId: '111',
			direction: 'outbound',
			to: { number: '070-123 45 67', e164: '+46701234567' },
			agent: { number: '+46701112233', e164: '+46701112233', email: null, userId: null },
			answerGroup: null,
			waitTimeMs: null,
			summary: null,
		});
	});

	test('the recorder\'s direction is already the business\'s; anything else is null', () => {
		expect(recordingDirection('Inbound')).toBe('inbound');
		expect(recordingDirection('OUTBOUND')).toBe('outbound');
		expect(recordingDirection('internal')).toBeNull();
	});

	test('an end before the start gives no duration', () => {
		expect(normalizeRecording(valid({ ...PERSONAL_RECORDING, endTime: 1 }), 'SE').durationMs).toBeNull();
	});
});

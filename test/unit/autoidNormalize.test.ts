/** Call begin or call end, and the shared call model, from AutoID's template fields. */
import { normalizedCall } from '../../lib/normalized';
import {
	autoIdTime,
	detectPhase,
	field,
	normalizeAutoId,
	phaseFromWord,
	secondsToMs,
	templateFields,
	text,
} from '../../nodes/AutoIdTrigger/autoIdNormalize';
import { autoIdPayload } from '../support/autoid';

/** The item's `normalized` and `autoIdCall` side by side, flattened: the field checks below read both. */
const normalize = (...args: Parameters<typeof normalizeAutoId>) => {
	const { normalized, autoIdCall } = normalizeAutoId(...args);
	return { ...normalized, ...autoIdCall };
};

describe('normalized holds the shared keys only; campaign and dialStatus are autoIdCall', () => {
	test('split as the item carries them', () => {
		const { normalized, autoIdCall } = normalizeAutoId(autoIdPayload('call_end'), 'call_end', 'US');
		expect(Object.keys(normalized)).toEqual(Object.keys(normalizedCall('autoid', 'call_end', {})));
		expect(autoIdCall).toEqual({ campaign: 'Sales Campaign', dialStatus: 'ANSWER' });
	});
});

describe('call begin or call end', () => {
	test('a call-end payload of the recommended template is call end, a call-begin one call begin', () => {
		expect(detectPhase(autoIdPayload('call_end'), {}, 'phase')).toEqual({ phase: 'call_end', source: 'call end fields' });
		expect(detectPhase(autoIdPayload('call_begin'), {}, 'phase')).toEqual({ phase: 'call_begin', source: 'call end fields' });
	});

	test.each([
		['call_end_time', '2019-03-28T00:05:30.000Z'],
		['dialstatus', 'BUSY'],
		['dialed_time', '12'],
		['ring_count', 3],
		['rec_audiowavurl', 'https://audio.example.com/x.wav'],
		['prompt_responses', [{ question: 'one', response: '1' }]],
		['CALL_END_TIME', '2019-03-28T00:05:30.000Z'],
	])('one call-end field with a value (%s) makes it call end', (name, value) => {
		expect(detectPhase({ callid: 'x', [name]: value }, {}, 'phase').phase).toBe('call_end');
	});

	test.each([
		['empty strings', { call_end_time: '', dialstatus: ' ' }],
		['zeros', { dialed_time: '0', answered_time: 0, ring_count: '0.0' }],
		['tokens AutoID left unfilled', { call_end_time: '%call_end_time%', dialstatus: '%dialstatus%' }],
		['empty nested values', { prompt_responses: [], question: { a: '' } }],
		['no call-end fields at all (a template of your own)', { FirstName: 'Freddy', Phone: '7776734736' }],
	])('call-end fields with %s leave it call begin', (_name, fields) => {
		expect(detectPhase(fields, {}, 'phase').phase).toBe('call_begin');
	});

	test('a phase field in the template wins over everything else', () => {
		expect(detectPhase({ ...autoIdPayload('call_end'), phase: 'call_begin' }, { phase: 'call_end' }, 'phase')).toEqual({
			phase: 'call_begin',
			source: 'field',
		});
		expect(detectPhase({ Event: 'Call End' }, {}, 'event')).toEqual({ phase: 'call_end', source: 'field' });
	});

	test('then the query parameter of the URL given to AutoID (?phase=call_end)', () => {
		expect(detectPhase(autoIdPayload('call_begin'), { phase: 'call_end' }, 'phase')).toEqual({ phase: 'call_end', source: 'query' });
		expect(detectPhase(autoIdPayload('call_end'), { phase: ['begin', 'end'] }, 'phase')).toEqual({ phase: 'call_begin', source: 'query' });
	});

	test('an unknown phase word or an empty phase field name falls back to the call-end fields', () => {
		expect(detectPhase({ phase: 'ringing', dialstatus: 'ANSWER' }, { phase: 'later' }, 'phase')).toEqual({
			phase: 'call_end',
			source: 'call end fields',
		});
		expect(detectPhase({ phase: 'call_end' }, {}, '  ')).toEqual({ phase: 'call_begin', source: 'call end fields' });
	});

	test.each([
		['call_begin', 'call_begin'],
		['Call Begin', 'call_begin'],
		['START', 'call_begin'],
		['beginning', 'call_begin'],
		['call-end', 'call_end'],
		['End', 'call_end'],
		['completed', 'call_end'],
		['constructor', undefined],
		['', undefined],
		[1, undefined],
	])('%p reads as %p', (word, phase) => {
		expect(phaseFromWord(word)).toBe(phase);
	});
});

describe('field values', () => {
	test('fields are found by their recommended name, else in another case', () => {
		expect(field({ callid: 'a', CallID: 'b' }, 'callid')).toBe('a');
		expect(field({ CallID: 'b' }, 'callid')).toBe('b');
		expect(field({}, 'callid')).toBeUndefined();
	});

	test('text is trimmed; empty values and unfilled %tokens% are null; numbers become text', () => {
		expect(text('  Sales Campaign ')).toBe('Sales Campaign');
		expect(text('')).toBeNull();
		expect(text('%campaign_name%')).toBeNull();
		expect(text(29)).toBe('29');
		expect(text(Number.NaN)).toBeNull();
		expect(text({ _: 'x' })).toBeNull();
	});

	test('only a JSON object (or the XML root\'s children) are template fields', () => {
		expect(templateFields({ a: 1 })).toEqual({ a: 1 });
		expect(templateFields([{ a: 1 }])).toEqual({});
		expect(templateFields('text')).toEqual({});
		expect(templateFields(null)).toEqual({});
	});

	test.each([
		['2019-03-28T00:05:00.000Z', '2019-03-28T00:05:00.000Z'],
		['2019-03-28T00:05:00Z', '2019-03-28T00:05:00.000Z'],
		['2019-03-28 00:05:00', '2019-03-28T00:05:00.000Z'],
		['2019-03-28T02:05:00+02:00', '2019-03-28T00:05:00.000Z'],
		['2019-03-28 02:05:00 +0200', '2019-03-28T00:05:00.000Z'],
		['1553731500', '2019-03-28T00:05:00.000Z'],
		['1553731500000', '2019-03-28T00:05:00.000Z'],
		['13 Oct 2020 3:15:12 PM', '2020-10-13T15:15:12.000Z'],
		['Wed, 28 Mar 2019 00:05:00 GMT', '2019-03-28T00:05:00.000Z'],
		['soon', null],
		['', null],
		['%call_end_time%', null],
	])('the AutoID time %p is %p', (value, iso) => {
		expect(autoIdTime(value)).toBe(iso);
	});

	test.each([
		['36', 36000],
		[29, 29000],
		['1.5', 1500],
		['0', 0],
		['-3', null],
		['abc', null],
		['', null],
	])('%p seconds are %p ms', (value, ms) => {
		expect(secondsToMs(value)).toBe(ms);
	});
});

describe('the normalized call', () => {
	test('a call end of the recommended template fills every mapped key', () => {
		expect(normalize(autoIdPayload('call_end'), 'call_end', 'US')).toEqual({
			vendor: 'autoid',
			event: 'call_end',
			callId: '093cc03c.e6a4.6ac6.978f.740b10afeaca',
			direction: 'inbound',
			from: { number: '7776734736', e164: '+17776734736', name: 'Freddy Krueger', email: null, userId: null },
			to: { number: '7774839229', e164: '+17774839229', name: 'Auto ID', email: null, userId: null },
			startedAt: '2019-03-28T00:05:00.000Z',
			endedAt: '2019-03-28T00:05:30.000Z',
			durationMs: 36000,
			talkTimeMs: 29000,
			waitTimeMs: 7000,
			answered: true,
			agent: null,
			answerGroup: null,
			recordingUrls: [
				'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.mp3',
				'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.wav',
			],
			summary: 'Call from +17776734736 (Freddy Krueger) to +17774839229, campaign Sales Campaign: ANSWER, 29 s talk time',
			campaign: 'Sales Campaign',
			dialStatus: 'ANSWER',
		});
	});

	test('a call begin has the caller, the tracking number and the start, and nothing of the end yet', () => {
		expect(normalize(autoIdPayload('call_begin'), 'call_begin', 'US')).toMatchObject({
			event: 'call_begin',
			from: { e164: '+17776734736' },
			startedAt: '2019-03-28T00:05:00.000Z',
			endedAt: null,
			durationMs: null,
			talkTimeMs: null,
			waitTimeMs: null,
			answered: null,
			recordingUrls: [],
			dialStatus: null,
			summary: 'Call from +17776734736 (Freddy Krueger) to +17774839229, campaign Sales Campaign: began',
		});
	});

	test('an unanswered call: any other dial status is not answered; no talk time in the summary', () => {
		const call = normalize(autoIdPayload('call_end', { dialstatus: 'NOANSWER', answered_time: '0', rec_audiourl: '', rec_audiowavurl: '' }), 'call_end', 'US');
		expect(call).toMatchObject({ answered: false, talkTimeMs: 0, waitTimeMs: 36000, recordingUrls: [], dialStatus: 'NOANSWER' });
		expect(call.summary).toBe('Call from +17776734736 (Freddy Krueger) to +17774839229, campaign Sales Campaign: NOANSWER');
	});

	test('without a dial status, answered time tells; the name is built from its parts', () => {
		const fields = { ani: '+44 20 7946 0018', ani_first_name: 'Freddy', ani_last_name: 'Krueger', answered_time: 12 };
		expect(normalize(fields, 'call_end', 'US')).toMatchObject({
			from: { number: '+44 20 7946 0018', e164: '+442079460018', name: 'Freddy Krueger' },
			answered: true,
			talkTimeMs: 12000,
			waitTimeMs: null,
			summary: 'Call from +442079460018 (Freddy Krueger): answered, 12 s talk time',
		});
	});

	test('with a template of your own, normalized stays empty (no summary) and nothing fails', () => {
		const call = normalize({ FirstName: 'Freddy', Phone: '7776734736', Nested: { a: 1 } }, 'call_begin', 'US');
		expect(call).toMatchObject({ callId: null, from: { number: null, name: null }, to: { number: null }, summary: null, campaign: null });
	});

	test('the recommended names are also found in another case (CallID, ANI)', () => {
		expect(normalize({ CallID: 'c1', ANI: '7776734736' }, 'call_begin', 'US')).toMatchObject({
			callId: 'c1',
			from: { e164: '+17776734736' },
		});
	});
});

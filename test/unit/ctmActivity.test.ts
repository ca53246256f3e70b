/** CTM's body types read into objects, and activities turned into `normalized` and `attribution`. */
import {
	attributionOf,
	attributionOfPixel,
	normalizeActivity,
	normalizePixel,
	normalizeResourceLink,
	parseCalledAt,
	parseLogData,
	parsePixel,
	parseResourceLink,
	parseResourceUrl,
	readObjectBody,
} from '../../nodes/CallTrackingMetricsTrigger/ctmActivity';
import { CTM_ACTIVITY, CTM_OUTBOUND_ACTIVITY, CTM_TEXT_ACTIVITY, resourceUrl } from '../support/standInCtmApi';

const raw = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('reading CTM bodies', () => {
	test('log data: the parsed JSON body is the activity, unchanged', () => {
		const parsed = parseLogData(CTM_ACTIVITY, raw(CTM_ACTIVITY));
		expect(parsed).toEqual({ ok: true, value: CTM_ACTIVITY });
	});

	test('log data sent without a JSON content type is parsed from the raw bytes', () => {
		expect(parseLogData({}, raw(CTM_ACTIVITY))).toEqual({ ok: true, value: CTM_ACTIVITY });
		expect(parseLogData(JSON.stringify(CTM_ACTIVITY), undefined)).toEqual({ ok: true, value: CTM_ACTIVITY });
	});

	test.each([
		['an empty body', {}, Buffer.alloc(0)],
		['a JSON array', {}, raw([1, 2])],
		['text that is not JSON', 'hello', raw('hello')],
		['a JSON string', {}, raw('"x"')],
	])('log data: %s is refused with a message naming the body type', (_, body, bytes) => {
		expect(parseLogData(body, bytes)).toEqual({
			ok: false,
			message: 'Expected the activity as a JSON object (CTM body type "Log data")',
		});
	});

	test('a form-encoded body (a custom format) is taken as parsed by n8n', () => {
		expect(readObjectBody({ caller_number: '+12065550142' }, raw('caller_number=%2B12065550142'))).toEqual({
			caller_number: '+12065550142',
		});
	});

	test('resource link: the link and its account and activity ids', () => {
		const body = { resource_url: resourceUrl(4391937) };
		expect(parseResourceLink(body, raw(body))).toEqual({
			ok: true,
			value: {
				payload: body,
				link: { url: resourceUrl(4391937), accountId: '25012', activityId: '4391937' },
			},
		});
	});

	test('resource link without .json, or with an unexpected path, still parses (ids null when unknown)', () => {
		expect(parseResourceUrl('https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/CAL123')).toEqual({
			url: 'https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/CAL123',
			accountId: '25012',
			activityId: 'CAL123',
		});
		expect(parseResourceUrl('https://example.com/elsewhere')).toMatchObject({ accountId: null, activityId: null });
	});

	test.each([
		['no resource_url', { id: 1 }],
		['a resource_url that is not a URL', { resource_url: 'calls/1' }],
		['a non-http URL', { resource_url: 'file:///etc/passwd' }],
		['a number', { resource_url: 42 }],
	])('resource link with %s is refused', (_, body) => {
		expect(parseResourceLink(body, raw(body))).toEqual({
			ok: false,
			message: 'Expected {"resource_url": "https://…"} (CTM body type "Resource link")',
		});
	});

	test('pixel: the replacement values from the query, without the node\'s own trigger parameter', () => {
		const query = { trigger: 'end', callid: '4391937', duration: '185', direction: 'inbound', source: 'Google Ads', sale_value: '250' };
		expect(parsePixel(query, {}, Buffer.alloc(0))).toEqual({
			callid: '4391937',
			duration: '185',
			direction: 'inbound',
			source: 'Google Ads',
			sale_value: '250',
		});
	});

	test('pixel POST: fields of the body are added to the query values', () => {
		expect(parsePixel({ callid: '1' }, { sale_value: '99' }, raw({ sale_value: '99' }))).toEqual({ callid: '1', sale_value: '99' });
	});
});

describe('normalized', () => {
	test('an inbound call: caller → tracking number, E.164, seconds as milliseconds, agent, recording', () => {
		expect(normalizeActivity(CTM_ACTIVITY, 'end', 'US')).toEqual({
			vendor: 'ctm',
			event: 'end',
			callId: '4391937',
			direction: 'inbound',
			from: { number: '+12065550142', e164: '+12065550142', name: 'Maria Andersson', email: 'maria.andersson@example.com', userId: null },
			to: { number: '+12065550100', e164: '+12065550100', name: 'Google Ads - Emergency', email: null, userId: null },
			startedAt: '2024-03-01T17:15:00.000Z',
			endedAt: '2024-03-01T17:18:05.000Z',
			durationMs: 185000,
			talkTimeMs: 162000,
			waitTimeMs: 23000,
			answered: true,
			agent: { number: null, e164: null, name: 'Adam Webb', email: 'adam.webb@acme-plumbing.example', userId: 'USR1F2E3D4C' },
			answerGroup: null,
			recordingUrls: ['https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/4391937/recording'],
			summary: null,
		});
	});

	test('an outbound call goes from the tracking number (caller id) to the contact; unanswered', () => {
		const n = normalizeActivity(CTM_OUTBOUND_ACTIVITY, 'end', 'US');
		expect(n).toMatchObject({ direction: 'outbound', answered: false, talkTimeMs: 0, recordingUrls: [] });
		expect(n.from.e164).toBe('+12065550100');
		expect(n.to).toMatchObject({ e164: '+12065550142', name: 'Maria Andersson' });
	});

	test('a text message is inbound; no duration means no end time', () => {
		const n = normalizeActivity(CTM_TEXT_ACTIVITY, 'inbound_text', 'US');
		expect(n).toMatchObject({ event: 'inbound_text', direction: 'inbound', durationMs: 0, endedAt: null, agent: null });
		expect(n.startedAt).toBe('2024-03-01T17:26:40.000Z');
	});

	test('national numbers are made E.164 with the default country', () => {
		const n = normalizeActivity({ caller_number: '(206) 555-0142', tracking_number: '2065550100' }, null, 'US');
		expect(n.event).toBe('activity');
		expect(n.from.e164).toBe('+12065550142');
		expect(n.to.e164).toBe('+12065550100');
		expect(n.direction).toBeNull();
	});

	test.each([
		['2024-03-01 09:15 AM -08:00', '2024-03-01T17:15:00.000Z'],
		['2024-03-01 12:05 AM +00:00', '2024-03-01T00:05:00.000Z'],
		['2024-03-01 12:05 PM -0500', '2024-03-01T17:05:00.000Z'],
		['2024-03-01T09:15:30Z', '2024-03-01T09:15:30.000Z'],
	])('called_at %p is %p when unix_time is missing', (calledAt, iso) => {
		expect(normalizeActivity({ called_at: calledAt }, 'end', 'US').startedAt).toBe(iso);
		expect(new Date(parseCalledAt(calledAt) ?? NaN).toISOString()).toBe(iso);
	});

	test('an unreadable called_at gives no start time', () => {
		expect(parseCalledAt('yesterday')).toBeNull();
		expect(normalizeActivity({ called_at: 'yesterday' }, 'end', 'US').startedAt).toBeNull();
	});

	test.each([
		[{ talk_time: 10 }, true],
		[{ call_status: 'answered', talk_time: 0 }, true],
		[{ call_status: 'no answer' }, false],
		[{ status: 'busy' }, false],
		[{ dial_status: 'voicemail' }, false],
		[{ call_status: 'in progress' }, null],
		[{}, null],
	])('answered from %p is %p', (activity, answered) => {
		expect(normalizeActivity(activity, 'end', 'US').answered).toBe(answered);
	});

	test('a pixel: call id, duration and direction from the replacement values', () => {
		expect(normalizePixel({ callid: '4391937', duration: '185', direction: 'outbound' }, 'end', 'US')).toMatchObject({
			vendor: 'ctm',
			event: 'end',
			callId: '4391937',
			durationMs: 185000,
			direction: 'outbound',
		});
	});

	test('a pixel whose variables CTM left unreplaced (":callid") carries no values', () => {
		const n = normalizePixel({ callid: ':callid', duration: ':duration', direction: ':direction' }, null, 'US');
		expect(n).toMatchObject({ event: 'pixel', callId: null, durationMs: null, direction: null });
	});

	test('a resource link not fetched knows only the activity id', () => {
		const link = parseResourceUrl(resourceUrl(4391937));
		expect(normalizeResourceLink(link!, 'end')).toMatchObject({ vendor: 'ctm', event: 'end', callId: '4391937', direction: null });
	});
});

describe('attribution', () => {
	test('source, campaign, medium, keyword and landing page of an activity', () => {
		expect(attributionOf(CTM_ACTIVITY)).toEqual({
			source: 'Google Ads',
			sourceId: '51',
			trackingLabel: 'Google Ads - Emergency',
			campaign: 'Emergency Plumbing Seattle',
			medium: 'cpc',
			keyword: 'emergency plumber seattle',
			referrer: 'https://www.google.com/',
			landingPage: 'https://www.acme-plumbing.example/emergency',
		});
	});

	test('a campaign given as an object, or as utm_campaign, is found too', () => {
		expect(attributionOf({ campaign: { id: 7, name: 'Spring Sale' } }).campaign).toBe('Spring Sale');
		expect(attributionOf({ utm_campaign: 'spring', utm_medium: 'email' })).toMatchObject({ campaign: 'spring', medium: 'email' });
	});

	test('everything is null when the activity has no attribution', () => {
		expect(Object.values(attributionOf({}))).toEqual(Array(8).fill(null));
	});

	test('a pixel\'s :source (and campaign the user added) become attribution', () => {
		expect(attributionOfPixel({ source: 'Google Ads', campaign: 'Spring' })).toMatchObject({ source: 'Google Ads', campaign: 'Spring', medium: null });
		expect(attributionOfPixel({ source: ':source' }).source).toBeNull();
	});
});

import { shapeInsights } from '../../nodes/M8ComLookup/shapeInsights';
import { FULL_ACTIVITIES } from './insightsSchema.test';

const note = (n: number, timestamp: number) => ({ type: 'NOTE', body: `Note ${n}`, timestamp });

describe('shapeInsights', () => {
	test('a valid answer is kept as it is, with no warnings', () => {
		const answer = { displayName: 'Maria', emails: [{ id: 'm@acme.example' }], activities: [FULL_ACTIVITIES.NOTE] };
		expect(shapeInsights(answer)).toEqual({ insights: answer, warnings: [], invalid: false });
	});

	test('a JSON string is parsed; invalid JSON and non-objects give no answer and say why', () => {
		expect(shapeInsights('{"displayName":"Maria"}').insights).toEqual({ displayName: 'Maria' });
		expect(shapeInsights('{displayName')).toEqual({ insights: null, warnings: ['The Insights JSON is not valid JSON'], invalid: true });
		expect(shapeInsights([{ displayName: 'Maria' }])).toEqual({ insights: null, warnings: ['The Insights answer must be a JSON object'], invalid: true });
		expect(shapeInsights(null).insights).toBeNull();
	});

	test('without a displayName there is no contact', () => {
		expect(shapeInsights({ firstName: 'Maria' })).toEqual({ insights: null, warnings: ['contact dropped: displayName is required'], invalid: true });
		expect(shapeInsights({ displayName: 7 }).insights).toEqual({ displayName: '7' });
	});

	test('undocumented keys are dropped silently; blank optional fields are left out without a warning', () => {
		const shaped = shapeInsights({ displayName: 'Maria', crmId: 42, firstName: '', avatarUrl: null, emails: '', companyInfo: '' });
		expect(shaped).toEqual({ insights: { displayName: 'Maria' }, warnings: [], invalid: false });
	});

	test('an invalid optional field is dropped with a warning, the rest is sent', () => {
		const shaped = shapeInsights({ displayName: 'Maria', moreInfoUrl: 'crm/contacts/42', firstName: 'Maria' });
		expect(shaped.insights).toEqual({ displayName: 'Maria', firstName: 'Maria' });
		expect(shaped.warnings).toEqual(['contact.moreInfoUrl must be an http(s) URL (dropped)']);
	});

	test('invalid list entries are dropped one by one; a list that is not a list is dropped whole', () => {
		const shaped = shapeInsights({
			displayName: 'Maria',
			emails: [{ id: 'a@x.example', comment: 'Work' }, { comment: 'no id' }, 'b@x.example'],
			phoneNumbers: { id: '+46701234567' },
			fields: [{ title: 'Tier', comment: 'Gold' }, { title: 'No comment' }],
			createActivityUrls: [{ name: 'Create', url: 'ftp://x' }],
		});
		expect(shaped.insights).toEqual({
			displayName: 'Maria',
			emails: [{ id: 'a@x.example', comment: 'Work' }],
			fields: [{ title: 'Tier', comment: 'Gold' }],
		});
		expect(shaped.warnings).toEqual([
			'emails[1] dropped: id is required',
			'emails[2] must be an object (dropped)',
			'phoneNumbers must be a list (dropped)',
			'fields[1] dropped: comment is required',
			'createActivityUrls[0] dropped: url must be an http(s) URL',
		]);
	});

	test('companyInfo keeps its valid parts; an empty one is left out', () => {
		expect(shapeInsights({ displayName: 'M', companyInfo: { name: 'Acme', title: '' } }).insights).toEqual({ displayName: 'M', companyInfo: { name: 'Acme' } });
		expect(shapeInsights({ displayName: 'M', companyInfo: { title: '' } }).insights).toEqual({ displayName: 'M' });
		expect(shapeInsights({ displayName: 'M', companyInfo: 'Acme' }).warnings).toEqual(['companyInfo must be an object (dropped)']);
	});

	test('activities: unknown type, missing type and missing required fields are dropped with warnings', () => {
		const shaped = shapeInsights({
			displayName: 'M',
			activities: [note(1, 1700000000000), { type: 'MEETING', body: 'x', timestamp: 1 }, { body: 'no type', timestamp: 1 }, { type: 'TASK', body: 'no due date', timestamp: 1700000000000 }, 'text'],
		});
		expect(shaped.insights?.activities).toEqual([note(1, 1700000000000)]);
		expect(shaped.warnings).toEqual([
			'activities[1] dropped: type "MEETING" must be one of NOTE, TASK, CALL, TICKET, DEAL, APPOINTMENT',
			'activities[2] dropped: type must be one of NOTE, TASK, CALL, TICKET, DEAL, APPOINTMENT',
			'activities[3] (TASK) dropped: dueDate is required',
			'activities[4] dropped: type must be one of NOTE, TASK, CALL, TICKET, DEAL, APPOINTMENT',
		]);
	});

	test('an invalid optional activity field is dropped, the activity kept', () => {
		const shaped = shapeInsights({ displayName: 'M', activities: [{ ...note(1, 1700000000000), link: 'not a url' }] });
		expect(shaped.insights?.activities).toEqual([note(1, 1700000000000)]);
		expect(shaped.warnings).toEqual(['activities[0] (NOTE).link must be an http(s) URL (dropped)']);
	});

	test('the activity type is accepted in any case and sent in upper case', () => {
		expect(shapeInsights({ displayName: 'M', activities: [{ ...note(1, 1700000000000), type: 'note' }] }).insights?.activities).toEqual([note(1, 1700000000000)]);
	});

	test('activities that are not a list are dropped with a warning', () => {
		expect(shapeInsights({ displayName: 'M', activities: { type: 'NOTE' } })).toEqual({ insights: { displayName: 'M' }, warnings: ['activities must be a list (dropped)'], invalid: true });
	});

	test('11 notes in → the 10 newest out, newest first, with a warning', () => {
		const notes = [5, 1, 9, 3, 11, 7, 2, 10, 4, 8, 6].map((n) => note(n, 1700000000 + n * 60));
		const shaped = shapeInsights({ displayName: 'M', activities: notes });
		expect(shaped.insights?.activities?.map((a) => a.body)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((n) => `Note ${n}`));
		expect(shaped.insights?.activities?.[0].timestamp).toBe((1700000000 + 11 * 60) * 1000);
		expect(shaped.warnings).toEqual(['11 NOTE activities given: the 10 newest were kept (M8Com shows at most 10 per type)']);
	});

	test('the limit is per type: 10 of each of the six types are all kept, sorted across types', () => {
		const activities = Object.values(FULL_ACTIVITIES).flatMap((activity, t) =>
			Array.from({ length: 10 }, (_, i) => ({ ...activity, timestamp: 1700000000000 + (i * 6 + t) * 1000 })),
		);
		const shaped = shapeInsights({ displayName: 'M', activities });
		expect(shaped.warnings).toEqual([]);
		const timestamps = shaped.insights?.activities?.map((a) => a.timestamp) ?? [];
		expect(timestamps).toHaveLength(60);
		expect(timestamps).toEqual([...timestamps].sort((a, b) => b - a));
	});
});

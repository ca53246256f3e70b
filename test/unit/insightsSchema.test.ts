/** Every field of every activity type of M8Com's spec, and the timestamp rules. */
import {
	ACTIVITY_TYPES,
	activitySchema,
	insightsSchema,
	timestampMs,
} from '../../nodes/M8ComLookup/insightsSchema';

const T = 1606490711729;

/** One fully populated activity of each type, every documented field set (examples from the spec). */
export const FULL_ACTIVITIES = {
	NOTE: { type: 'NOTE', header: 'Previous contact', customHeader: 'Meeting note', body: 'Maria has been in contact with Adam.', timestamp: T, associatedUser: 'adam.webb@emca.inc', link: 'https://link.to.note', markdown: true },
	TASK: { type: 'TASK', status: 'Pending', header: 'New Integration', customHeader: 'Todo', customDescription: 'Details', body: 'Verify the integration.', timestamp: T, dueDate: T, done: false, assignedUser: 'adam.webb@emca.inc', link: 'https://link.to.task', markdown: false },
	CALL: { type: 'CALL', body: 'Call about the order', timestamp: T, toNumber: '+46812345678', fromNumber: '+46701234567', duration: 125000, startTime: T, customHeader: 'Support call', customDescription: 'Notes', link: 'https://link.to.call', markdown: true },
	TICKET: { type: 'TICKET', body: 'Cannot log in', timestamp: T, createdDate: T, priority: 'HIGH', header: '#9', customHeader: 'Case', customDescription: 'Problem', pipeline: 'Support', pipelineStage: 'Open', ticketLink: 'https://link.to.ticket/old', link: 'https://link.to.ticket', markdown: false },
	DEAL: { type: 'DEAL', body: 'Renewal', timestamp: T, closeDate: T, currency: 'SEK', amount: 12000, done: true, header: 'Renewal', customHeader: 'Opportunity', customDescription: 'Value', pipeline: 'Sales', pipelineStage: 'Proposal', dealLink: 'https://link.to.deal/old', link: 'https://link.to.deal', markdown: true },
	APPOINTMENT: { type: 'APPOINTMENT', timestamp: T, startDate: T, endDate: T + 3600000, allDay: false, body: 'Quarterly review', venue: 'Stockholm', header: 'Review', customDescription: 'Agenda', status: 'Confirmed', link: 'https://link.to.meeting', markdown: false },
} as const;

const REQUIRED: Record<string, string[]> = {
	NOTE: ['body', 'timestamp'],
	TASK: ['body', 'timestamp', 'dueDate'],
	CALL: ['body', 'timestamp', 'toNumber', 'fromNumber', 'duration', 'startTime'],
	TICKET: ['body', 'timestamp', 'createdDate'],
	DEAL: ['body', 'timestamp', 'closeDate'],
	APPOINTMENT: ['body', 'timestamp', 'startDate', 'endDate'],
};

describe('activity schemas', () => {
	test('the six activity types of the spec', () => {
		expect(ACTIVITY_TYPES).toEqual(['NOTE', 'TASK', 'CALL', 'TICKET', 'DEAL', 'APPOINTMENT']);
	});

	test.each(Object.entries(FULL_ACTIVITIES))('%s keeps every documented field unchanged', (_type, activity) => {
		expect(activitySchema.parse(activity)).toEqual(activity);
	});

	test.each(Object.entries(REQUIRED).flatMap(([type, fields]) => fields.map((field) => [type, field])))(
		'%s without %s is invalid',
		(type, field) => {
			const activity: Record<string, unknown> = { ...FULL_ACTIVITIES[type as keyof typeof FULL_ACTIVITIES] };
			delete activity[field];
			expect(activitySchema.safeParse(activity).success).toBe(false);
		},
	);

	test('undocumented keys are not sent', () => {
		expect(activitySchema.parse({ ...FULL_ACTIVITIES.NOTE, crmInternalId: 7 })).not.toHaveProperty('crmInternalId');
	});

	test('the ticket priority is one of HIGH, MEDIUM, LOW (any case)', () => {
		expect(activitySchema.parse({ ...FULL_ACTIVITIES.TICKET, priority: 'medium' })).toMatchObject({ priority: 'MEDIUM' });
		expect(activitySchema.safeParse({ ...FULL_ACTIVITIES.TICKET, priority: 'URGENT' }).success).toBe(false);
	});

	test('links must be http(s) URLs', () => {
		expect(activitySchema.safeParse({ ...FULL_ACTIVITIES.NOTE, link: 'javascript:alert(1)' }).success).toBe(false);
		expect(activitySchema.safeParse({ ...FULL_ACTIVITIES.NOTE, link: 'crm.example.com' }).success).toBe(false);
	});

	test('flags, amounts and durations given as strings are converted', () => {
		expect(activitySchema.parse({ ...FULL_ACTIVITIES.DEAL, done: 'true', amount: '99.5' })).toMatchObject({ done: true, amount: 99.5 });
		expect(activitySchema.parse({ ...FULL_ACTIVITIES.CALL, duration: '125000', markdown: 'false' })).toMatchObject({ duration: 125000, markdown: false });
	});

	test('a numeric body or phone number is accepted as text', () => {
		expect(activitySchema.parse({ ...FULL_ACTIVITIES.CALL, body: 42, fromNumber: 46701234567 })).toMatchObject({ body: '42', fromNumber: '46701234567' });
	});
});

describe('timestampMs', () => {
	test.each([
		[1606490711729, 1606490711729],
		[1606490711, 1606490711000],
		['1606490711', 1606490711000],
		['1606490711729', 1606490711729],
		['2020-11-27T15:25:11.729Z', 1606490711729],
		[1606490711.5, 1606490711500],
	])('%p → %p ms', (input, expected) => {
		expect(timestampMs.parse(input)).toBe(expected);
	});

	test.each([['yesterday'], [''], [-5], [Number.NaN], [null]])('%p is not a timestamp', (input) => {
		expect(timestampMs.safeParse(input).success).toBe(false);
	});

	test('every date field of every type is converted from seconds', () => {
		const seconds = 1606490711;
		const parsed = activitySchema.parse({ ...FULL_ACTIVITIES.APPOINTMENT, timestamp: seconds, startDate: seconds, endDate: seconds });
		expect(parsed).toMatchObject({ timestamp: seconds * 1000, startDate: seconds * 1000, endDate: seconds * 1000 });
		for (const [type, field] of [['TASK', 'dueDate'], ['CALL', 'startTime'], ['TICKET', 'createdDate'], ['DEAL', 'closeDate']] as const) {
			expect(activitySchema.parse({ ...FULL_ACTIVITIES[type], [field]: seconds })).toMatchObject({ [field]: seconds * 1000 });
		}
	});
});

describe('insightsSchema (Basic)', () => {
	const full = {
		displayName: 'Maria Andersson',
		firstName: 'Maria',
		lastName: 'Andersson',
		avatarUrl: 'https://img.example/maria.png',
		coverPhotoUrl: 'https://img.example/cover.png',
		emails: [{ id: 'maria@acme.example', comment: 'Work' }, { id: 'maria@home.example' }],
		phoneNumbers: [{ id: '+46 70 123 45 67', comment: 'Mobile' }],
		companyInfo: { name: 'Acme Inc.', title: 'Insights Engineer' },
		fields: [{ title: 'Customer number', comment: 'C-1042' }],
		activities: Object.values(FULL_ACTIVITIES),
		createActivityUrl: [{ name: 'Create note', url: 'https://crm.example/notes/new' }],
		createActivityUrls: [{ name: 'Create task', url: 'https://crm.example/tasks/new' }],
		moreInfoUrl: 'https://crm.example/contacts/42',
	};

	test('a complete answer passes unchanged', () => {
		expect(insightsSchema.parse(full)).toEqual(full);
	});

	test('displayName is the only required field', () => {
		expect(insightsSchema.parse({ displayName: 'X' })).toEqual({ displayName: 'X' });
		expect(insightsSchema.safeParse({ firstName: 'X' }).success).toBe(false);
		expect(insightsSchema.safeParse({ displayName: '  ' }).success).toBe(false);
	});

	test('emails, phone numbers, fields and create links need their required parts', () => {
		expect(insightsSchema.safeParse({ displayName: 'X', emails: [{ comment: 'Work' }] }).success).toBe(false);
		expect(insightsSchema.safeParse({ displayName: 'X', phoneNumbers: [{}] }).success).toBe(false);
		expect(insightsSchema.safeParse({ displayName: 'X', fields: [{ title: 'Only title' }] }).success).toBe(false);
		expect(insightsSchema.safeParse({ displayName: 'X', createActivityUrls: [{ name: 'No url' }] }).success).toBe(false);
		expect(insightsSchema.safeParse({ displayName: 'X', companyInfo: {} }).success).toBe(true);
	});
});

/**
 * The benchmark's answer: a full Caller Insights object as a busy CRM would send it — every Basic field, the
 * company, and 10 activities of each of the 6 types with all their fields (60 activities, ~25 kB of JSON).
 */
import { ACTIVITY_TYPES, MAX_ACTIVITIES_PER_TYPE } from '../nodes/M8ComLookup/insightsSchema';
import { shapeInsights } from '../nodes/M8ComLookup/shapeInsights';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const CRM = 'https://crm.example.com';

function activity(type: string, i: number): Record<string, unknown> {
	const timestamp = T0 - (ACTIVITY_TYPES.indexOf(type as never) * MAX_ACTIVITIES_PER_TYPE + i) * HOUR;
	const base = {
		type,
		body: `${type.toLowerCase()} ${i + 1}: **renewal** discussed with the customer, follow-up agreed for next week`,
		timestamp,
		link: `${CRM}/${type.toLowerCase()}s/${i + 1}`,
		markdown: true,
	};
	switch (type) {
		case 'NOTE':
			return { ...base, header: 'Previous contact', customHeader: 'Note', associatedUser: 'adam.webb@emca.example' };
		case 'TASK':
			return {
				...base,
				dueDate: timestamp + 48 * HOUR,
				header: 'Follow-up',
				customHeader: 'Task',
				customDescription: 'Call back about the renewal',
				status: 'Pending',
				done: i % 2 === 0,
				assignedUser: 'adam.webb@emca.example',
			};
		case 'CALL':
			return {
				...base,
				toNumber: '+46812345678',
				fromNumber: '+46701234567',
				duration: 60_000 + i * 1000,
				startTime: timestamp,
				customHeader: 'Call',
				customDescription: 'Inbound call',
			};
		case 'TICKET':
			return {
				...base,
				createdDate: timestamp,
				priority: ['HIGH', 'MEDIUM', 'LOW'][i % 3],
				header: `Ticket #${1000 + i}`,
				customHeader: 'Support',
				customDescription: 'Login problem',
				pipeline: 'Support',
				pipelineStage: 'Open',
				ticketLink: `${CRM}/tickets/${1000 + i}`,
			};
		case 'DEAL':
			return {
				...base,
				closeDate: timestamp + 30 * 24 * HOUR,
				currency: 'SEK',
				amount: 12000 + i * 500,
				done: false,
				header: `Deal ${i + 1}`,
				customHeader: 'Sales',
				customDescription: 'Renewal 2027',
				pipeline: 'Sales',
				pipelineStage: 'Proposal',
				dealLink: `${CRM}/deals/${i + 1}`,
			};
		default:
			return {
				...base,
				startDate: timestamp + 24 * HOUR,
				endDate: timestamp + 25 * HOUR,
				allDay: false,
				venue: 'Stockholm office',
				header: 'Quarterly review',
				customDescription: 'With the account team',
				status: 'Confirmed',
			};
	}
}

/** The answer as the workflow builds it (before validation and shaping). */
export function fullInsightsInput(): Record<string, unknown> {
	return {
		displayName: 'Maria Andersson',
		firstName: 'Maria',
		lastName: 'Andersson',
		avatarUrl: `${CRM}/avatars/42.png`,
		coverPhotoUrl: `${CRM}/covers/42.png`,
		emails: [
			{ id: 'maria.andersson@acme.example', comment: 'Work' },
			{ id: 'maria@home.example', comment: 'Private' },
		],
		phoneNumbers: [
			{ id: '+46701234567', comment: 'Mobile' },
			{ id: '+46812345678', comment: 'Office' },
		],
		companyInfo: { name: 'Acme Inc.', title: 'Insights Engineer' },
		fields: [
			{ title: 'Customer number', comment: 'C-1042' },
			{ title: 'Tier', comment: 'Gold' },
			{ title: 'Account manager', comment: 'Adam Webb' },
		],
		createActivityUrls: [
			{ name: 'Create note', url: `${CRM}/contacts/42/notes/new` },
			{ name: 'Create task', url: `${CRM}/contacts/42/tasks/new` },
		],
		moreInfoUrl: `${CRM}/contacts/42`,
		activities: ACTIVITY_TYPES.flatMap((type) => Array.from({ length: MAX_ACTIVITIES_PER_TYPE }, (_, i) => activity(type, i))),
	};
}

/**
 * The same answer already in the shape Respond to M8Com Lookup sends (key order, newest first), so that both
 * pairs in the benchmark send exactly the same bytes. Fails loudly if shaping would change it.
 */
export function fullInsightsText(): string {
	const shaped = shapeInsights(fullInsightsInput());
	if (!shaped.insights || shaped.warnings.length > 0) {
		throw new Error(`The benchmark fixture is not a valid Insights answer: ${shaped.warnings.join('; ')}`);
	}
	const text = JSON.stringify(shaped.insights);
	const again = shapeInsights(JSON.parse(text));
	if (JSON.stringify(again.insights) !== text || again.warnings.length > 0) {
		throw new Error('Shaping the benchmark fixture twice changes it');
	}
	return text;
}

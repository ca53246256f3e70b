import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ACTIVITY_SCHEMAS, ACTIVITY_TYPES, type ActivityType } from './insightsSchema';
import type { LabelledActivity } from './shapeInsights';

/**
 * The "Activities" list of Respond to M8Com Lookup: one entry per activity the user adds (Note, Task, Call,
 * Ticket, Deal, Appointment), each with its type's fields from M8Com's spec, mapped in the editor by
 * drag-and-drop. An entry built from "Each Input Item" gives one activity per input item (e.g. after a Split
 * Out of the CRM's notes); one built from the "First Input Item" gives one activity. The fields listed here
 * are the keys of the zod schemas in insightsSchema.ts: required keys are shown in the entry, optional ones
 * under "Additional Fields" (test/unit/activityFields.test.ts checks that both stay in step).
 */

export const ACTIVITIES_PARAMETER = 'activities';
const ADDITIONAL_FIELDS = 'additionalFields';
const BUILD_FROM = 'buildFrom';

export type BuildFrom = 'eachItem' | 'firstItem';

/** What the editor calls each type, and the key its entries are stored under. */
export const ACTIVITY_LABELS: Record<ActivityType, { displayName: string; key: string }> = {
	NOTE: { displayName: 'Note', key: 'note' },
	TASK: { displayName: 'Task', key: 'task' },
	CALL: { displayName: 'Call', key: 'call' },
	TICKET: { displayName: 'Ticket', key: 'ticket' },
	DEAL: { displayName: 'Deal', key: 'deal' },
	APPOINTMENT: { displayName: 'Appointment', key: 'appointment' },
};

type FieldKind = 'text' | 'time' | 'url' | 'flag' | 'number' | 'priority';

interface FieldText {
	displayName: string;
	kind: FieldKind;
	description?: string;
	placeholder?: string;
}

const TIME_HINT = 'Unix time in seconds or milliseconds, or an ISO date';
const PRIORITY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'High', value: 'HIGH' },
	{ name: 'Low', value: 'LOW' },
	{ name: 'Medium', value: 'MEDIUM' },
];

/** Every activity field of the spec, in the spec's words. */
const FIELDS: Record<string, FieldText> = {
	body: { displayName: 'Body', kind: 'text', description: 'The text M8Com shows in the activity' },
	timestamp: {
		displayName: 'Timestamp',
		kind: 'time',
		description: `When the activity happened (activities are shown newest first). ${TIME_HINT}.`,
	},
	dueDate: { displayName: 'Due Date', kind: 'time', description: `When the task is due. ${TIME_HINT}.` },
	toNumber: { displayName: 'To Number', kind: 'text', description: 'The callee', placeholder: '+46812345678' },
	fromNumber: { displayName: 'From Number', kind: 'text', description: 'The caller', placeholder: '+46701234567' },
	duration: { displayName: 'Duration (Ms)', kind: 'text', description: 'Length of the call in milliseconds', placeholder: '125000' },
	startTime: { displayName: 'Start Time', kind: 'time', description: `When the call started. ${TIME_HINT}.` },
	createdDate: { displayName: 'Created Date', kind: 'time', description: `When the ticket was created. ${TIME_HINT}.` },
	closeDate: { displayName: 'Close Date', kind: 'time', description: `When the deal closes. ${TIME_HINT}.` },
	startDate: { displayName: 'Start Date', kind: 'time', description: `When the appointment starts. ${TIME_HINT}.` },
	endDate: { displayName: 'End Date', kind: 'time', description: `When the appointment ends. ${TIME_HINT}.` },
	header: { displayName: 'Header', kind: 'text', description: 'Appended to the default header, e.g. "Note - your header"' },
	customHeader: { displayName: 'Custom Header', kind: 'text', description: 'Replaces the default header (e.g. "Note") entirely' },
	customDescription: { displayName: 'Custom Description', kind: 'text', description: 'Replaces the default heading of the body' },
	associatedUser: { displayName: 'Associated User', kind: 'text', placeholder: 'adam.webb@example.com' },
	assignedUser: { displayName: 'Assigned User', kind: 'text', placeholder: 'adam.webb@example.com' },
	status: { displayName: 'Status', kind: 'text', placeholder: 'Pending' },
	done: { displayName: 'Done', kind: 'flag', description: 'Whether it is done (M8Com shows a checkmark)' },
	link: { displayName: 'Link', kind: 'url', description: 'The header links here', placeholder: 'https://crm.example.com/activities/7' },
	markdown: { displayName: 'Markdown', kind: 'flag', description: 'Whether the body is Markdown' },
	priority: { displayName: 'Priority', kind: 'priority', description: 'M8Com shows LOW when none is given' },
	pipeline: { displayName: 'Pipeline', kind: 'text', description: 'Heading shown above the pipeline stage' },
	pipelineStage: { displayName: 'Pipeline Stage', kind: 'text' },
	ticketLink: { displayName: 'Ticket Link (Deprecated Field)', kind: 'url', description: 'Sent as ticketLink, for M8Com set-ups that still read it; prefer Link' },
	dealLink: { displayName: 'Deal Link (Deprecated Field)', kind: 'url', description: 'Sent as dealLink, for M8Com set-ups that still read it; prefer Link' },
	currency: { displayName: 'Currency', kind: 'text', placeholder: 'SEK' },
	amount: { displayName: 'Amount', kind: 'number', description: 'The deal value' },
	allDay: { displayName: 'All Day', kind: 'flag', description: 'Whether the appointment covers the whole day' },
	venue: { displayName: 'Venue', kind: 'text', description: 'Where the appointment takes place' },
};

/** The schema's keys (without `type`), split into required and optional, in the schema's order. */
export function activityKeys(type: ActivityType): { required: string[]; optional: string[] } {
	const required: string[] = [];
	const optional: string[] = [];
	for (const [key, schema] of Object.entries(ACTIVITY_SCHEMAS[type].shape)) {
		if (key === 'type') continue;
		(schema.isOptional() ? optional : required).push(key);
	}
	return { required, optional };
}

function fieldProperty(key: string, required: boolean): INodeProperties {
	const text = FIELDS[key];
	const base = { displayName: text.displayName, name: key, description: text.description };
	switch (text.kind) {
		case 'flag':
			return { ...base, type: 'boolean', default: false };
		case 'number':
			return { ...base, type: 'number', default: 0 };
		case 'priority':
			return { ...base, type: 'options', options: PRIORITY_OPTIONS, default: 'LOW' };
		default:
			// Text, also for times and numbers that are required: a mapped CRM value arrives as it is (seconds,
			// milliseconds, an ISO date), and an unset field stays empty rather than 0.
			return {
				...base,
				type: 'string',
				default: '',
				required,
				placeholder: text.placeholder ?? (text.kind === 'time' ? '1700000000' : undefined),
			};
	}
}

const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

function entryValues(type: ActivityType): INodeProperties[] {
	const { required, optional } = activityKeys(type);
	return [
		{
			displayName: 'Build From',
			name: BUILD_FROM,
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Each Input Item',
					value: 'eachItem',
					description: 'One activity per input item, e.g. one per note after a Split Out node',
				},
				{
					name: 'First Input Item',
					value: 'firstItem',
					description: 'One activity, with the fields read from the first input item',
				},
			],
			default: 'eachItem',
		},
		...required.map((key) => fieldProperty(key, true)),
		{
			displayName: 'Additional Fields',
			name: ADDITIONAL_FIELDS,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optional.map((key) => fieldProperty(key, false)).sort(byDisplayName),
		},
	];
}

export const activitiesProperty: INodeProperties = {
	displayName: 'Activities',
	name: ACTIVITIES_PARAMETER,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Activity',
	default: {},
	displayOptions: { show: { respondWith: ['contact'] } },
	description:
		'Notes, tasks, calls, tickets, deals and appointments, with their fields mapped from a CRM node. The contact fields above are read from the first input item. At most 10 per type are sent, newest first.',
	options: ACTIVITY_TYPES.map((type) => ({
		displayName: ACTIVITY_LABELS[type].displayName,
		name: ACTIVITY_LABELS[type].key,
		values: entryValues(type),
	})),
};

function toActivity(type: ActivityType, entry: IDataObject): Record<string, unknown> {
	const fields = { ...entry };
	const additional = fields[ADDITIONAL_FIELDS] as IDataObject | undefined;
	delete fields[BUILD_FROM];
	delete fields[ADDITIONAL_FIELDS];
	return { type, ...fields, ...(additional ?? {}) };
}

/**
 * Reads the Activities list: entries built from the first input item once, entries built from each input
 * item once per item (expressions such as `{{ $json.text }}` then read that item).
 */
export function readMappedActivities(context: IExecuteFunctions, itemCount: number): LabelledActivity[] {
	// The list's layout without resolving anything: an entry's expressions are only resolved for the items it
	// is built from (with no input item, "Each Input Item" entries resolve nothing).
	const layout = context.getNodeParameter(ACTIVITIES_PARAMETER, 0, {}, { rawExpressions: true }) as Record<
		string,
		IDataObject[] | undefined
	>;
	const activities: LabelledActivity[] = [];
	for (const type of ACTIVITY_TYPES) {
		const { displayName, key } = ACTIVITY_LABELS[type];
		const entries = layout[key] ?? [];
		entries.forEach((entry, n) => {
			const label = entries.length > 1 ? `${displayName} ${n + 1}` : displayName;
			const count = (entry[BUILD_FROM] as BuildFrom | undefined) === 'firstItem' ? 1 : itemCount;
			for (let item = 0; item < count; item++) {
				const resolved = context.getNodeParameter(`${ACTIVITIES_PARAMETER}.${key}[${n}]`, item, {}) as IDataObject;
				activities.push({ path: `${label} [item ${item}]`, value: toActivity(type, resolved) });
			}
		});
	}
	return activities;
}

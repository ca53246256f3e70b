/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Respond to M8Com Lookup's Activities list: activities mapped per type in the editor, built from each input
 * item or from the first. Parameters are resolved by n8n-workflow's own Workflow and expression code (defaults
 * filled in as n8n does, `{{ $json.… }}` evaluated per item), so the tests see what n8n hands to execute().
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	Workflow,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeTypes,
} from 'n8n-workflow';

import { activitiesProperty, activityKeys, ACTIVITY_LABELS } from '../../nodes/M8ComLookup/activityFields';
import { ACTIVITY_SCHEMAS, ACTIVITY_TYPES } from '../../nodes/M8ComLookup/insightsSchema';
import { RespondToM8ComLookup } from '../../nodes/M8ComLookup/RespondToM8ComLookup.node';

const node = new RespondToM8ComLookup();
const TRIGGER_TYPE = 'n8n-nodes-telephony-webhooks.m8ComLookupTrigger';

/** Runs the respond node once, as n8n would, on these input items; returns what it sent and its output. */
async function respond(parameters: IDataObject, items: IDataObject[]) {
	const nodeTypes = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({
		nodes: [{ id: 'r', name: 'Respond', type: 'n8n-nodes-telephony-webhooks.respondToM8ComLookup', typeVersion: 1, position: [0, 0], parameters: parameters as INodeParameters }],
		connections: {},
		active: false,
		nodeTypes,
	});
	const respondNode = workflow.getNode('Respond')!;
	const input: INodeExecutionData[] = items.map((json) => ({ json }));
	const sent: IDataObject[] = [];
	const context = {
		getNode: () => structuredClone(respondNode),
		getParentNodes: () => [{ name: 'Trigger', type: TRIGGER_TYPE, typeVersion: 1, disabled: false }],
		getInputData: () => input,
		// What n8n-core's getNodeParameter does before its schema checks: read the raw value, resolve expressions for the item.
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => {
			const raw = name.split(/[.[\]]+/).filter(Boolean).reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], respondNode.parameters);
			if (raw === undefined) return fallback;
			if (options?.rawExpressions) return raw;
			return workflow.expression.getParameterValue(raw as never, null, 0, itemIndex, respondNode.name, input, 'manual', {});
		},
		sendResponse: async (response: IDataObject) => {
			sent.push(response);
		},
	} as unknown as IExecuteFunctions;
	const [[out]] = await node.execute.call(context);
	const body = sent[0] ? (sent[0].body as Buffer).toString() : undefined;
	return { sent, out, answer: body ? (JSON.parse(body) as IDataObject) : undefined };
}

const contact = (activities: IDataObject, extra: IDataObject = {}) => ({
	respondWith: 'contact',
	displayName: '={{ $json.name }}',
	activities,
	...extra,
});

const noteFromItem = { body: '={{ $json.text }}', timestamp: '={{ $json.createdAt }}', additionalFields: { header: 'CRM note', associatedUser: '={{ $json.author }}' } };
const crmNote = (n: number) => ({ name: 'Maria', text: `Note ${n}`, createdAt: 1700000000 + n * 3600, author: 'adam@emca.example' });
const sentNote = (n: number) => ({ type: 'NOTE', header: 'CRM note', body: `Note ${n}`, timestamp: (1700000000 + n * 3600) * 1000, associatedUser: 'adam@emca.example' });

describe('the Activities list in the editor', () => {
	const options = activitiesProperty.options as Array<{ name: string; displayName: string; values: INodeProperties[] }>;

	test('offers one entry kind per activity type of the spec, shown only for "Contact Found"', () => {
		expect(activitiesProperty).toMatchObject({ type: 'fixedCollection', typeOptions: { multipleValues: true }, displayOptions: { show: { respondWith: ['contact'] } } });
		expect(options.map((o) => o.displayName)).toEqual(['Note', 'Task', 'Call', 'Ticket', 'Deal', 'Appointment']);
		expect(node.description.properties).toContain(activitiesProperty);
	});

	test.each(ACTIVITY_TYPES)('%s: Build From, then the required fields, then every optional field under Additional Fields', (type) => {
		const { values } = options.find((o) => o.name === ACTIVITY_LABELS[type].key)!;
		const schemaKeys = Object.keys(ACTIVITY_SCHEMAS[type].shape).filter((key) => key !== 'type');
		const { required, optional } = activityKeys(type);
		expect([...required, ...optional].sort()).toEqual([...schemaKeys].sort());
		expect(values[0]).toMatchObject({ name: 'buildFrom', type: 'options', default: 'eachItem', noDataExpression: true });
		expect(values.slice(1, -1).map((v) => [v.name, v.required])).toEqual(required.map((key) => [key, true]));
		const additional = values[values.length - 1];
		expect(additional).toMatchObject({ name: 'additionalFields', type: 'collection' });
		expect((additional.options as INodeProperties[]).map((o) => o.name).sort()).toEqual([...optional].sort());
		for (const field of [...values.slice(1, -1), ...(additional.options as INodeProperties[])]) {
			expect(field.displayName).toMatch(/^[A-Z]/);
		}
	});

	test('is not offered as an AI Agent tool', () => {
		// n8n makes a Tool variant only when usableAsTool is truthy (2.41 tool-generation/ai-tools.js); e2e checks /types/nodes.json.
		expect(Boolean(node.description.usableAsTool)).toBe(false);
	});
});

describe('activities mapped per type', () => {
	test('every field of every type becomes the activity M8Com expects (seconds become milliseconds)', async () => {
		const s = 1700000000;
		const { answer, out } = await respond(
			contact({
				note: [{ buildFrom: 'firstItem', body: 'Note', timestamp: s, additionalFields: { header: 'H', customHeader: 'CH', associatedUser: 'adam', link: 'https://crm.example/n/1', markdown: true } }],
				task: [{ buildFrom: 'firstItem', body: 'Task', timestamp: s, dueDate: s + 1, additionalFields: { header: 'H', customHeader: 'CH', customDescription: 'CD', status: 'Pending', done: false, assignedUser: 'adam', link: 'https://crm.example/t/1', markdown: false } }],
				call: [{ buildFrom: 'firstItem', body: 'Call', timestamp: s, toNumber: '+46812345678', fromNumber: '+46701234567', duration: '125000', startTime: s, additionalFields: { customHeader: 'CH', customDescription: 'CD', link: 'https://crm.example/c/1', markdown: true } }],
				ticket: [{ buildFrom: 'firstItem', body: 'Ticket', timestamp: s, createdDate: s, additionalFields: { priority: 'HIGH', header: 'H', customHeader: 'CH', customDescription: 'CD', pipeline: 'Support', pipelineStage: 'Open', ticketLink: 'https://crm.example/old', link: 'https://crm.example/k/1', markdown: false } }],
				deal: [{ buildFrom: 'firstItem', body: 'Deal', timestamp: s, closeDate: '2027-01-31T00:00:00Z', additionalFields: { currency: 'SEK', amount: 12000, done: true, header: 'H', customHeader: 'CH', customDescription: 'CD', pipeline: 'Sales', pipelineStage: 'Proposal', dealLink: 'https://crm.example/old', link: 'https://crm.example/d/1', markdown: true } }],
				appointment: [{ buildFrom: 'firstItem', body: 'Meeting', timestamp: s, startDate: s, endDate: s + 3600, additionalFields: { allDay: false, venue: 'Stockholm', header: 'H', customDescription: 'CD', status: 'Confirmed', link: 'https://crm.example/a/1', markdown: false } }],
			}),
			[{ name: 'Maria' }],
		);
		const ms = s * 1000;
		expect(out.json.warnings).toBeUndefined();
		expect(answer?.activities).toEqual(
			expect.arrayContaining([
				{ type: 'NOTE', body: 'Note', timestamp: ms, header: 'H', customHeader: 'CH', associatedUser: 'adam', link: 'https://crm.example/n/1', markdown: true },
				{ type: 'TASK', body: 'Task', timestamp: ms, dueDate: ms + 1000, header: 'H', customHeader: 'CH', customDescription: 'CD', status: 'Pending', done: false, assignedUser: 'adam', link: 'https://crm.example/t/1', markdown: false },
				{ type: 'CALL', body: 'Call', timestamp: ms, toNumber: '+46812345678', fromNumber: '+46701234567', duration: 125000, startTime: ms, customHeader: 'CH', customDescription: 'CD', link: 'https://crm.example/c/1', markdown: true },
				{ type: 'TICKET', body: 'Ticket', timestamp: ms, createdDate: ms, priority: 'HIGH', header: 'H', customHeader: 'CH', customDescription: 'CD', pipeline: 'Support', pipelineStage: 'Open', ticketLink: 'https://crm.example/old', link: 'https://crm.example/k/1', markdown: false },
				{ type: 'DEAL', body: 'Deal', timestamp: ms, closeDate: Date.parse('2027-01-31T00:00:00Z'), currency: 'SEK', amount: 12000, done: true, header: 'H', customHeader: 'CH', customDescription: 'CD', pipeline: 'Sales', pipelineStage: 'Proposal', dealLink: 'https://crm.example/old', link: 'https://crm.example/d/1', markdown: true },
				{ type: 'APPOINTMENT', body: 'Meeting', timestamp: ms, startDate: ms, endDate: ms + 3_600_000, allDay: false, venue: 'Stockholm', header: 'H', customDescription: 'CD', status: 'Confirmed', link: 'https://crm.example/a/1', markdown: false },
			]),
		);
		expect(answer?.activities).toHaveLength(6);
	});

	test('mapped fields read the item: {{ $json.… }} from a CRM node', async () => {
		const { answer } = await respond(contact({ note: [noteFromItem] }), [crmNote(1)]);
		expect(answer).toEqual({ displayName: 'Maria', activities: [sentNote(1)] });
	});

	test('they join the activities of the Activities (JSON) field; all are sorted newest first', async () => {
		const json = JSON.stringify([{ type: 'TASK', body: 'From JSON', timestamp: 1700001800, dueDate: 1700001800 }]);
		const { answer } = await respond(contact({ note: [noteFromItem] }, { contactFields: { activities: json } }), [crmNote(0), crmNote(1)]);
		expect((answer?.activities as IDataObject[]).map((a) => a.body)).toEqual(['Note 1', 'From JSON', 'Note 0']);
	});
});

describe('built from each input item', () => {
	test('0 items: no activity from "Each Input Item" entries; "First Input Item" entries are still read once', async () => {
		const { answer } = await respond(
			contact({ note: [noteFromItem], task: [{ buildFrom: 'firstItem', body: 'Call back', timestamp: 1700000000, dueDate: 1700086400 }] }, { displayName: 'Maria' }),
			[],
		);
		expect(answer).toEqual({ displayName: 'Maria', activities: [{ type: 'TASK', body: 'Call back', timestamp: 1700000000000, dueDate: 1700086400000 }] });
	});

	test('1 item: one activity', async () => {
		const { answer, out } = await respond(contact({ note: [noteFromItem] }), [crmNote(1)]);
		expect(answer?.activities).toEqual([sentNote(1)]);
		expect(out.pairedItem).toEqual({ item: 0 });
	});

	test('many items: one activity per item, newest first; the contact comes from the first item', async () => {
		const items = [crmNote(1), { ...crmNote(3), name: 'Someone else' }, crmNote(2)];
		const { answer, out } = await respond(contact({ note: [noteFromItem] }), items);
		expect(answer).toEqual({ displayName: 'Maria', activities: [sentNote(3), sentNote(2), sentNote(1)] });
		expect(out.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('"First Input Item" gives one activity however many items come in', async () => {
		const deal = { buildFrom: 'firstItem', body: '={{ $json.text }}', timestamp: '={{ $json.createdAt }}', closeDate: '={{ $json.createdAt }}' };
		const { answer } = await respond(contact({ deal: [deal] }), [crmNote(1), crmNote(2), crmNote(3)]);
		expect(answer?.activities).toEqual([{ type: 'DEAL', body: 'Note 1', timestamp: 1700003600000, closeDate: 1700003600000 }]);
	});

	test('11 items: the 10 newest are sent, newest first, and the cut is noted but is not invalid data', async () => {
		const items = [5, 1, 9, 3, 11, 7, 2, 10, 4, 8, 6].map(crmNote);
		const { answer, out, sent } = await respond(contact({ note: [noteFromItem] }, { onInvalidData: 'fail' }), items);
		expect(sent[0].statusCode).toBe(200);
		expect((answer?.activities as IDataObject[]).map((a) => a.body)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((n) => `Note ${n}`));
		expect(out.json.warnings).toEqual(['11 NOTE activities given: the 10 newest were kept (M8Com shows at most 10 per type)']);
	});

	test('the limit is per type: 10 notes and 10 deals from 12 items', async () => {
		const deal = { body: '={{ $json.text }}', timestamp: '={{ $json.createdAt }}', closeDate: '={{ $json.createdAt }}' };
		const items = Array.from({ length: 12 }, (_, n) => crmNote(n));
		const { answer } = await respond(contact({ note: [noteFromItem], deal: [deal] }), items);
		const activities = answer?.activities as IDataObject[];
		expect(activities.filter((a) => a.type === 'NOTE')).toHaveLength(10);
		expect(activities.filter((a) => a.type === 'DEAL')).toHaveLength(10);
		const timestamps = activities.map((a) => a.timestamp as number);
		expect(timestamps).toEqual([...timestamps].sort((a, b) => b - a));
		expect(Math.min(...timestamps)).toBe((1700000000 + 2 * 3600) * 1000);
	});

	test('an item without any of the type\'s required fields is not that kind of activity: skipped without a warning', async () => {
		// As after a Split Out of two lists (notes and deals) of different lengths, and its empty "Always Output Data" item.
		const deal = { body: '={{ $json.deal.name }}', timestamp: '={{ $json.deal.closeAt }}', closeDate: '={{ $json.deal.closeAt }}' };
		const note = { body: '={{ $json.note.text }}', timestamp: '={{ $json.note.createdAt }}' };
		const items = [
			{ note: { text: 'First note', createdAt: 1700000000 }, deal: { name: 'Renewal', closeAt: 1707776000 } },
			{ note: { text: 'Second note', createdAt: 1700003600 } },
			{},
		];
		const { answer, out } = await respond(contact({ note: [note], deal: [deal] }, { displayName: 'Maria', onInvalidData: 'fail' }), items);
		expect(out.json.warnings).toBeUndefined();
		expect(answer?.activities).toEqual([
			{ type: 'DEAL', body: 'Renewal', timestamp: 1707776000000, closeDate: 1707776000000 },
			{ type: 'NOTE', body: 'Second note', timestamp: 1700003600000 },
			{ type: 'NOTE', body: 'First note', timestamp: 1700000000000 },
		]);
	});
});

describe('invalid mapped activities', () => {
	const items = [crmNote(1), { name: 'Maria', text: 'No time' }, { ...crmNote(3), link: 'not a url' }];
	const note = { ...noteFromItem, additionalFields: { ...noteFromItem.additionalFields, link: '={{ $json.link }}' } };

	test('are dropped with a warning naming the entry and the item; an invalid optional field only loses that field', async () => {
		const { answer, out } = await respond(contact({ note: [note] }), items);
		expect(answer?.activities).toEqual([sentNote(3), sentNote(1)]);
		expect(out.json.warnings).toEqual([
			'Note [item 1] dropped: timestamp is required',
			'Note [item 2].link must be an http(s) URL (dropped)',
		]);
	});

	test('with two entries of a type, the warning says which one', async () => {
		const { out } = await respond(contact({ note: [noteFromItem, { buildFrom: 'firstItem', body: 'x', timestamp: 'soon' }] }), [crmNote(1)]);
		expect(out.json.warnings).toEqual(['Note 2 [item 0] dropped: timestamp must be a Unix timestamp or an ISO date']);
	});

	test('"Fail the Node" fails with every problem listed and sends nothing', async () => {
		await expect(respond(contact({ note: [note] }, { onInvalidData: 'fail' }), items)).rejects.toMatchObject({
			message: 'The Insights answer is invalid',
			description: 'Note [item 1] dropped: timestamp is required\nNote [item 2].link must be an http(s) URL (dropped)',
		});
	});

	test('without a display name the no-match answer goes out, activities or not', async () => {
		const { sent, out } = await respond(contact({ note: [noteFromItem] }), [{ text: 'x', createdAt: 1700000000 }]);
		expect(sent[0].statusCode).toBe(404);
		expect(out.json.warnings).toEqual(['contact dropped: displayName is required']);
	});
});

describe('the lookup example (examples/m8com-lookup-http-crm.json)', () => {
	const workflow = JSON.parse(readFileSync(join(__dirname, '../../examples/m8com-lookup-http-crm.json'), 'utf8')) as {
		nodes: Array<{ name: string; type: string; parameters: IDataObject; alwaysOutputData?: boolean }>;
	};
	const expressions = (value: unknown): string[] =>
		typeof value === 'string'
			? [...value.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => m[1].trim())
			: value && typeof value === 'object'
				? Object.values(value).flatMap(expressions)
				: [];
	// What dragging a field from the input panel produces: $json.… or $('Node').item.json.…, nothing computed.
	const DRAGGED_FIELD = /^(\$json|\$\('[^']+'\)\.item\.json)(\.[A-Za-z_]\w*|\[\d+\])+$/;

	test('builds its activities with mapped fields only: no Code node, every expression a dragged field reference', () => {
		expect(workflow.nodes.map((n) => n.type)).not.toContain('n8n-nodes-base.code');
		const respond = workflow.nodes.find((n) => n.name === 'Respond with Contact')!;
		expect(Object.keys(respond.parameters.activities as IDataObject)).toEqual(['note', 'deal']);
		// The answer's nodes; the CRM search keeps its own `e164 ?? fromNumber` fallback for numbers that are not phone numbers.
		const answerNodes = workflow.nodes.filter((n) => n.type.endsWith('.respondToM8ComLookup') || n.type === 'n8n-nodes-base.splitOut');
		const used = answerNodes.flatMap((n) => expressions(n.parameters));
		expect(used.length).toBeGreaterThan(10);
		expect(used.filter((expression) => !DRAGGED_FIELD.test(expression))).toEqual([]);
	});

	test('its Split Out always outputs an item, so a contact without notes and deals is still answered', () => {
		expect(workflow.nodes.find((n) => n.type === 'n8n-nodes-base.splitOut')?.alwaysOutputData).toBe(true);
	});
});

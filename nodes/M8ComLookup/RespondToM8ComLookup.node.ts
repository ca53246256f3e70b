import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { respondThroughN8n } from '../../lib/n8nRespondSeam';
import type { PreparedAnswer } from '../../lib/responseGuard';
import { activitiesProperty, readMappedActivities } from './activityFields';
import { contactProperties, readContactParameters } from './contactFields';
import { NO_MATCH_OPTIONS, contactAnswer, noMatchAnswer } from './lookupAnswers';
import { shapeInsights } from './shapeInsights';

const LOOKUP_TRIGGER_TYPE_SUFFIX = '.m8ComLookupTrigger';

export class RespondToM8ComLookup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Respond to M8Com Lookup',
		name: 'respondToM8ComLookup',
		icon: { light: 'file:m8com.svg', dark: 'file:m8com.dark.svg' },
		group: ['transform'],
		version: 1,
		// Deliberately not an AI tool: the node can only answer a lookup its own workflow received, so as an Agent's
		// tool it could only fail. n8n makes a "… Tool" variant only when this is truthy (2.41
		// tool-generation/ai-tools.js `Boolean(nodeType.usableAsTool)`); it is stated, not left out, because n8n's
		// verification scan asks every node to decide (rule node-usable-as-tool).
		usableAsTool: undefined,
		subtitle: '={{ {contact: "Contact found", json: "JSON", noMatch: "No match"}[$parameter["respondWith"]] }}',
		description: 'Sends the Caller Insights answer to an M8Com number lookup',
		defaults: { name: 'Respond to M8Com Lookup' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName:
					'Answers the lookup received by the "M8Com Lookup Trigger" of this workflow. M8Com gives up after 3 seconds: if this node runs after the trigger\'s deadline, the fallback answer has already gone out and this answer is dropped.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Respond With',
				name: 'respondWith',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact Found', value: 'contact', description: 'Build the answer from the fields below' },
					{ name: 'JSON', value: 'json', description: 'Send a whole Insights object from an expression' },
					{ name: 'No Match', value: 'noMatch', description: 'Tell M8Com the number is unknown' },
				],
				default: 'contact',
			},
			...contactProperties,
			activitiesProperty,
			{
				displayName: 'Insights JSON',
				name: 'insightsJson',
				type: 'json',
				default: '{\n  "displayName": ""\n}',
				required: true,
				displayOptions: { show: { respondWith: ['json'] } },
				description:
					'A whole Caller Insights object (displayName, emails, companyInfo, activities, …), e.g. an expression returning the object a Code node built',
			},
			{
				displayName: 'No Match Answer',
				name: 'noMatchStatus',
				type: 'options',
				options: NO_MATCH_OPTIONS,
				default: '404',
				displayOptions: { show: { respondWith: ['noMatch'] } },
			},
			{
				displayName: 'On Invalid Data',
				name: 'onInvalidData',
				type: 'options',
				options: [
					{
						name: 'Drop Invalid Parts and Warn',
						value: 'drop',
						description:
							'Send what is valid; the output item lists what was dropped. Without a valid display name the no-match answer is sent.',
					},
					{ name: 'Fail the Node', value: 'fail', description: 'Stop with an error; M8Com gets the fallback answer' },
				],
				default: 'drop',
				displayOptions: { show: { respondWith: ['contact', 'json'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		assertLookupTriggerUpstream(this);
		const respondWith = this.getNodeParameter('respondWith', 0) as string;
		// One answer per execution: the contact is read from the first input item, activities built from
		// "Each Input Item" from every item (activityFields.ts).
		const itemCount = this.getInputData().length;

		let answer: PreparedAnswer;
		let insights: IDataObject | null = null;
		let warnings: string[] = [];
		if (respondWith === 'noMatch') {
			answer = noMatchAnswer(this.getNodeParameter('noMatchStatus', 0, '404') as string);
		} else {
			const shaped =
				respondWith === 'json'
					? shapeInsights(this.getNodeParameter('insightsJson', 0))
					: shapeInsights(readContactParameters(this, 0), readMappedActivities(this, itemCount));
			warnings = shaped.warnings;
			if (shaped.invalid && this.getNodeParameter('onInvalidData', 0, 'drop') === 'fail') {
				throw new NodeOperationError(this.getNode(), 'The Insights answer is invalid', {
					description: warnings.join('\n'),
				});
			}
			insights = shaped.insights as IDataObject | null;
			answer = shaped.insights ? contactAnswer(shaped.insights) : noMatchAnswer('404');
		}

		await respondThroughN8n(this, answer);

		const json: IDataObject = { statusCode: answer.statusCode, body: insights ?? {} };
		if (warnings.length > 0) json.warnings = warnings;
		const pairedItem = itemCount > 1 ? Array.from({ length: itemCount }, (_, item) => ({ item })) : { item: 0 };
		return [[{ json, pairedItem }]];
	}
}

/** The answer can only go to a lookup this workflow received; say so plainly instead of failing later. */
function assertLookupTriggerUpstream(context: IExecuteFunctions): void {
	const node = context.getNode();
	const parents = typeof context.getParentNodes === 'function' ? context.getParentNodes(node.name) : undefined;
	if (parents && !parents.some((parent) => parent.type.endsWith(LOOKUP_TRIGGER_TYPE_SUFFIX))) {
		throw new NodeOperationError(node, 'No M8Com Lookup Trigger before this node', {
			description:
				'Respond to M8Com Lookup answers the request received by an "M8Com Lookup Trigger". Start the workflow with that trigger and connect this node after it.',
		});
	}
}

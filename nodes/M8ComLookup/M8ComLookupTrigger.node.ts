import {
	NodeConnectionTypes,
	sleep,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { checkBearer } from '../../lib/auth';
import { testWebhookSecret } from '../../lib/credentialTest';
import { pastedUrlWebhookMethods } from '../../lib/pastedUrlWebhook';
import { DEFAULT_COUNTRY_OPTIONS } from '../../lib/phone';
import { guardResponse } from '../../lib/responseGuard';
import { rejectRequest } from '../../lib/webhookResponse';
import { NO_MATCH_OPTIONS, noMatchAnswer } from './lookupAnswers';
import { normalizeLookup, parseLookupQuery } from './lookupRequest';

/** M8Com gives up after 3 s; n8n spends a few hundred ms before this node runs (DESIGN.md decision 3). */
const DEFAULT_DEADLINE_MS = 2000;

export class M8ComLookupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'M8Com Lookup Trigger',
		name: 'm8ComLookupTrigger',
		icon: { light: 'file:m8com.svg', dark: 'file:m8com.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"GET /" + $parameter["path"]}}',
		description: 'Answers M8Com number lookups ("Caller Insights") from a workflow',
		defaults: { name: 'M8Com Lookup Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'm8ComWebhookApi', required: true, testedBy: 'testWebhookSecret' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'responseNode',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName:
					'Give M8Com Customer Care the Production URL above as the number lookup endpoint of the customer\'s webhook integration, together with the secret of the credential. End the workflow with a "Respond to M8Com Lookup" node.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'm8com/lookup',
				required: true,
				placeholder: 'm8com/lookup/:customerId',
				description:
					'The URL path M8Com calls. Add a segment like ":customerId" to serve several M8Com customers from one workflow; its value is emitted as customerId.',
			},
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'options',
				options: DEFAULT_COUNTRY_OPTIONS,
				default: 'SE',
				description:
					'Country of national numbers (without +country code) when they are normalized to E.164 in "normalized"',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fallback Answer',
						name: 'fallbackAnswer',
						type: 'options',
						options: NO_MATCH_OPTIONS,
						default: '404',
						description:
							'What M8Com gets when the workflow has not answered by the deadline, fails, or ends without answering',
					},
					{
						displayName: 'Response Deadline (Ms)',
						name: 'responseDeadline',
						type: 'number',
						typeOptions: { minValue: 100, maxValue: 2900 },
						default: DEFAULT_DEADLINE_MS,
						description:
							'Milliseconds after which the fallback answer goes out if the workflow has not answered. M8Com waits 3 s and n8n needs a few hundred ms before this node runs, so keep it well below 3000.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { testWebhookSecret } };

	webhookMethods = pastedUrlWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();

		const { secret } = await this.getCredentials<{ secret: string }>('m8ComWebhookApi');
		const authFailure = checkBearer(req.headers.authorization, secret ?? '');
		if (authFailure) return rejectRequest(res, authFailure.statusCode, authFailure.message);

		const parsed = parseLookupQuery(this.getQueryData() as IDataObject);
		if (!parsed.ok) return rejectRequest(res, 400, parsed.message);

		const options = this.getNodeParameter('options', {}) as { fallbackAnswer?: string; responseDeadline?: number };
		const guard = guardResponse(res, noMatchAnswer(options.fallbackAnswer ?? '404'));
		void sleep(options.responseDeadline ?? DEFAULT_DEADLINE_MS).then(() => guard.sendFallback());

		const params = this.getParamsData() as IDataObject;
		const defaultCountry = this.getNodeParameter('defaultCountry', '') as string;
		const item: IDataObject = {
			...parsed.value,
			customerId: typeof params.customerId === 'string' ? params.customerId : null,
			pathParameters: params,
			receivedAt: new Date().toISOString(),
			query: this.getQueryData() as IDataObject,
			normalized: normalizeLookup(parsed.value, defaultCountry) as unknown as IDataObject,
		};
		return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
	}
}

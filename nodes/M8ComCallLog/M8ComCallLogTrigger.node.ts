import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { requireJson } from '../../lib/contentType';
import { testWebhookSecret } from '../../lib/credentialTest';
import { pastedUrlWebhookMethods } from '../../lib/pastedUrlWebhook';
import {
	BODY_TRIGGER_VERSION,
	RAW_BODY_PROPERTY,
	readRequestBody,
	readSettings,
	SETTINGS_COLLECTION,
	triggerPathProperties,
	triggerWebhook,
} from '../../lib/n8nWebhookSeam';
import { parseJson } from '../../lib/rawBody';
import { defaultCountryProperty } from '../../lib/phone';
import { REMEMBER_SECRET_OPTION, checkBearerRemembered } from '../../lib/verifiedSecrets';
import { ignoreRequest, rejectRequest } from '../../lib/webhookResponse';
import { callLogItem, parseCallLogRequest, type CallLogRequest } from './callLogRequest';

/**
 * The largest call log accepted: M8Com posts seven short fields and a free-text body of a few lines, plus a call
 * summary paragraph when CI is on (vendor-docs m8com-insights-webhook, "Automatic Call Logging"), a few KB in all.
 * Larger bodies are answered 413 before they are parsed (docs/m8com-call-log.md).
 */
export const CALL_LOG_BODY_LIMIT = 256 * 1024;

interface CallLogOptions {
	callTypes?: string[];
	minDurationSeconds?: number;
}

/** Why a valid call log starts no workflow under the user's options, or undefined to run it. */
export function callLogSkipReason(request: CallLogRequest, options: CallLogOptions): string | undefined {
	const wanted = (options.callTypes ?? []).map((type) => type.toLowerCase());
	if (wanted.length > 0 && !wanted.includes(request.callType.trim().toLowerCase())) return 'call type not selected';
	const minMs = (options.minDurationSeconds ?? 0) * 1000;
	if (request.duration < minMs) return `call shorter than ${options.minDurationSeconds} seconds`;
	return undefined;
}

export class M8ComCallLogTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'M8Com Call Log Trigger',
		name: 'm8ComCallLogTrigger',
		icon: { light: 'file:../M8ComLookup/m8com.svg', dark: 'file:../M8ComLookup/m8com.dark.svg' },
		group: ['trigger'],
		version: BODY_TRIGGER_VERSION,
		subtitle: '={{"POST /" + ($parameter["urlStyle"] === "perCopy" ? "<ID>/" + $parameter["pathAfterId"] : $parameter["path"])}}',
		description: 'Starts the workflow when M8Com logs a finished call (automatic call logging)',
		defaults: { name: 'M8Com Call Log Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'm8ComWebhookApi', required: true, testedBy: 'testWebhookSecret' }],
		webhooks: [triggerWebhook({ httpMethod: 'POST', answer: { mode: 'acknowledge' } })],
		properties: [
			{
				displayName:
					'Give M8Com Customer Care the Production URL above as the automatic call logging endpoint of the customer\'s webhook integration. It uses the same secret as the number lookup. M8Com gets 200 once n8n has accepted the call.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...triggerPathProperties({
				path: 'm8com/call-log',
				placeholder: 'm8com/call-log/:customerId',
				caller: 'M8Com posts to',
				customerSegment: true,
			}),
			defaultCountryProperty('SE'),
			{
				...SETTINGS_COLLECTION,
				options: [
					REMEMBER_SECRET_OPTION,
					{
						displayName: 'Call Types',
						name: 'callTypes',
						type: 'multiOptions',
						options: [
							{
								name: 'Inbound (the Contact Was Called)',
								value: 'Inbound',
								description: 'M8Com\'s "Inbound": the CRM contact received the call, so the business called out',
							},
							{
								name: 'Outbound (the Contact Called)',
								value: 'Outbound',
								description: 'M8Com\'s "Outbound": the CRM contact called the business',
							},
						],
						default: [],
						description:
							'Only run for these call types (M8Com\'s callType, seen from the CRM contact). Others get 200 and start nothing. None selected: all.',
					},
					{
						displayName: 'Skip Calls Shorter Than (Seconds)',
						name: 'minDurationSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Calls shorter than this get 200 and start nothing (e.g. missed or dropped calls)',
					},
				],
			},
			// n8n must leave the body alone: the trigger reads the bytes itself (lib/n8nWebhookSeam.ts).
			RAW_BODY_PROPERTY,
		],
	};

	methods = { credentialTest: { testWebhookSecret } };

	webhookMethods = pastedUrlWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();

		const remember = readSettings<{ rememberSecretSeconds?: number }>(this).rememberSecretSeconds;
		const authFailure = await checkBearerRemembered(this, 'm8ComWebhookApi', remember);
		if (authFailure) return rejectRequest(res, authFailure.statusCode, authFailure.message);
		const notJson = requireJson(req.headers['content-type']);
		if (notJson) return rejectRequest(res, 415, notJson);
		const raw = await readRequestBody(req, CALL_LOG_BODY_LIMIT);
		if (!raw.ok) return rejectRequest(res, raw.statusCode, raw.message, raw.headers);
		const body = parseJson(raw.raw);
		if (!body.ok) return rejectRequest(res, 400, body.message);

		const parsed = parseCallLogRequest(body.value);
		if (!parsed.ok) return rejectRequest(res, 400, parsed.message);

		const skip = callLogSkipReason(parsed.value, readSettings<CallLogOptions>(this));
		if (skip) return ignoreRequest(res, skip);

		const params = this.getParamsData() as IDataObject;
		const item = {
			...callLogItem(parsed.value, this.getNodeParameter('defaultCountry', '') as string),
			customerId: typeof params.customerId === 'string' ? params.customerId : null,
			receivedAt: new Date().toISOString(),
		};
		return { workflowData: [[{ json: item as unknown as IDataObject }]] };
	}
}

import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { pastedUrlWebhookMethods } from '../../lib/pastedUrlWebhook';
import {
	BODY_TRIGGER_VERSION,
	parameterField,
	RAW_BODY_PROPERTY,
	readRequestBody,
	readSettings,
	SETTINGS_COLLECTION,
	triggerPathProperties,
	triggerWebhook,
} from '../../lib/n8nWebhookSeam';
import { defaultCountryProperty } from '../../lib/phone';
import { REMEMBER_SECRET_OPTION, secretMemory } from '../../lib/verifiedSecrets';
import { rejectRequest } from '../../lib/webhookResponse';
import { SUCCESS_CODE_OPTIONS, UNSUPPORTED_CONTENT_TYPE, acknowledgeIgnored, successCode } from './autoIdAnswers';
import {
	AUTOID_CREDENTIAL_TYPE,
	authenticate,
	checkedHeaderNames,
	secretHeaderNames,
	testAutoIdCredential,
	type AutoIdCredential,
} from './autoIdAuth';
import { parseBody, readContentType } from './autoIdBody';
import { detectPhase, normalizeAutoId, templateFields } from './autoIdNormalize';
import { recommendedJsonTemplate, recommendedXmlTemplate } from './autoIdTokens';

export const DEFAULT_PHASE_FIELD = 'phase';

const PHASE_NAMES = { call_begin: 'call begin', call_end: 'call end' } as const;

/**
 * AutoID lets the user pick POST or PUT; both are served on the same path. The answer is n8n's own, sent once
 * the execution has started, with the success code picked in the node (AutoID's "Success response code") and
 * n8n's usual `{"message":"Workflow was started"}` (no body for 204).
 */
const webhook = (httpMethod: 'POST' | 'PUT') =>
	triggerWebhook({ httpMethod, answer: { mode: 'acknowledge', responseCode: parameterField('successCode') } });

/**
 * The largest webhook accepted: AutoID posts the user's own template, and one with every AutoID token (the
 * recommended template) is about 5 KB (vendor-docs autoid-webhooks). Larger bodies are answered 413 before they
 * are parsed (docs/autoid.md).
 */
export const AUTOID_BODY_LIMIT = 256 * 1024;

/** Request headers for the item, without any that carry a secret (DESIGN.md decision 6). */
function safeHeaders(headers: IDataObject, secret: Set<string>): IDataObject {
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !secret.has(name.toLowerCase())));
}

export class AutoIdTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AutoID Trigger',
		name: 'autoIdTrigger',
		icon: { light: 'file:autoid.svg', dark: 'file:autoid.dark.svg' },
		group: ['trigger'],
		version: BODY_TRIGGER_VERSION,
		subtitle: '={{"POST/PUT /" + ($parameter["urlStyle"] === "perCopy" ? "<ID>/" + $parameter["pathAfterId"] : $parameter["path"])}}',
		description: 'Starts the workflow when an AutoID call-tracking webhook arrives (call begin or call end)',
		defaults: { name: 'AutoID Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autoIdWebhookApi', required: true, testedBy: 'testAutoIdCredential' }],
		webhooks: [webhook('POST'), webhook('PUT')],
		properties: [
			{
				displayName:
					'In AutoID: Manage Location → Edit → Webhook Management → Add Webhook. URL: the Production URL above. Template: JSON or XML (the recommended template below fills "normalized"). Advanced settings: HTTP Header and Value as in the credential (and Content-Type: application/json or application/xml), the same Success response code as below, HTTP Method POST or PUT. Then pick the webhook in a campaign or call treatment and choose beginning or end of call.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...triggerPathProperties({
				path: 'autoid/calls',
				placeholder: 'autoid/calls/:customerId',
				caller: 'AutoID calls',
				customerSegment: true,
			}),
			{
				displayName: 'Success Response Code',
				name: 'successCode',
				type: 'options',
				options: SUCCESS_CODE_OPTIONS,
				default: 200,
				description:
					'The code AutoID expects, as picked under "Success response code" in the webhook\'s advanced settings. 204 is sent without a body.',
			},
			{
				displayName: 'Trigger On',
				name: 'triggerOn',
				type: 'options',
				options: [
					{ name: 'Beginning or End of Call', value: 'any', description: 'Every webhook starts the workflow' },
					{ name: 'Beginning of Call', value: 'call_begin', description: 'Only webhooks sent when a call begins' },
					{ name: 'End of Call', value: 'call_end', description: 'Only webhooks sent when a call ends' },
				],
				default: 'any',
				description:
					'AutoID sends a campaign\'s webhook at the beginning or at the end of the call. Which one it is comes from the phase field or ?phase= in the URL (see Options), else from whether call-end fields (call end time, dial status, durations, recordings) carry values. Others are answered with the success code and start nothing.',
			},
			defaultCountryProperty('US'),
			{
				displayName: 'Recommended Template',
				name: 'recommendedTemplate',
				type: 'options',
				options: [
					{ name: 'Hide', value: 'hide' },
					{ name: 'Show JSON Template', value: 'json' },
					{ name: 'Show XML Template', value: 'xml' },
				],
				default: 'hide',
				description:
					'A template with every AutoID token, each in a field named after it, to paste into AutoID\'s Template Format. With these field names the trigger fills "normalized"; any other template passes through as sent.',
			},
			{
				displayName: 'JSON Template (Copy Into AutoID)',
				name: 'jsonTemplate',
				type: 'string',
				typeOptions: { rows: 16 },
				default: recommendedJsonTemplate(),
				noDataExpression: true,
				displayOptions: { show: { recommendedTemplate: ['json'] } },
				description: 'For copying only: the trigger does not read it',
			},
			{
				displayName: 'XML Template (Copy Into AutoID)',
				name: 'xmlTemplate',
				type: 'string',
				typeOptions: { rows: 16 },
				default: recommendedXmlTemplate(),
				noDataExpression: true,
				displayOptions: { show: { recommendedTemplate: ['xml'] } },
				description: 'For copying only: the trigger does not read it',
			},
			{
				...SETTINGS_COLLECTION,
				options: [
					REMEMBER_SECRET_OPTION,
					{
						displayName: 'Phase Field',
						name: 'phaseField',
						type: 'string',
						default: DEFAULT_PHASE_FIELD,
						description:
							'A template field or URL query parameter that says which webhook it is: call_begin or call_end (also begin, start, end). E.g. give AutoID …/autoid/calls?phase=call_end for the end-of-call webhook. Without it, call-end fields with values mean call end.',
					},
				],
			},
			// n8n must leave the body alone: the trigger reads the bytes itself (lib/n8nWebhookSeam.ts).
			RAW_BODY_PROPERTY,
		],
	};

	methods = { credentialTest: { testAutoIdCredential } };

	webhookMethods = pastedUrlWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();

		const settings = readSettings<{ phaseField?: string; rememberSecretSeconds?: number }>(this);
		const memory = secretMemory(this, AUTOID_CREDENTIAL_TYPE, settings.rememberSecretSeconds);
		let checkedHeaders: string[] | undefined = memory?.recall(req.headers as Record<string, string>);
		if (!checkedHeaders) {
			const credential = await this.getCredentials<AutoIdCredential>(AUTOID_CREDENTIAL_TYPE);
			const authFailure = authenticate(req.headers, credential);
			if (authFailure) return rejectRequest(res, authFailure.statusCode, authFailure.message);
			const names = checkedHeaderNames(credential);
			memory?.remember(req.headers as Record<string, string>, names);
			checkedHeaders = names;
		}

		const contentType = readContentType(req.headers['content-type']);
		if (!contentType.format) return rejectRequest(res, 415, UNSUPPORTED_CONTENT_TYPE);
		const raw = await readRequestBody(req, AUTOID_BODY_LIMIT);
		if (!raw.ok) return rejectRequest(res, raw.statusCode, raw.message, raw.headers);
		const parsed = parseBody(raw.raw, { ...contentType, format: contentType.format });
		if (!parsed.ok) return rejectRequest(res, parsed.statusCode, parsed.message);

		const fields = templateFields(parsed.body);
		const query = this.getQueryData() as IDataObject;
		const { phase, source } = detectPhase(fields, query, settings.phaseField ?? DEFAULT_PHASE_FIELD);
		const triggerOn = this.getNodeParameter('triggerOn', 'any') as string;
		if (triggerOn !== 'any' && triggerOn !== phase) {
			const code = successCode(this.getNodeParameter('successCode', 200));
			return acknowledgeIgnored(res, code, `Ignored: ${PHASE_NAMES[phase]} is not selected`);
		}

		const params = this.getParamsData() as IDataObject;
		const defaultCountry = this.getNodeParameter('defaultCountry', '') as string;
		const item: IDataObject = {
			phase,
			phaseSource: source,
			body: parsed.body as IDataObject,
			format: parsed.format,
			xmlRoot: parsed.xmlRoot,
			method: req.method,
			customerId: typeof params.customerId === 'string' ? params.customerId : null,
			pathParameters: params,
			query,
			headers: safeHeaders(req.headers as IDataObject, secretHeaderNames(checkedHeaders)),
			receivedAt: new Date().toISOString(),
			...(normalizeAutoId(fields, phase, defaultCountry) as unknown as IDataObject),
		};
		return { workflowData: [[{ json: item }]] };
	}
}

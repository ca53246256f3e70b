import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
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
import { DOWNLOAD_SAFETY_OPTIONS, downloadOptions, downloadRecordings, type DownloadSettings } from './recordingDownload';
import {
	normalizeRecording,
	parseRecordingRequest,
	recordingSkipReason,
	type RecordingFilters,
} from './recordingRequest';

/**
 * The largest recording notification accepted: M8Com's v2 body is about twenty short fields, a few file URLs and
 * an optional call summary (vendor-docs m8com-call-recording-webhook), a few KB; the recordings themselves are
 * fetched from the URLs, never posted. Larger bodies are answered 413 before they are parsed (docs/m8com-recording.md).
 */
export const RECORDING_BODY_LIMIT = 256 * 1024;

export class M8ComRecordingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'M8Com Recording Trigger',
		name: 'm8ComRecordingTrigger',
		icon: { light: 'file:../M8ComLookup/m8com.svg', dark: 'file:../M8ComLookup/m8com.dark.svg' },
		group: ['trigger'],
		version: BODY_TRIGGER_VERSION,
		subtitle: '={{"POST /" + ($parameter["urlStyle"] === "perCopy" ? "<ID>/" + $parameter["pathAfterId"] : $parameter["path"])}}',
		description: 'Starts the workflow when M8Com sends a call recording',
		defaults: { name: 'M8Com Recording Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'm8ComWebhookApi', required: true, testedBy: 'testWebhookSecret' }],
		webhooks: [triggerWebhook({ httpMethod: 'POST', answer: { mode: 'acknowledge' } })],
		properties: [
			{
				displayName:
					'In M8Com (Superadmin), add a Call Recording integration: Endpoint = the Production URL above (https), Secret = the secret of this credential (the recording integration has its own secret, separate from the Insights one). M8Com resends a recording until it gets 200, so a flow should de-duplicate on normalized.callId (the recording ID).',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...triggerPathProperties({
				path: 'm8com/recordings',
				placeholder: 'm8com/recordings/:customerId',
				caller: 'M8Com posts to',
				customerSegment: true,
			}),
			defaultCountryProperty('SE'),
			{
				displayName: 'Download Recordings',
				name: 'downloadRecordings',
				type: 'boolean',
				default: false,
				description:
					'Whether to fetch every file URL and attach it as binary data before M8Com gets its answer. The URLs expire 30 minutes after the call. If a download fails, M8Com gets a 502 (504 on a timeout) and no workflow starts; M8Com then sends the recording again with back-off.',
			},
			{
				displayName: 'Recordings From',
				name: 'recordingsFrom',
				type: 'multiOptions',
				options: [
					{ name: 'Answer Groups', value: 'answerGroup', description: 'Recordings of calls to an answer group' },
					{ name: 'Users', value: 'user', description: 'Recordings of personal calls' },
				],
				default: ['answerGroup', 'user'],
				description:
					'Which recordings start the workflow (none selected: all); others get 200 and start nothing. M8Com\'s own settings ("Send answer group recordings", "Send user recordings") decide what is sent at all.',
			},
			{
				displayName: 'Only These Answer Groups',
				name: 'answerGroups',
				type: 'string',
				default: '',
				placeholder: 'Support, ag-1234',
				description: 'Comma-separated answer group names or IDs. Empty: all answer groups.',
			},
			{
				displayName: 'Only These Users',
				name: 'users',
				type: 'string',
				default: '',
				placeholder: 'anna@example.com, u-42',
				description: 'Comma-separated user IDs, agent IDs or recorder IDs (email or number). Empty: all users.',
			},
			{
				...SETTINGS_COLLECTION,
				options: [
					REMEMBER_SECRET_OPTION,
					{
						displayName: 'Download Timeout (Seconds)',
						name: 'downloadTimeoutSeconds',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 300 },
						default: 60,
						description: 'How long one file may take to download before M8Com gets a 504 and retries',
						displayOptions: { show: { '/downloadRecordings': [true] } },
					},
					{
						displayName: 'Put Files in Field',
						name: 'binaryPropertyPrefix',
						type: 'string',
						default: 'recording',
						description: 'Binary field names of the files: recording0, recording1, …',
						displayOptions: { show: { '/downloadRecordings': [true] } },
					},
					// Which hosts, how many files and how large (recordingDownload.ts).
					...DOWNLOAD_SAFETY_OPTIONS,
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
		const raw = await readRequestBody(req, RECORDING_BODY_LIMIT);
		if (!raw.ok) return rejectRequest(res, raw.statusCode, raw.message, raw.headers);
		const body = parseJson(raw.raw);
		if (!body.ok) return rejectRequest(res, 400, body.message);

		const parsed = parseRecordingRequest(body.value);
		if (!parsed.ok) return rejectRequest(res, 400, parsed.message);

		const filters: RecordingFilters = {
			recordingsFrom: this.getNodeParameter('recordingsFrom', []) as string[],
			answerGroups: this.getNodeParameter('answerGroups', '') as string,
			users: this.getNodeParameter('users', '') as string,
		};
		const skip = recordingSkipReason(parsed.value, filters);
		if (skip) return ignoreRequest(res, skip);

		const params = this.getParamsData() as IDataObject;
		const item: INodeExecutionData = {
			json: {
				...parsed.value,
				customerId: typeof params.customerId === 'string' ? params.customerId : null,
				receivedAt: new Date().toISOString(),
				normalized: normalizeRecording(parsed.value, this.getNodeParameter('defaultCountry', '') as string),
			} as unknown as IDataObject,
		};

		if (this.getNodeParameter('downloadRecordings', false) as boolean) {
			const settings = readSettings<DownloadSettings>(this);
			const downloaded = await downloadRecordings(this.helpers, parsed.value.fileUrls, downloadOptions(settings));
			if (!downloaded.ok) return rejectRequest(res, downloaded.statusCode, downloaded.message);
			item.binary = downloaded.binary;
		}
		return { workflowData: [[item]] };
	}
}

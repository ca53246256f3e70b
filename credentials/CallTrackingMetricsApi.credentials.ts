import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * CallTrackingMetrics: the account's API keys (Basic auth on CTM's REST API; only webhooks with the body type
 * "Resource link" call it, to fetch the activity) and what CTM's webhooks may send: a signature, basic auth or a
 * custom header.
 */

/** Whether either API key is filled in, as an expression of the credential test. */
const HAS_KEYS = '($credentials.accessKey || $credentials.secretKey)';

/**
 * What the credential test "fetches" when no API key is set: a data: URL, answered inside n8n without any
 * network request, whose body the test's rule turns into an explanation. (n8n's request tests can only end in
 * "Connection successful!" or an error message; a test function could not call CTM in a verified package.)
 */
export const NO_KEYS_TEST_URL = 'data:application/json;base64,eyJhcGlLZXlzIjoibm9uZSJ9'; // {"apiKeys":"none"}
export const NO_KEYS_MESSAGE =
	'No API keys are set, so nothing was tested at CTM. Only webhooks with the body type "Resource Link" (Fetch Activity on) call CTM\'s API and need them; log data and pixel webhooks work without keys.';
export class CallTrackingMetricsApi implements ICredentialType {
	name = 'callTrackingMetricsApi';

	displayName = 'CallTrackingMetrics API';

	icon: Icon = { light: 'file:../nodes/CallTrackingMetricsTrigger/ctm.svg', dark: 'file:../nodes/CallTrackingMetricsTrigger/ctm.dark.svg' };

	documentationUrl = 'https://github.com/telephony-webhooks/n8n-nodes-telephony-webhooks/blob/main/docs/calltrackingmetrics.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			description:
				'Only for webhooks with the body type "Resource Link": the API access key of the CTM account (Settings → Account Settings → API Integration). Leave empty for log data and pixels.',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for "Resource Link" webhooks: the API secret key shown with the access key',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.calltrackingmetrics.com',
			description: 'Where CTM\'s REST API is. Activities of resource links are fetched from here, whatever host the link names.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The secret CTM signs webhooks with (X-CTM-Signature); which secret signs differs between accounts. Used when the trigger\'s Authentication includes Signature.',
		},
		{
			displayName: 'Basic Auth User',
			name: 'basicAuthUser',
			type: 'string',
			default: '',
			description: 'Optional. The user CTM sends with basic authentication (the webhook\'s Authentication settings).',
		},
		{
			displayName: 'Basic Auth Password',
			name: 'basicAuthPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional. The password CTM sends with basic authentication.',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'X-Webhook-Token',
			description: 'Optional. The name of the custom header CTM sends (the webhook\'s Authentication headers).',
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional. The value of that header.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.accessKey}}',
				password: '={{$credentials.secretKey}}',
			},
		},
	};

	// With keys: a real GET /api/v1/accounts. Without: nothing leaves n8n, and the rule explains why.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{${HAS_KEYS} ? ($credentials.apiBaseUrl || "https://api.calltrackingmetrics.com") : ""}}`,
			url: `={{${HAS_KEYS} ? "/api/v1/accounts" : ${JSON.stringify(NO_KEYS_TEST_URL)}}}`,
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'apiKeys', value: 'none', message: NO_KEYS_MESSAGE } },
		],
	};
}

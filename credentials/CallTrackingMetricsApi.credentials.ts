import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * What the credential test says when CTM refuses the keys, missing ones included. (n8n's request tests end in
 * "Connection successful!" or an error, and a test function could not reach CTM in a verified package, so a
 * credential without keys cannot pass; it is told why that is fine.)
 */
export const KEYS_REFUSED_MESSAGE =
	'CTM answered 401: the API keys are missing or wrong. Only webhooks with the body type "Resource Link" (Fetch Activity on) use them; without such webhooks, leave both keys empty and ignore this test.';

/**
 * CallTrackingMetrics: the account's API keys (Basic auth on CTM's REST API; only webhooks with the body type
 * "Resource link" call it, to fetch the activity) and what CTM's webhooks may send: a signature, basic auth or a
 * custom header.
 */
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

	// A real GET /api/v1/accounts with the keys (empty ones too: CTM's 401 then explains that they are optional).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl || "https://api.calltrackingmetrics.com"}}',
			url: '/api/v1/accounts',
		},
		rules: [{ type: 'responseCode', properties: { value: 401, message: KEYS_REFUSED_MESSAGE } }],
	};
}

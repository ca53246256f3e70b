import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * CallTrackingMetrics: the account's API keys (Basic auth on CTM's REST API, used to fetch activities and to
 * test the credential) and what CTM's webhooks may send: a signature, basic auth or a custom header.
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
			required: true,
			description: 'The API access key of the CTM account (Settings → Account Settings → API Integration)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API secret key shown with the access key',
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl || "https://api.calltrackingmetrics.com"}}',
			url: '/api/v1/accounts',
		},
	};
}

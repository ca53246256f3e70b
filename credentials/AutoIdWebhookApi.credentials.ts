import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * How AutoID's webhooks prove where they come from: the HTTP header(s) set in the webhook's advanced settings
 * (Manage Location → Webhook Management → Advanced Settings → HTTP Header / Value), or basic auth.
 */
export class AutoIdWebhookApi implements ICredentialType {
	name = 'autoIdWebhookApi';

	displayName = 'AutoID Webhook API';

	icon: Icon = { light: 'file:../nodes/AutoIdTrigger/autoid.svg', dark: 'file:../nodes/AutoIdTrigger/autoid.dark.svg' };

	documentationUrl = 'https://github.com/telephony-webhooks/n8n-nodes-telephony-webhooks/blob/main/docs/autoid.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Header Auth',
					value: 'headerAuth',
					description: 'One or more HTTP headers added in the AutoID webhook\'s advanced settings',
				},
				{
					name: 'Basic Auth',
					value: 'basicAuth',
					description: 'An "Authorization: Basic …" header with a user and password',
				},
			],
			default: 'headerAuth',
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Header',
			default: { values: [{ name: '', value: '' }] },
			displayOptions: { show: { authentication: ['headerAuth'] } },
			description:
				'Each header AutoID must send, as entered under HTTP Header and Value in the webhook\'s advanced settings. Every one must match.',
			options: [
				{
					displayName: 'Header',
					name: 'values',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'X-AutoID-Token',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							typeOptions: { password: true },
							default: '',
							description: 'A long random secret',
						},
					],
				},
			],
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['basicAuth'] } },
		},
	];
}

import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** The shared secret M8Com sends as `Authorization: Bearer <secret>` on every webhook request (API v2). */
export class M8ComWebhookApi implements ICredentialType {
	name = 'm8ComWebhookApi';

	displayName = 'M8Com Webhook API';

	icon: Icon = { light: 'file:../nodes/M8ComLookup/m8com.svg', dark: 'file:../nodes/M8ComLookup/m8com.dark.svg' };

	documentationUrl = 'https://github.com/telephony-webhooks/n8n-nodes-telephony-webhooks/blob/main/docs/m8com.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret of the M8Com webhook integration. M8Com sends it as "Authorization: Bearer &lt;secret&gt;"; Customer Care sets it up with you.',
		},
	];
}

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
import { rejectRequest, type WebhookResponse } from '../../lib/webhookResponse';
import { parseWildixEnvelope } from './wildixEnvelope';
import {
	EVENTS_SUBTITLE,
	EVENT_TYPE_OPTIONS,
	OTHER_EVENTS,
	eventIsTooOld,
	eventTypeSelected,
	isCallEvent,
	isPresenceEvent,
} from './wildixEvents';
import { compactWildixPresence, normalizeWildixCall } from './wildixNormalize';
import { verifyWildixSignature } from './wildixSignature';

/**
 * The largest event accepted. Call and presence events are about 2 KB (vendor-docs wildix-webhooks); analytics
 * events of long, transferred calls carry their flows, and transcription events the transcript, so the limit
 * leaves room for those. Larger bodies are answered 413 before the signature is checked (docs/wildix.md).
 */
export const WILDIX_BODY_LIMIT = 1024 * 1024;

interface WildixCredential {
	secret?: string;
	integrationId?: string;
}

/** Acknowledges an event that starts nothing (not selected, too old): 200 and a short JSON, so Wildix does not retry. */
const acknowledge = (res: WebhookResponse, message: string): IWebhookResponseData => rejectRequest(res, 200, message);

export class WildixTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wildix Trigger',
		name: 'wildixTrigger',
		icon: { light: 'file:wildix.svg', dark: 'file:wildix.dark.svg' },
		group: ['trigger'],
		version: BODY_TRIGGER_VERSION,
		subtitle: EVENTS_SUBTITLE,
		description: 'Starts the workflow on Wildix PBX call, presence, conference, chat and SMS events (signed webhooks)',
		defaults: { name: 'Wildix Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wildixWebhookApi', required: true, testedBy: 'testWebhookSecret' }],
		webhooks: [triggerWebhook({ httpMethod: 'POST', answer: { mode: 'acknowledge' } })],
		properties: [
			{
				displayName:
					'In WMS go to PBX → Integrations → Cloud integrations, add a Webhook integration (transmission type WebHook), paste the Production URL above into its URL field (Target in older WMS) and choose the events. Then copy the Secret (and, optionally, the Integration ID) WMS shows for the integration into the credential.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...triggerPathProperties({
				path: 'wildix/events',
				placeholder: 'wildix/events',
				caller: 'Wildix posts to',
				customerSegment: false,
			}),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_TYPE_OPTIONS,
				default: ['call:end'],
				required: true,
				description:
					'Which Wildix event types start the workflow. Other events are acknowledged (200) and start nothing.',
			},
			{
				displayName: 'Other Event Types',
				name: 'otherEventTypes',
				type: 'string',
				default: '',
				placeholder: 'call:summary:completed, conference:live:*',
				description: 'Wildix event types by name, separated by commas; a trailing * selects a family',
				displayOptions: { show: { events: [OTHER_EVENTS] } },
			},
			defaultCountryProperty('SE'),
			{
				...SETTINGS_COLLECTION,
				options: [
					{
						displayName: 'Ignore Events Older Than (Minutes)',
						name: 'maxAgeMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'Acknowledge but do not run events whose time (the envelope\'s "time") is older than this, e.g. replayed requests. Wildix retries a failed delivery up to 3 times, so allow a few minutes. 0 turns the check off.',
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
		const read = await readRequestBody(req, WILDIX_BODY_LIMIT);
		if (!read.ok) return rejectRequest(res, read.statusCode, read.message, read.headers);
		const rawBody = read.raw;

		// Authenticate before any parsing: the signature over the raw bytes (or Wildix's compact re-serialisation).
		const credential = await this.getCredentials<WildixCredential>('wildixWebhookApi');
		const signature = verifyWildixSignature({ headers: req.headers, rawBody }, credential.secret ?? '');
		if (!signature.ok) return rejectRequest(res, 401, signature.message);
		const notJson = requireJson(req.headers['content-type']);
		if (notJson) return rejectRequest(res, 415, notJson);

		// Parse: a signed body that is not JSON or not the envelope is a client error.
		const body = signature.parsed ?? parseJson(rawBody);
		if (!body.ok) return rejectRequest(res, 400, body.message);
		const parsed = parseWildixEnvelope(body.value);
		if (!parsed.ok) return rejectRequest(res, 400, parsed.message);
		const envelope = parsed.envelope;

		const expectedIntegration = credential.integrationId?.trim() ?? '';
		if (expectedIntegration !== '' && (envelope.integrationId ?? '') !== expectedIntegration) {
			return rejectRequest(res, 403, 'Integration ID not accepted');
		}

		// Filter: replays and event types that were not selected are acknowledged and start nothing.
		const options = readSettings<{ maxAgeMinutes?: number }>(this);
		if (eventIsTooOld(envelope.time, options.maxAgeMinutes ?? 0)) {
			return acknowledge(res, `Ignored: event older than ${options.maxAgeMinutes} minutes`);
		}
		const events = this.getNodeParameter('events', []) as string[];
		const otherEventTypes = this.getNodeParameter('otherEventTypes', '') as string;
		if (!eventTypeSelected(envelope.type, events, otherEventTypes)) {
			return acknowledge(res, 'Ignored: event type not selected');
		}

		// Emit: the envelope as sent, plus normalized and wildixCall (call events) or presence (presence events).
		const defaultCountry = this.getNodeParameter('defaultCountry', '') as string;
		const item: IDataObject = { ...(envelope as IDataObject), normalized: null };
		if (isCallEvent(envelope.type)) {
			const { normalized, wildixCall } = normalizeWildixCall(envelope, defaultCountry);
			item.normalized = normalized as unknown as IDataObject;
			item.wildixCall = wildixCall as unknown as IDataObject;
		}
		if (isPresenceEvent(envelope.type)) item.presence = compactWildixPresence(envelope) as unknown as IDataObject;
		return { workflowData: [[{ json: item }]] };
	}
}

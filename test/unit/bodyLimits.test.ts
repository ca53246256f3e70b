/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Every body trigger in package.json reads the body as n8n hands it over (an unread stream) within its vendor's
 * limit: an authenticated body one byte over the limit is 413 with nothing parsed, a declared Content-Length
 * over it is 413 before a byte is read, and the vendor's own request, plain or gzip-compressed, still starts the
 * workflow. Requests and credentials are the e2e trigger profiles (test/support/triggerProfiles.ts).
 */
import { gzipSync } from 'node:zlib';

import type { INodeParameters, INodeType, IWebhookResponseData } from 'n8n-workflow';

import { BODY_TRIGGER_VERSION } from '../../lib/n8nWebhookSeam';
import { AUTOID_BODY_LIMIT } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CTM_LOG_DATA_BODY_LIMIT } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { CALL_LOG_BODY_LIMIT } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { RECORDING_BODY_LIMIT } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WILDIX_BODY_LIMIT } from '../../nodes/WildixTrigger/WildixTrigger.node';
import { packageNodes } from '../support/packageNodes';
import { PROFILE_CREDENTIALS, TRIGGER_TARGETS, type TriggerTarget } from '../support/triggerProfiles';
import { webhookContext } from './webhookContext';

/** Each body trigger's limit (its profile's settings: CTM log data). A trigger added to package.json needs one. */
const LIMITS: Record<string, number> = {
	M8ComCallLogTrigger: CALL_LOG_BODY_LIMIT,
	M8ComRecordingTrigger: RECORDING_BODY_LIMIT,
	WildixTrigger: WILDIX_BODY_LIMIT,
	AutoIdTrigger: AUTOID_BODY_LIMIT,
	CallTrackingMetricsTrigger: CTM_LOG_DATA_BODY_LIMIT,
};

const nodes = packageNodes();

interface Delivery {
	body: Buffer;
	headers?: Record<string, string>;
	/** Sent without the body's length (chunked), in 16 KB pieces. */
	chunked?: boolean;
	/** The bytes the vendor signs, when they are not those sent (a compressed body is signed decoded). */
	signed?: Buffer;
}

/** Runs the profile's trigger on one request through n8n's webhook context: the body is the unread stream n8n hands over. */
async function deliver(target: TriggerTarget, delivery: Delivery) {
	const workflow = target.workflow(Object.fromEntries(PROFILE_CREDENTIALS.map(({ key }) => [key, { id: key, name: key }])));
	const saved = workflow.nodes[0] as { type: string; parameters: INodeParameters; credentials: Record<string, { id: string }> };
	const entry = nodes.find(({ nodeType }) => saved.type.endsWith(`.${nodeType.description.name}`));
	if (!entry) throw new Error(`${saved.type} is not in package.json`);
	const credentials = Object.fromEntries(
		Object.entries(saved.credentials).map(([type, { id }]) => [type, PROFILE_CREDENTIALS.find((credential) => credential.key === id)?.data ?? {}]),
	);

	const query = target.profile.validQuery ?? {};
	const path = `/webhook/${target.profile.path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
	const headers = {
		'content-type': target.profile.contentTypes[0],
		...target.profile.authHeaders(delivery.signed ?? delivery.body, path),
		...delivery.headers,
	};
	const { context, res, req } = webhookContext(
		entry.nodeType,
		{ method: target.profile.methods[0], headers, query, body: delivery.body, chunkSize: delivery.chunked ? 16384 : undefined },
		{ parameters: saved.parameters, credentials, typeVersion: BODY_TRIGGER_VERSION },
	);
	const result: IWebhookResponseData = await (entry.nodeType as Required<INodeType>).webhook.call(context);
	return { result, res, req };
}

const bodyTargets = TRIGGER_TARGETS.filter((target) => target.profile.validBody !== undefined);
const classOf = (target: TriggerTarget) =>
	nodes.find(({ nodeType }) => nodeType.description.displayName === target.profile.name)?.name ?? target.profile.name;

test('every body trigger of package.json has a profile and a limit', () => {
	const bodyTriggers = nodes.filter(({ nodeType }) => nodeType.description.properties.some((p) => p.name === 'options' && p.type === 'hidden'));
	expect(bodyTriggers.map((t) => t.name).sort()).toEqual(Object.keys(LIMITS).sort());
	expect(bodyTargets.map(classOf).sort()).toEqual(Object.keys(LIMITS).sort());
});

describe.each(bodyTargets.map((target) => [classOf(target), target] as const))('%s', (name, target) => {
	const limit = LIMITS[name];
	const valid = Buffer.from(JSON.stringify(target.profile.validBody));
	/** The valid body padded with one field to exactly `size` bytes. */
	const padded = (size: number) => {
		const base = JSON.stringify({ ...target.profile.validBody, padding: '' });
		return Buffer.from(`${base.slice(0, -2)}${'x'.repeat(size - Buffer.byteLength(base))}"}`);
	};

	test('is far below n8n\'s 16 MB payload limit', () => {
		expect(limit).toBeLessThanOrEqual(1024 * 1024);
	});

	test("the vendor's request starts the workflow, read from the stream, plain and gzip-compressed", async () => {
		for (const delivery of [{ body: valid }, { body: valid, chunked: true }]) {
			const { result } = await deliver(target, delivery);
			expect(result.workflowData?.[0]).toHaveLength(1);
		}
		// Signatures are over the bytes as decoded, as n8n's own reader decodes them.
		const zipped = await deliver(target, { body: gzipSync(valid), signed: valid, headers: { 'content-encoding': 'gzip' } });
		expect(zipped.result.workflowData?.[0]).toHaveLength(1);
	});

	test('an authenticated body one byte over the limit is 413, closes the connection and parses nothing', async () => {
		const parse = jest.spyOn(JSON, 'parse');
		try {
			const { result, res } = await deliver(target, { body: padded(limit + 1), chunked: true });
			expect(result).toEqual({ noWebhookResponse: true });
			expect(res.statusCode).toBe(413);
			expect(res.headers.connection).toBe('close');
			expect(JSON.parse(res.body ?? '') as unknown).toEqual({ message: expect.stringMatching(/^The body is larger than \d+ (KB|MB)$/) });
			// The only parse is reading the answer back above.
			expect(parse).toHaveBeenCalledTimes(1);
		} finally {
			parse.mockRestore();
		}
	});

	test('a body of exactly the limit is read (and then judged on its content)', async () => {
		const { res } = await deliver(target, { body: padded(limit), chunked: true });
		expect(res.statusCode).not.toBe(413);
	});

	test('a declared Content-Length over the limit is 413 before a byte is read', async () => {
		const body = padded(limit + 1);
		const { res, req } = await deliver(target, { body });
		expect(res.statusCode).toBe(413);
		expect(req.readableDidRead).toBe(false);
	});
});

/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Every trigger that takes a body asks n8n to leave it alone (lib/rawBody.ts), and no example workflow
 * overrides that hidden parameter (an `options` value in a workflow would make n8n parse bodies again).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RAW_BODY_PROPERTY } from '../../lib/rawBody';
import { AutoIdTrigger } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CallTrackingMetricsTrigger } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { M8ComCallLogTrigger } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { M8ComRecordingTrigger } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WildixTrigger } from '../../nodes/WildixTrigger/WildixTrigger.node';

const BODY_TRIGGERS = [new M8ComCallLogTrigger(), new M8ComRecordingTrigger(), new WildixTrigger(), new CallTrackingMetricsTrigger(), new AutoIdTrigger()];

test.each(BODY_TRIGGERS.map((node) => [node.description.displayName, node] as const))('%s declares the raw-body parameter', (_, node) => {
	expect(node.description.version).toBe(1);
	expect(node.description.properties).toContainEqual(RAW_BODY_PROPERTY);
	expect(node.description.properties.filter((p) => p.name === 'options')).toHaveLength(1);
});

test('no example workflow sets `options` on a body-taking trigger', () => {
	const types = BODY_TRIGGERS.map((node) => `n8n-nodes-telephony-webhooks.${node.description.name}`);
	const dir = join(__dirname, '../../examples');
	const offenders = readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ type: string; name: string; parameters: object }> };
			return workflow.nodes.filter((n) => types.includes(n.type) && 'options' in n.parameters).map((n) => `${file}: ${n.name}`);
		});
	expect(offenders).toEqual([]);
});

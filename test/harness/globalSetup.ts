/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** Jest global setup for the e2e project: one real n8n with the packed package, shared by all e2e files. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8nApi, ownerSession } from './api';
import { ensureRuntime, packPackage, startN8n, type N8nInstance } from './n8n';
import { E2E_STATE_ENV, M8COM_SECRET, type E2eState } from './state';

declare global {
	var __N8N_INSTANCES__: N8nInstance[] | undefined;
}

export default async function globalSetup(): Promise<void> {
	const runtime = ensureRuntime();
	const tarball = packPackage();
	const instance = await startN8n({ runtime, tarball, env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all' } });
	globalThis.__N8N_INSTANCES__ = [instance];
	const ownerCookie = await ownerSession(instance.baseUrl);
	const api = new N8nApi({ ...instance, ownerCookie });
	const m8com = await api.createCredential('M8Com Webhook (e2e)', 'm8ComWebhookApi', { secret: M8COM_SECRET });
	const state: E2eState = {
		baseUrl: instance.baseUrl,
		webhookUrl: instance.webhookUrl,
		apiKey: instance.apiKey,
		userFolder: instance.userFolder,
		logFile: instance.logFile,
		n8nVersion: instance.n8nVersion,
		ownerCookie,
		credentials: { m8ComWebhookApi: m8com },
	};
	const stateFile = join(instance.userFolder, 'e2e-state.json');
	writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.env[E2E_STATE_ENV] = stateFile;
}

/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * n8n-core 2.41.0's real request helpers (`helpers.httpRequest`, `helpers.getSecureEgressFilter`), as a webhook's
 * `this.helpers` has them (n8n-core `request-helpers/factory.js`), without a running n8n; and its SSRF switch
 * (N8N_SSRF_PROTECTION_ENABLED, `SsrfProtectionConfig.enabled`). n8n-core resolves its own copies of @n8n/di and
 * @n8n/config, so they are loaded from n8n-core's folder.
 */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { IWebhookFunctions } from 'n8n-workflow';

const coreDir = dirname(require.resolve('n8n-core/package.json'));
const load = createRequire(__filename);
const fromCore = <T>(name: string): T => load(require.resolve(name, { paths: [coreDir] })) as T;

type Helpers = Pick<IWebhookFunctions['helpers'], 'httpRequest' | 'getSecureEgressFilter'>;

export function n8nCoreRequestHelpers(): Helpers {
	const { getRequestHelperFunctions } = load(join(coreDir, 'dist/execution-engine/node-execution-context/utils/request-helper-functions')) as {
		getRequestHelperFunctions: (workflow: object, node: object, additionalData: object) => Helpers;
	};
	return getRequestHelperFunctions({}, { name: 'M8Com Recording Trigger' }, {});
}

/** Turns n8n's own SSRF protection on or off for the helpers above (it is read on every request). */
export function setN8nSsrfProtection(enabled: boolean): void {
	const { Container } = fromCore<{ Container: { get<T>(type: new (...args: never[]) => T): T } }>('@n8n/di');
	const { SsrfProtectionConfig } = fromCore<{ SsrfProtectionConfig: new () => { enabled: boolean } }>('@n8n/config');
	Container.get(SsrfProtectionConfig).enabled = enabled;
}

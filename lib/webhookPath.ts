import * as workflow from 'n8n-workflow';

/** The expression every trigger of this package uses for its webhook path (DESIGN.md decision 8). */
export const PATH_FROM_PARAMETER = '={{$parameter["path"]}}';

/**
 * The webhook description's `path`, taken from the node's "Path" parameter. Spread it into a webhook description:
 * `{ name: 'default', httpMethod: 'GET', isFullPath: true, ...pathFromParameter() }`.
 *
 * On n8n-workflow 2.41+ it also carries the native resolver n8n's own Webhook node uses, so n8n reads the path
 * straight from the parameters instead of evaluating the expression on every request (with n8n's default
 * expression engine, a V8 isolate: ~20 ms of CPU per request on a 2-core machine, see README "Performance").
 * Older n8n versions lack the helper and evaluate the same expression, as before.
 */
export function pathFromParameter(): { path: string } {
	const { webhookDescriptionFields, fromParameter } = workflow as Partial<typeof workflow>;
	if (typeof webhookDescriptionFields !== 'function' || typeof fromParameter !== 'function') {
		return { path: PATH_FROM_PARAMETER };
	}
	const fields = webhookDescriptionFields({ path: fromParameter('path') });
	// The template is the same expression, so the editor shows the same URL whichever n8n runs the node.
	return fields.path === PATH_FROM_PARAMETER ? fields : { path: PATH_FROM_PARAMETER };
}

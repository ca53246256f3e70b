/**
 * Everything the harness does differently per n8n major version, in one place (issue 16, the version matrix).
 * The pinned runtime is 2.x; the matrix also runs a subset on the newest 1.x that installs here
 * (scripts/test-e2e-n8n1.sh: n8n 1.123.81 on the same Node 24 runtime, from the same scripts/install-n8n.sh).
 * The version comes from the runtime folder the installer printed (Runtime.version).
 * Add a difference here, keyed by major, never as an `if` in a test.
 */

export interface N8nDifferences {
	/**
	 * How the harness creates credentials. 2.x: n8n's public API (`POST /api/v1/credentials`). 1.x: the REST API
	 * the editor uses, with the owner's session, because 1.x's public API checks `data` against a JSON schema built
	 * from the type's fields that cannot describe our credentials (public-api/v1/handlers/credentials
	 * `toJsonSchema`): it takes the FIRST `displayOptions.show` value of a field as the condition for ALL fields
	 * depending on the same field, so an AutoID credential in "Basic Auth" mode may not carry a user or password at
	 * all, and in "Header Auth" mode must carry the hidden user and password too; and it demands the "Allowed
	 * Domains" field unless "Allowed HTTP Request Domains" (which 1.x adds to every type with `authenticate`, e.g.
	 * CallTrackingMetrics) is sent. Users create credentials in the editor, which has none of that.
	 */
	credentialRoute: 'publicApi' | 'editorRest';
	/**
	 * Public API scopes the harness's API key asks for. n8n refuses a key with any scope the owner's role does not
	 * have (`apiKeyHasValidScopesForRole`), and 1.x has no `credential:read`/`credential:list` (only create, move,
	 * delete: @n8n/permissions public-api-permissions.ee).
	 */
	apiKeyScopes: string[];
	/**
	 * Why the recording trigger refuses `http://localhost:…` without the private-address opt-in: 2.x resolves the
	 * name through n8n's egress filter, which blocks it; 1.x gives nodes no resolver, so the name itself is refused
	 * as local (lib/outboundUrl.ts `isLocalName`; docs/compatibility.md item 12). Refused on both.
	 */
	localhostRefusal: 'blocked by n8n' | 'local name';
	/**
	 * Whether n8n's public API gives a webhook node without a webhook ID one. 2.x does
	 * (`workflow-creation.service.js` → `WorkflowHelpers.resolveNodeWebhookIds`); 1.x stores the node without, and
	 * n8n then serves it under `<workflow id>/<node name>/<path>` (n8n-workflow `getNodeWebhookPath`), even an exact
	 * path. The examples ship without IDs (every import its own), and the editor's import assigns one on both
	 * majors (editor-ui `useCanvasOperations` `resolveNodeWebhook`), so on 1.x the harness assigns one as the
	 * editor would.
	 */
	apiAssignsWebhookIds: boolean;
	/**
	 * What the editor's credential "Test" shows when the service answers 401. 2.x applies the credential test's
	 * rules (our CTM credential's explanation that only resource links need keys); 1.x answers with n8n-workflow's
	 * NodeApiError text for 401 ("Authorization failed - please check your credentials") instead.
	 */
	credentialTest401: 'rule message' | 'n8n message';
}

const COMMON_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:update',
	'workflow:delete',
	'workflow:list',
	'workflow:activate',
	'workflow:deactivate',
	'execution:read',
	'execution:list',
	'execution:delete',
	'execution:retry',
	'credential:create',
	'credential:delete',
];

const DIFFERENCES: Record<number, N8nDifferences> = {
	1: { credentialRoute: 'editorRest', apiKeyScopes: COMMON_SCOPES, localhostRefusal: 'local name', apiAssignsWebhookIds: false, credentialTest401: 'n8n message' },
	2: {
		credentialRoute: 'publicApi',
		apiKeyScopes: [...COMMON_SCOPES, 'credential:read', 'credential:list', 'credential:update'],
		localhostRefusal: 'blocked by n8n',
		apiAssignsWebhookIds: true,
		credentialTest401: 'rule message',
	},
};

/** The major version of an n8n version string ('1.123.81' → 1). */
export function n8nMajor(version: string): number {
	const major = Number(version.split('.')[0]);
	if (!Number.isInteger(major)) throw new Error(`Not an n8n version: ${version}`);
	return major;
}

export function differencesFor(version: string): N8nDifferences {
	const differences = DIFFERENCES[n8nMajor(version)];
	if (!differences) throw new Error(`The harness does not know n8n ${version}: add its major to test/harness/n8nVersions.ts`);
	return differences;
}

/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Every node the package ships, taken from package.json's `n8n.nodes` as n8n loads them: the file named there
 * (its TypeScript source here) exports a class named after the file. Tests that must cover every trigger build
 * their lists from this, so a new node is covered the moment it is registered.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeType, type INodeTypes } from 'n8n-workflow';

const ROOT = join(__dirname, '../..');

export interface PackageNode {
	/** The class name, as n8n knows the node's file. */
	name: string;
	/** The source file, relative to the repository root. */
	file: string;
	nodeType: INodeType;
}

/** The nodes package.json registers, in its order. */
export function packageNodes(): PackageNode[] {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return pkg.n8n.nodes.map((dist) => {
		const file = dist.replace(/^dist\//, '').replace(/\.js$/, '.ts');
		const name = basename(file, '.node.ts');
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name, as n8n's loader does
		const exported = (require(join(ROOT, file)) as Record<string, new () => INodeType>)[name];
		if (typeof exported !== 'function') throw new Error(`${file} does not export a class ${name}`);
		return { name, file, nodeType: new exported() };
	});
}

/** The node as a workflow holds it: the given parameters plus every default, as n8n's Workflow fills them in. */
export function workflowNode(nodeType: INodeType, parameters: INodeParameters = {}, typeVersion?: number): INode {
	const { description } = nodeType;
	const version = typeVersion ?? description.defaultVersion ?? (Array.isArray(description.version) ? Math.max(...description.version) : description.version);
	const node: INode = {
		id: 'node-1',
		name: description.displayName,
		type: `n8n-nodes-telephony-webhooks.${description.name}`,
		typeVersion: version,
		position: [0, 0],
		parameters,
	};
	node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
	return node;
}

/**
 * A one-node workflow holding the node as n8n builds it for a webhook request, so `workflow.expression` evaluates
 * templates exactly as n8n does when it cannot resolve them natively (n8n 1.x always; the editor; user expressions).
 */
export function workflowWith(nodeType: INodeType, parameters: INodeParameters = {}, typeVersion?: number) {
	const saved = workflowNode(nodeType, parameters, typeVersion);
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const workflow = new Workflow({ id: 'workflow-1', name: 'Unit test', nodes: [saved], connections: {}, active: true, nodeTypes, settings: {} });
	return { workflow, node: workflow.getNode(saved.name) as INode };
}

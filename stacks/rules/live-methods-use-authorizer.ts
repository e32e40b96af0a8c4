import { BUCKET_PREFIXES } from "../naming";
import { refersTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType, type Block } from "./terraform-json";

/** First path part of the routes that serve the stream: `/live/...`. */
const LIVE_PATH_PART = BUCKET_PREFIXES.live.slice(0, -1);

/** Authorizer types that run a Lambda function on each uncached request. */
const LAMBDA_AUTHORIZER_TYPES = new Set(["REQUEST", "TOKEN"]);

/** Finds the block in `candidates` whose `attribute` the value refers to. */
function referenced(value: unknown, candidates: readonly Block[], attribute: string): Block | undefined {
  return candidates.find((candidate) => refersTo(value, candidate.address, attribute));
}

/**
 * Returns the path parts from the root to a resource, such as
 * `["live", "{proxy+}"]`. A parent that is not an aws_api_gateway_resource
 * of the stack (the API's root) ends the walk.
 */
function pathOf(resource: Block, resources: readonly Block[]): string[] {
  const parts: string[] = [];
  const seen = new Set<string>();
  let current: Block | undefined = resource;
  while (current && !seen.has(current.address)) {
    seen.add(current.address);
    parts.unshift(String(current.body.path_part ?? ""));
    current = referenced(current.body.parent_id, resources, "id");
  }
  return parts;
}

/** Tells whether an integration reads objects under the live prefix, as an S3 integration URI names them. */
function readsLiveObjects(integration: Block): boolean {
  const uri = integration.body.uri;
  return typeof uri === "string" && uri.includes(":s3:path/") && uri.includes(`/${BUCKET_PREFIXES.live}`);
}

/**
 * Tells whether a method serves the stream: it hangs below `/live`, or its
 * integration reads from the live prefix under any other path.
 */
function servesStream(method: Block, resources: readonly Block[], integrations: readonly Block[]): boolean {
  const stackResources = resources.filter((resource) => resource.stack === method.stack);
  const resource = referenced(method.body.resource_id, stackResources, "id");
  if (resource && pathOf(resource, stackResources)[0] === LIVE_PATH_PART) return true;
  return integrations.some(
    (integration) =>
      integration.stack === method.stack &&
      integration.body.resource_id === method.body.resource_id &&
      integration.body.http_method === method.body.http_method &&
      readsLiveObjects(integration),
  );
}

/** Returns why a stream method does not use a Lambda authorizer, or undefined when it does. */
function authorizerProblem(method: Block, authorizers: readonly Block[]): string | undefined {
  if (method.body.authorization !== "CUSTOM") {
    return `authorization is ${JSON.stringify(method.body.authorization ?? null)}, not "CUSTOM"`;
  }
  const authorizer = referenced(method.body.authorizer_id, authorizers, "id");
  if (!authorizer) return "authorizer_id names no aws_api_gateway_authorizer of this stack";
  const type = authorizer.body.type ?? "TOKEN";
  if (typeof type !== "string" || !LAMBDA_AUTHORIZER_TYPES.has(type)) {
    return `authorizer ${authorizer.address} has type ${JSON.stringify(type)}, not a Lambda authorizer`;
  }
  return undefined;
}

export const liveMethodsUseAuthorizer: SecurityRule = {
  id: "PS-API-006",
  name: "live-methods-use-authorizer",
  what: 'A method that serves the stream does not use a Lambda authorizer although viewerAccess is "signed-links".',
  why: "Anyone on the network could then fetch playlists and segments without a link, or with an expired or revoked one.",
  check(stacks, config) {
    if (config.viewerAccess !== "signed-links") return [];
    const resources = resourcesOfType(stacks, "aws_api_gateway_resource");
    const integrations = resourcesOfType(stacks, "aws_api_gateway_integration");
    const authorizers = resourcesOfType(stacks, "aws_api_gateway_authorizer");

    return resourcesOfType(stacks, "aws_api_gateway_method").flatMap((method) => {
      if (!servesStream(method, resources, integrations)) return [];
      const sameStack = authorizers.filter((authorizer) => authorizer.stack === method.stack);
      const problem = authorizerProblem(method, sameStack);
      return problem === undefined ? [] : [{ stack: method.stack, resource: method.address, detail: problem }];
    });
  },
};

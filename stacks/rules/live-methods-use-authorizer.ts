import type { Config } from "../config/schema";
import { BUCKET_PREFIXES } from "../naming";
import { refersTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType, stringList, type Block } from "./terraform-json";

/** First path part of the routes that serve the stream: `/live/...`. */
const LIVE_PATH_PART = BUCKET_PREFIXES.live.slice(0, -1);

/** Authorization that a stream method needs in a viewer access mode that gates the stream. */
interface Gate {
  /** The method's `authorization`. */
  readonly authorization: string;
  /** Authorizer types that implement the gate. */
  readonly authorizerTypes: ReadonlySet<string>;
  /** The gate's authorizer in words, for findings. */
  readonly description: string;
}

const GATES: Readonly<Partial<Record<Config["viewerAccess"], Gate>>> = {
  // Lambda authorizers: the function checks the signed link.
  "signed-links": {
    authorization: "CUSTOM",
    authorizerTypes: new Set(["REQUEST", "TOKEN"]),
    description: "a Lambda authorizer",
  },
  cognito: {
    authorization: "COGNITO_USER_POOLS",
    authorizerTypes: new Set(["COGNITO_USER_POOLS"]),
    description: "a Cognito user pool authorizer",
  },
};

/** Finds the block in `candidates` whose `attribute` the value refers to. */
function referenced(
  value: unknown,
  candidates: readonly Block[],
  attribute: string,
): Block | undefined {
  return candidates.find((candidate) =>
    refersTo(value, candidate.address, attribute),
  );
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
  return (
    typeof uri === "string" &&
    uri.includes(":s3:path/") &&
    uri.includes(`/${BUCKET_PREFIXES.live}`)
  );
}

/**
 * Tells whether a method serves the stream: it hangs below `/live`, or its
 * integration reads from the live prefix under any other path.
 */
function servesStream(
  method: Block,
  resources: readonly Block[],
  integrations: readonly Block[],
): boolean {
  const stackResources = resources.filter(
    (resource) => resource.stack === method.stack,
  );
  const resource = referenced(method.body.resource_id, stackResources, "id");
  if (resource && pathOf(resource, stackResources)[0] === LIVE_PATH_PART)
    return true;
  return integrations.some(
    (integration) =>
      integration.stack === method.stack &&
      integration.body.resource_id === method.body.resource_id &&
      integration.body.http_method === method.body.http_method &&
      readsLiveObjects(integration),
  );
}

/**
 * Returns why a stream method does not use the gate's authorizer, or
 * undefined when it does. A user pool authorizer must also name only user
 * pools of the method's stack, or viewers of another pool would pass.
 */
function authorizerProblem(
  method: Block,
  gate: Gate,
  authorizers: readonly Block[],
  pools: readonly Block[],
): string | undefined {
  if (method.body.authorization !== gate.authorization) {
    return `authorization is ${JSON.stringify(method.body.authorization ?? null)}, not "${gate.authorization}"`;
  }
  const authorizer = referenced(method.body.authorizer_id, authorizers, "id");
  if (!authorizer)
    return "authorizer_id names no aws_api_gateway_authorizer of this stack";
  const type = authorizer.body.type ?? "TOKEN";
  if (typeof type !== "string" || !gate.authorizerTypes.has(type)) {
    return `authorizer ${authorizer.address} has type ${JSON.stringify(type)}, not ${gate.description}`;
  }
  if (type === "COGNITO_USER_POOLS") {
    const providers = stringList(authorizer.body.provider_arns);
    const foreign = providers.filter(
      (arn) => !pools.some((pool) => refersTo(arn, pool.address, "arn")),
    );
    if (providers.length === 0 || foreign.length > 0) {
      return `authorizer ${authorizer.address} has provider_arns ${JSON.stringify(authorizer.body.provider_arns ?? null)}, not only user pools of this stack`;
    }
  }
  return undefined;
}

export const liveMethodsUseAuthorizer: SecurityRule = {
  id: "PS-API-006",
  name: "live-methods-use-authorizer",
  what: 'A method that serves the stream lacks the authorizer viewerAccess calls for: Lambda for "signed-links", this stack\'s user pool for "cognito".',
  why: "Anyone on the network could then fetch playlists and segments without a valid link or sign-in.",
  check(stacks, config) {
    const gate = GATES[config.viewerAccess];
    if (gate === undefined) return [];
    const resources = resourcesOfType(stacks, "aws_api_gateway_resource");
    const integrations = resourcesOfType(stacks, "aws_api_gateway_integration");
    const authorizers = resourcesOfType(stacks, "aws_api_gateway_authorizer");
    const pools = resourcesOfType(stacks, "aws_cognito_user_pool");

    return resourcesOfType(stacks, "aws_api_gateway_method").flatMap(
      (method) => {
        if (!servesStream(method, resources, integrations)) return [];
        const sameStack = (block: Block) => block.stack === method.stack;
        const problem = authorizerProblem(
          method,
          gate,
          authorizers.filter(sameStack),
          pools.filter(sameStack),
        );
        return problem === undefined
          ? []
          : [
              {
                stack: method.stack,
                resource: method.address,
                detail: problem,
              },
            ];
      },
    );
  },
};

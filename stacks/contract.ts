import {
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  TerraformOutput,
  type TerraformRemoteState,
  type TerraformStack,
} from "cdktf";
import type { Construct } from "constructs";
import { localStatePath, s3StateKey } from "./backend";
import type { Config } from "./config/schema";
import type { StackId } from "./naming";

/**
 * The outputs each stack publishes for the stacks after it. Publisher and
 * consumers share these declarations, so no consumer spells an output name
 * by hand and the names in a plan stay readable.
 */
interface OutputSpec {
  readonly kind: "string" | "list";
  readonly description: string;
  readonly sensitive?: boolean;
}

type OutputSpecs = Readonly<Record<string, OutputSpec>>;

type ValueOf<S extends OutputSpec> = S["kind"] extends "list"
  ? string[]
  : string;

/** The typed view a consumer gets of another stack's outputs. */
export type RemoteOutputs<T extends OutputSpecs> = {
  readonly [K in keyof T]: ValueOf<T[K]>;
};

export const NETWORK_OUTPUTS = {
  vpcId: { kind: "string", description: "VPC id" },
  vpcCidr: { kind: "string", description: "VPC address block" },
  privateSubnetIds: {
    kind: "list",
    description: "Private subnet ids, one per availability zone",
  },
  privateSubnetCidrs: {
    kind: "list",
    description: "Private subnet blocks, in subnet order",
  },
  availabilityZones: {
    kind: "list",
    description: "Availability zone of each private subnet",
  },
  privateRouteTableId: {
    kind: "string",
    description: "Route table of the private subnets",
  },
  s3GatewayEndpointId: {
    kind: "string",
    description: "S3 gateway endpoint id",
  },
  s3PrefixListId: {
    kind: "string",
    description:
      "Prefix list id of S3 in this region, for security group rules",
  },
  executeApiEndpointId: {
    kind: "string",
    description: "execute-api interface endpoint id",
  },
  executeApiEndpointDnsNames: {
    kind: "list",
    description: "DNS names of the execute-api endpoint",
  },
  clientVpnEndpointId: {
    kind: "string",
    description: "Client VPN endpoint id",
  },
  clientVpnDnsName: {
    kind: "string",
    description: "Client VPN endpoint DNS name",
  },
  clientCidr: {
    kind: "string",
    description: "Address block of connected VPN clients",
  },
} as const satisfies OutputSpecs;

export const STORAGE_OUTPUTS = {
  bucketName: { kind: "string", description: "Media bucket name" },
  bucketArn: { kind: "string", description: "Media bucket ARN" },
  bucketRegionalDomainName: {
    kind: "string",
    description: "Media bucket regional domain name",
  },
  playerPrefix: {
    kind: "string",
    description: "Key prefix of the player files",
  },
  livePrefix: { kind: "string", description: "Key prefix of the HLS output" },
} as const satisfies OutputSpecs;

/**
 * Declares one TerraformOutput per entry, named exactly as the key, so that
 * consumers can read it through remote state.
 */
export function publishOutputs<T extends OutputSpecs>(
  stack: TerraformStack,
  specs: T,
  values: { readonly [K in keyof T]: unknown },
): void {
  for (const [name, spec] of Object.entries(specs)) {
    new TerraformOutput(stack, name, {
      value: values[name as keyof T],
      description: spec.description,
      sensitive: spec.sensitive ?? false,
    });
  }
}

/** Creates the remote-state data source for another stack, from the configured backend. */
export function remoteState(
  scope: Construct,
  config: Config,
  producer: StackId,
): TerraformRemoteState {
  const id = `${producer}_state`;
  const { backend } = config;
  if (backend.type === "s3") {
    return new DataTerraformRemoteStateS3(scope, id, {
      bucket: backend.bucket,
      region: backend.region,
      key: s3StateKey(config, producer),
      encrypt: true,
    });
  }
  return new DataTerraformRemoteStateLocal(scope, id, {
    path: localStatePath(config, producer),
  });
}

/** Reads another stack's published outputs with their declared types. */
export function readOutputs<T extends OutputSpecs>(
  scope: Construct,
  config: Config,
  producer: StackId,
  specs: T,
): RemoteOutputs<T> {
  const state = remoteState(scope, config, producer);
  const outputs: Record<string, string | string[]> = {};
  for (const [name, spec] of Object.entries(specs)) {
    outputs[name] =
      spec.kind === "list" ? state.getList(name) : state.getString(name);
  }
  return outputs as RemoteOutputs<T>;
}

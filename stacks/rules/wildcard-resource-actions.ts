/**
 * Actions that may be allowed on `"Resource": "*"`, because AWS offers no
 * resource-level permission for them: the Service Authorization Reference
 * lists no resource type, so a statement naming an ARN would never match.
 * Every other action must name the resources it acts on.
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  "ec2:DescribeNetworkInterfaces":
    "EC2 Describe actions accept no resource ARN; MediaLive calls it to find the network interfaces of a VPC input",
  "ec2:DescribeSubnets":
    "EC2 Describe actions accept no resource ARN; MediaLive calls it to place a VPC input in the configured subnets",
  "ec2:DescribeSecurityGroups":
    "EC2 Describe actions accept no resource ARN; MediaLive calls it to attach security groups to a VPC input",
  "ec2:DescribeVpcs":
    "EC2 Describe actions accept no resource ARN; MediaLive reads the VPC of a VPC input's subnets",
  "ec2:DescribeAvailabilityZones":
    "EC2 Describe actions accept no resource ARN; it lists the zones that subnets and pipelines are placed in",
  "ec2:DescribeAddresses":
    "EC2 Describe actions accept no resource ARN; MediaLive calls it when it manages the addresses of a VPC input",
  // NOTE: taken from the CloudWatch Logs and MediaLive documentation, not
  // tested against an account.
  "logs:DescribeLogGroups":
    "It lists every log group of the account, so no single group ARN applies, and CloudWatch Logs ignores tag conditions on it",
  "xray:PutTraceSegments":
    "X-Ray accepts trace data only on all resources; a traced Lambda function sends it",
  "xray:PutTelemetryRecords":
    "X-Ray accepts telemetry only on all resources; a traced Lambda function sends it",
};

const ALLOWED = new Set(
  Object.keys(WILDCARD_RESOURCE_ACTIONS).map((action) => action.toLowerCase()),
);

/** Tells whether an action may be allowed on all resources; IAM compares action names without case. */
export function allowsWildcardResource(action: string): boolean {
  return ALLOWED.has(action.toLowerCase());
}

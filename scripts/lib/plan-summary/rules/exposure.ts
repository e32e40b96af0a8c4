import {
  ANY_CHANGE,
  LABEL_ATTRIBUTES,
  nameGroup,
  type ImpactRule,
} from "./rule";

const CLIENT_CERTIFICATE_NAME = /^vpn_client_certificate_(.+)$/;

/** Changes to who or what can reach the stream, the bucket or the network. */
export const EXPOSURE_RULES: readonly ImpactRule[] = [
  {
    id: "iam-permissions",
    category: "exposure",
    resourceTypes: [
      "aws_iam_role_policy",
      "aws_iam_policy",
      "aws_iam_role_policy_attachment",
    ],
    actions: ANY_CHANGE,
    attributes: { anyOf: ["policy", "policy_arn", "role"] },
    explain: () => "Changes what an IAM role may do.",
  },
  {
    id: "iam-role-trust",
    category: "exposure",
    resourceTypes: ["aws_iam_role"],
    actions: ANY_CHANGE,
    attributes: {
      anyOf: ["assume_role_policy", "inline_policy", "managed_policy_arns"],
    },
    explain: () =>
      "Changes who may assume an IAM role, or what the role may do.",
  },
  {
    id: "bucket-policy",
    category: "exposure",
    resourceTypes: [
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
    ],
    actions: ANY_CHANGE,
    explain: () => "Changes who may read or write the media bucket.",
  },
  {
    id: "vpc-endpoint-policy",
    category: "exposure",
    resourceTypes: ["aws_vpc_endpoint_policy"],
    actions: ANY_CHANGE,
    explain: () => "Changes what may pass through a VPC endpoint.",
  },
  {
    id: "vpc-endpoint-inline-policy",
    category: "exposure",
    resourceTypes: ["aws_vpc_endpoint"],
    actions: ["update", "replace"],
    attributes: { anyOf: ["policy"] },
    explain: () => "Changes what may pass through a VPC endpoint.",
  },
  {
    id: "api-resource-policy",
    category: "exposure",
    resourceTypes: ["aws_api_gateway_rest_api_policy"],
    actions: ANY_CHANGE,
    explain: () =>
      "Changes the API resource policy: which VPC endpoints and sources may call the private API.",
  },
  {
    id: "api-inline-policy-or-endpoint-type",
    category: "exposure",
    resourceTypes: ["aws_api_gateway_rest_api"],
    actions: ANY_CHANGE,
    attributes: { anyOf: ["policy", "endpoint_configuration"] },
    explain: () =>
      "Changes the API resource policy or endpoint type; an endpoint type other than PRIVATE makes the API reachable from the internet.",
  },
  {
    id: "api-authorizer",
    category: "exposure",
    resourceTypes: ["aws_api_gateway_authorizer"],
    actions: ANY_CHANGE,
    explain: () =>
      "Changes the authorizer that decides which viewer requests are allowed: the Lambda function of signed links or the Cognito user pool.",
  },
  {
    id: "api-authorizer-function",
    category: "exposure",
    resourceTypes: ["aws_lambda_function"],
    names: /authoriz/,
    actions: ANY_CHANGE,
    attributes: { except: LABEL_ATTRIBUTES },
    explain: () =>
      "Changes the code or settings of the function that authorizes viewer requests.",
  },
  {
    id: "cognito-user-pool-settings",
    category: "exposure",
    resourceTypes: ["aws_cognito_user_pool"],
    actions: ["create", "update"],
    attributes: { except: LABEL_ATTRIBUTES },
    explain: () =>
      "Changes how viewers sign in: who may create accounts, the password policy, MFA or account recovery.",
  },
  {
    id: "cognito-app-client",
    category: "exposure",
    resourceTypes: [
      "aws_cognito_user_pool_client",
      "aws_cognito_resource_server",
    ],
    actions: ANY_CHANGE,
    explain: (change) =>
      change.kind === "replace" || change.kind === "delete"
        ? "The player's sign-in client or its stream scope is replaced: every signed-in viewer must sign in again."
        : "Changes the player's sign-in client: its OAuth flows, scopes, redirect URLs or token lifetimes.",
  },
  {
    id: "cognito-sign-in-domain",
    category: "exposure",
    resourceTypes: [
      "aws_cognito_user_pool_domain",
      "aws_cognito_managed_login_branding",
    ],
    actions: ANY_CHANGE,
    explain: () =>
      "Changes the public sign-in pages on the Cognito domain, or their address.",
  },
  {
    id: "api-method-authorization",
    category: "exposure",
    resourceTypes: ["aws_api_gateway_method"],
    actions: ANY_CHANGE,
    attributes: {
      anyOf: [
        "authorization",
        "authorizer_id",
        "authorization_scopes",
        "api_key_required",
      ],
    },
    explain: () => "Changes whether an API method requires authorization.",
  },
  {
    id: "security-group-inline-rules",
    category: "exposure",
    resourceTypes: ["aws_security_group", "aws_default_security_group"],
    actions: ["update", "replace"],
    attributes: { anyOf: ["ingress", "egress"] },
    explain: () => "Changes which traffic a security group allows.",
  },
  {
    id: "security-group-rule",
    category: "exposure",
    resourceTypes: [
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
      "aws_security_group_rule",
    ],
    actions: ANY_CHANGE,
    attributes: { except: LABEL_ATTRIBUTES },
    explain: () => "Changes which traffic a security group allows.",
  },
  {
    id: "client-vpn-authorization-rule",
    category: "exposure",
    resourceTypes: ["aws_ec2_client_vpn_authorization_rule"],
    actions: ANY_CHANGE,
    explain: () => "Changes which networks VPN users may reach.",
  },
  {
    id: "corporate-network-route",
    category: "exposure",
    resourceTypes: ["aws_route", "aws_ec2_transit_gateway_vpc_attachment"],
    names: /^(?:corporate_route_\d+|transit_gateway_attachment)$/,
    actions: ANY_CHANGE,
    attributes: { except: LABEL_ATTRIBUTES },
    explain: () =>
      "Changes which corporate networks are routed to the VPC through the transit gateway.",
  },
  {
    id: "medialive-input-allow-list",
    category: "exposure",
    resourceTypes: ["aws_medialive_input_security_group"],
    actions: ANY_CHANGE,
    attributes: { anyOf: ["whitelist_rules"] },
    explain: () => "Changes which addresses may push video to the RTMP input.",
  },
  {
    id: "vpn-client-certificate-removed",
    category: "exposure",
    resourceTypes: ["tls_locally_signed_cert"],
    names: CLIENT_CERTIFICATE_NAME,
    actions: ["delete"],
    explain: (change) =>
      `User ${nameGroup(change, CLIENT_CERTIFICATE_NAME)} is removed, but the certificate is not revoked: ` +
      "the endpoint accepts it until it expires unless a certificate revocation list is imported.",
  },
];

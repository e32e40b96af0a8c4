import { apiExecutionLogGroupIsManaged } from "./api-execution-log-group-is-managed";
import { apiStageLogsAccess } from "./api-stage-logs-access";
import { apiStageLogsNoRequestData } from "./api-stage-logs-no-request-data";
import { apiStageThrottlesRequests } from "./api-stage-throttles-requests";
import { bucketBlocksPublicAccess } from "./bucket-blocks-public-access";
import { bucketDeniesInsecureTransport } from "./bucket-denies-insecure-transport";
import { bucketEncryptsByDefault } from "./bucket-encrypts-by-default";
import { bucketEnforcesOwnerOwnership } from "./bucket-enforces-owner-ownership";
import { bucketExpiresLiveObjects } from "./bucket-expires-live-objects";
import { clientVpnLogsConnections } from "./client-vpn-logs-connections";
import { clientVpnTunnelMatchesConfig } from "./client-vpn-tunnel-matches-config";
import { clientVpnUsesCertificateAuthentication } from "./client-vpn-uses-certificate-authentication";
import { clientVpnUsesVpcResolver } from "./client-vpn-uses-vpc-resolver";
import { defaultSecurityGroupHasNoRules } from "./default-security-group-has-no-rules";
import { lambdaLogsToManagedGroup } from "./lambda-logs-to-managed-group";
import { lambdaPermissionNamesSource } from "./lambda-permission-names-source";
import { liveMethodsUseAuthorizer } from "./live-methods-use-authorizer";
import { logGroupHasRetention } from "./log-group-has-retention";
import { medialiveInputInVpc } from "./medialive-input-in-vpc";
import { medialiveLogLevelNotDebug } from "./medialive-log-level-not-debug";
import { networkHasNoInternetPath } from "./network-has-no-internet-path";
import { outputHidesSecrets } from "./output-hides-secrets";
import { policyAllowsNoWildcardActions } from "./policy-allows-no-wildcard-actions";
import { policyDocumentsAreReadable } from "./policy-documents-are-readable";
import { policyLimitsAnonymousPrincipals } from "./policy-limits-anonymous-principals";
import { policyLimitsWildcardResources } from "./policy-limits-wildcard-resources";
import { resourcesCarryEnvironmentTags } from "./resources-carry-environment-tags";
import { restApiIsPrivate } from "./rest-api-is-private";
import { restApiPolicyRequiresVpcEndpoint } from "./rest-api-policy-requires-vpc-endpoint";
import { roleAttachesNoAdminPolicy } from "./role-attaches-no-admin-policy";
import type { SecurityRule } from "./rule";
import { s3EndpointHasPolicy } from "./s3-endpoint-has-policy";
import { securityGroupAdmitsOnlyConfiguredSources } from "./security-group-admits-only-configured-sources";
import { securityGroupAllowsNoPublicIngress } from "./security-group-allows-no-public-ingress";
import { serviceTrustNamesSource } from "./service-trust-names-source";
import { userPoolClientUsesCodeFlow } from "./user-pool-client-uses-code-flow";
import { userPoolDisallowsSelfSignUp } from "./user-pool-disallows-self-sign-up";
import { userPoolEnforcesStrongPasswords } from "./user-pool-enforces-strong-passwords";
import { vpcHasFlowLogs } from "./vpc-has-flow-logs";
import { vpnKeysAreRsa2048 } from "./vpn-keys-are-rsa-2048";

/** Every security rule, in the order findings are reported. */
export const ALL_RULES: readonly SecurityRule[] = [
  bucketBlocksPublicAccess,
  bucketDeniesInsecureTransport,
  bucketEncryptsByDefault,
  bucketEnforcesOwnerOwnership,
  bucketExpiresLiveObjects,
  policyAllowsNoWildcardActions,
  policyLimitsWildcardResources,
  serviceTrustNamesSource,
  policyLimitsAnonymousPrincipals,
  roleAttachesNoAdminPolicy,
  policyDocumentsAreReadable,
  lambdaPermissionNamesSource,
  lambdaLogsToManagedGroup,
  securityGroupAllowsNoPublicIngress,
  securityGroupAdmitsOnlyConfiguredSources,
  defaultSecurityGroupHasNoRules,
  vpcHasFlowLogs,
  networkHasNoInternetPath,
  s3EndpointHasPolicy,
  clientVpnUsesCertificateAuthentication,
  clientVpnLogsConnections,
  clientVpnUsesVpcResolver,
  clientVpnTunnelMatchesConfig,
  vpnKeysAreRsa2048,
  restApiIsPrivate,
  restApiPolicyRequiresVpcEndpoint,
  apiStageLogsAccess,
  apiStageThrottlesRequests,
  apiStageLogsNoRequestData,
  liveMethodsUseAuthorizer,
  userPoolDisallowsSelfSignUp,
  userPoolEnforcesStrongPasswords,
  userPoolClientUsesCodeFlow,
  medialiveInputInVpc,
  medialiveLogLevelNotDebug,
  logGroupHasRetention,
  apiExecutionLogGroupIsManaged,
  outputHidesSecrets,
  resourcesCarryEnvironmentTags,
];

/** Ids of every rule, for validating suppressions. */
export const RULE_IDS: readonly string[] = ALL_RULES.map((rule) => rule.id);

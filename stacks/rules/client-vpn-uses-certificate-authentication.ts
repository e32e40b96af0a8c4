import type { SecurityRule } from "./rule";
import { blockList, resourcesOfType, show } from "./terraform-json";

export const clientVpnUsesCertificateAuthentication: SecurityRule = {
  id: "PS-VPN-001",
  name: "client-vpn-uses-certificate-authentication",
  what: "A Client VPN endpoint allows an authentication method other than mutual certificate authentication.",
  why: "The design issues one client certificate per user; any other method admits users the project never issued a certificate to.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_ec2_client_vpn_endpoint").flatMap(
      (endpoint) => {
        const options = blockList(endpoint.body.authentication_options);
        if (options.length === 0) {
          return [
            {
              stack: endpoint.stack,
              resource: endpoint.address,
              detail: "has no authentication_options",
            },
          ];
        }
        return options.flatMap((option, index) => {
          if (option.type !== "certificate-authentication") {
            return [
              {
                stack: endpoint.stack,
                resource: endpoint.address,
                detail: `authentication_options[${index}].type is ${show(
                  option.type,
                )}, not "certificate-authentication"`,
              },
            ];
          }
          const chain = option.root_certificate_chain_arn;
          return typeof chain === "string" && chain !== ""
            ? []
            : [
                {
                  stack: endpoint.stack,
                  resource: endpoint.address,
                  detail: `authentication_options[${index}] has no root_certificate_chain_arn`,
                },
              ];
        });
      },
    );
  },
};

import type { SecurityRule } from "./rule";
import { resourcesOfType, show, stringList } from "./terraform-json";

export const userPoolClientUsesCodeFlow: SecurityRule = {
  id: "PS-COG-003",
  name: "user-pool-client-uses-code-flow",
  what: 'A Cognito app client allows an OAuth flow other than the authorization code grant ("code").',
  why: "The implicit grant returns tokens in the page address, where history, logs and Referer headers leak them, and it cannot use PKCE.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_cognito_user_pool_client").flatMap(
      (client) => {
        const others = stringList(client.body.allowed_oauth_flows).filter(
          (flow) => flow !== "code",
        );
        if (others.length === 0) return [];
        return [
          {
            stack: client.stack,
            resource: client.address,
            detail: `allowed_oauth_flows is ${show(client.body.allowed_oauth_flows)}, which allows ${others.join(", ")}`,
          },
        ];
      },
    );
  },
};

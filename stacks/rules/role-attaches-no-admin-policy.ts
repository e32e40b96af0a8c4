import type { SecurityRule } from "./rule";
import { resourcesOfType, stringList } from "./terraform-json";

/** AWS managed policies that grant administrator access or full access to a service. */
const BROAD_MANAGED_POLICY =
  /:iam::aws:policy\/(?:[\w+=,.@-]+\/)*(?:AdministratorAccess|PowerUserAccess|\w*FullAccess)$/;

const ATTACHMENTS: ReadonlyArray<{ type: string; attribute: string }> = [
  { type: "aws_iam_role", attribute: "managed_policy_arns" },
  { type: "aws_iam_role_policy_attachment", attribute: "policy_arn" },
  {
    type: "aws_iam_role_policy_attachments_exclusive",
    attribute: "policy_arns",
  },
  { type: "aws_iam_policy_attachment", attribute: "policy_arn" },
  { type: "aws_iam_user_policy_attachment", attribute: "policy_arn" },
  { type: "aws_iam_group_policy_attachment", attribute: "policy_arn" },
];

export const roleAttachesNoAdminPolicy: SecurityRule = {
  id: "PS-IAM-005",
  name: "role-attaches-no-admin-policy",
  what: "An identity has an AWS managed administrator, power-user or full-access policy attached.",
  why: "Those policies grant far more than streaming needs, and AWS widens them as services grow.",
  check(stacks) {
    return ATTACHMENTS.flatMap(({ type, attribute }) =>
      resourcesOfType(stacks, type).flatMap((block) =>
        stringList(block.body[attribute])
          .filter((arn) => BROAD_MANAGED_POLICY.test(arn))
          .map((arn) => ({
            stack: block.stack,
            resource: block.address,
            detail: `${attribute} attaches ${arn}`,
          })),
      ),
    );
  },
};

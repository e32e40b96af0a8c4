import { collectPolicies } from "./policy-documents";
import type { SecurityRule } from "./rule";

export const policyDocumentsAreReadable: SecurityRule = {
  id: "PS-IAM-006",
  name: "policy-documents-are-readable",
  what: "A policy is neither a JSON string nor a data.aws_iam_policy_document reference, so no rule can check it.",
  why: "The other policy rules would pass it unread; write it with policyDocument() from stacks/iam.ts.",
  check(stacks) {
    return collectPolicies(stacks)
      .filter((document) => document.problem !== undefined)
      .map((document) => ({
        stack: document.stack,
        resource: document.address,
        detail: `${document.attribute} ${document.problem}`,
      }));
  },
};

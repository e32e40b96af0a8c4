import {
  REPLACE_OR_DESTROY,
  type ImpactRule,
  type PlannedChange,
} from "./rule";

function forceDestroyBefore(change: PlannedChange): boolean | undefined {
  const before = change.resource.change.before as
    | Record<string, unknown>
    | null
    | undefined;
  const value = before?.force_destroy;
  return typeof value === "boolean" ? value : undefined;
}

/** Changes that delete recordings or player files. */
export const DATA_LOSS_RULES: readonly ImpactRule[] = [
  {
    id: "bucket-replaced-or-destroyed",
    category: "data-loss",
    resourceTypes: ["aws_s3_bucket"],
    actions: REPLACE_OR_DESTROY,
    explain: (change) =>
      forceDestroyBefore(change) === false
        ? "The bucket is deleted, but force_destroy is false, so the apply fails while the bucket holds objects. Copy out what you need first."
        : "The bucket is deleted with every object in it (force_destroy): recordings and player files are lost. Copy out what you need first.",
  },
  {
    id: "bucket-expiration-changed",
    category: "data-loss",
    resourceTypes: ["aws_s3_bucket_lifecycle_configuration"],
    actions: ["update", "replace"],
    explain: () =>
      "Changes when objects expire; a shorter expiration deletes recordings sooner.",
  },
];

/** A plan file that cannot be summarized; the message names the file and the fix. */
export class PlanSummaryError extends Error {
  override readonly name = "PlanSummaryError";
}

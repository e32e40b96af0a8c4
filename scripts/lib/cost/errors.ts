/** Invalid flags or a missing or invalid price table. The message names the value and the fix. */
export class CostError extends Error {
  override readonly name = "CostError";
}

/** Raised when the preview cannot start; the message names the value and the fix. */
export class PreviewError extends Error {
  override readonly name: string = "PreviewError";
}

/** Raised for invalid command-line flags; the command prints its usage after the message. */
export class PreviewUsageError extends PreviewError {
  override readonly name: string = "PreviewUsageError";
}

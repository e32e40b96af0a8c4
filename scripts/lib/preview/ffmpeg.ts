import { ffmpegProblem } from "../required-tools";
import { PreviewError } from "./errors";

/** Install commands for ffmpeg with the libx264 and aac encoders. */
export const FFMPEG_INSTALL_HINT =
  'install it with "sudo apt-get install ffmpeg" on Debian or Ubuntu, or "brew install ffmpeg" on macOS, and run the preview again';

/**
 * Throws a PreviewError with the install commands when `ffmpeg` on the PATH
 * of `environment` is missing or lacks the libx264 or aac encoder.
 */
export function assertFfmpegAvailable(
  environment: NodeJS.ProcessEnv = process.env,
): void {
  const problem = ffmpegProblem(environment);
  if (problem !== undefined) {
    throw new PreviewError(
      `ffmpeg is required for the preview, but ${problem}. Fix: ${FFMPEG_INSTALL_HINT}`,
    );
  }
}

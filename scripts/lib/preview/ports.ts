import { createServer } from "node:net";
import { PreviewError } from "./errors";

/** A port the preview is about to listen on. */
export interface PortRequest {
  readonly port: number;
  /** Flag that changes the port, such as `--rtmp-port`. */
  readonly option: string;
  /** Service that listens on the port, such as "the RTMP ingest". */
  readonly purpose: string;
}

/**
 * Checks that every port can be bound on 127.0.0.1, by binding and closing
 * it. Throws one PreviewError that names each port in use, what needs it
 * and the flag to change it.
 *
 * NOTE: another program may still take a port between this check and the
 * bind. The ingest and the player server then fail with the same advice.
 */
export async function checkPortsAvailable(
  requests: readonly PortRequest[],
): Promise<void> {
  const problems: string[] = [];
  for (const request of requests) {
    const code = await bindError(request.port);
    if (code === undefined) continue;
    problems.push(portProblem(request, code));
  }
  if (problems.length > 0) throw new PreviewError(problems.join("\n"));
}

/** Returns the message for a port that cannot be bound, by the error code of the attempt. */
export function portProblem(request: PortRequest, code: string): string {
  const where = `port ${request.port} on 127.0.0.1 (${request.purpose})`;
  if (code === "EADDRINUSE") {
    return `${where} is already in use. Fix: stop the program that uses it, or pass ${request.option} with a free port`;
  }
  if (code === "EACCES") {
    return `${where} needs more privileges than this user has. Fix: pass ${request.option} with a port from 1024 to 65535`;
  }
  return `${where} cannot be opened (${code}). Fix: pass ${request.option} with another port`;
}

/** Returns the error code of binding the port, or undefined when binding works. */
function bindError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code ?? error.message),
    );
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      server.close(() => resolve(undefined));
    });
  });
}

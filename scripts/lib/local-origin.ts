import { readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, posix } from "node:path";
import type { PlayerBuild } from "../../player/build";
import { PLAYER_CONFIG_CACHE_CONTROL, PLAYER_CONFIG_KEY } from "../../stacks/storage/player-assets";
import { BUCKET_PREFIXES } from "../../stacks/naming";

/** Decision of the `authorizeLive` hook for one request under `live/`. */
export interface LiveAuthorization {
  readonly allowed: boolean;
  /** Status sent when not allowed. @default 403 */
  readonly status?: 401 | 403;
}

export interface LocalOriginOptions {
  /** The built player, served with each file's content type and Cache-Control. */
  readonly player: PlayerBuild;
  /** Folder that stands for the bucket's `live/` prefix; `<liveDir>/<channel>/index.m3u8` is `live/<channel>/index.m3u8`. */
  readonly liveDir: string;
  /** Contents of `config.json`, as the storage stack generates it; without it, `config.json` is 404. */
  readonly playerConfig?: unknown;
  /** API stage name: the first path segment. @default "watch" */
  readonly stageName?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Called for each request under `live/`, like the API's authorizer; allows everything when absent. */
  readonly authorizeLive?: (request: IncomingMessage) => LiveAuthorization | Promise<LiveAuthorization>;
}

/** One request the origin answered. */
export interface OriginRequest {
  readonly method: string;
  /** Path and query as requested, such as `/watch/live/demo-channel/index.m3u8`. */
  readonly url: string;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** `Date.now()` when the response was sent. */
  readonly timeMs: number;
}

export interface LocalOrigin {
  /** URL of the player page, such as `http://127.0.0.1:43210/watch/`. */
  readonly url: string;
  /** Scheme, host and port, such as `http://127.0.0.1:43210`. */
  readonly origin: string;
  /** Every request answered so far, oldest first. Tests may read and clear it. */
  readonly requests: OriginRequest[];
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

/** Content types of the HLS output, as the private API returns them. */
export const LIVE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
};

/**
 * Cache-Control of the HLS output: playlists change with every segment and
 * must be revalidated; a segment never changes under its name.
 */
export const LIVE_CACHE_CONTROL = { playlist: "no-cache", segment: "public, max-age=86400, immutable" } as const;

/**
 * Starts an HTTP server on 127.0.0.1 that answers like the private API:
 * `/<stage>/` is the player page, `/<stage>/<key>` a player file and
 * `/<stage>/live/<path>` the HLS output, each with the same content type
 * and Cache-Control. A missing key is 404. Paths outside the stage get 403
 * with API Gateway's "Missing Authentication Token" body, and
 * `/<stage>` redirects to `/<stage>/`.
 */
export async function startLocalOrigin(options: LocalOriginOptions): Promise<LocalOrigin> {
  const stageName = options.stageName ?? "watch";
  const requests: OriginRequest[] = [];
  const playerFiles = new Map(options.player.files.map((file) => [file.key, file]));
  const playerConfig =
    options.playerConfig === undefined ? undefined : Buffer.from(`${JSON.stringify(options.playerConfig, null, 2)}\n`);

  const route = async (request: IncomingMessage): Promise<Reply> => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return jsonReply(403, { message: "Missing Authentication Token" });
    }
    const path = new URL(request.url ?? "/", "http://origin").pathname;
    if (path === `/${stageName}`) return { status: 301, headers: { Location: `/${stageName}/` } };
    if (!path.startsWith(`/${stageName}/`)) return jsonReply(403, { message: "Missing Authentication Token" });

    const key = objectKey(path.slice(stageName.length + 2));
    if (key === undefined) return notFound();
    if (key.startsWith(BUCKET_PREFIXES.live)) {
      const decision = (await options.authorizeLive?.(request)) ?? { allowed: true };
      if (!decision.allowed) {
        const status = decision.status ?? 403;
        return jsonReply(status, { message: status === 401 ? "Unauthorized" : "Forbidden" });
      }
      return liveReply(options.liveDir, key.slice(BUCKET_PREFIXES.live.length));
    }
    if (key === PLAYER_CONFIG_KEY && playerConfig !== undefined) {
      return {
        status: 200,
        headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": PLAYER_CONFIG_CACHE_CONTROL },
        body: playerConfig,
      };
    }
    const file = playerFiles.get(key === "" ? "index.html" : key);
    if (file === undefined) return notFound();
    return {
      status: 200,
      headers: { "Content-Type": file.contentType, "Cache-Control": file.cacheControl },
      body: await readFile(file.absolutePath),
    };
  };

  const server = createServer((request, response) => {
    route(request)
      .catch((error: unknown) => jsonReply(500, { message: `local origin failed: ${(error as Error).message}` }))
      .then((reply) => {
        send(request, response, reply);
        requests.push({
          method: request.method ?? "",
          url: request.url ?? "",
          status: reply.status,
          headers: request.headers,
          timeMs: Date.now(),
        });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/${stageName}/`,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: { "Content-Type": "application/json" }, body: Buffer.from(JSON.stringify(body)) };
}

function notFound(): Reply {
  return jsonReply(404, { message: "Not Found" });
}

/**
 * Decodes a request path into an object key; returns undefined for a path
 * that is not a plain relative key (`..`, `.`, empty segments or `\`).
 */
function objectKey(encodedPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(encodedPath);
  } catch {
    return undefined;
  }
  if (path === "") return "";
  const segments = path.split("/");
  const plain = segments.every((segment) => segment !== "" && segment !== "." && segment !== "..");
  if (!plain || path.includes("\\") || path.includes("\0")) return undefined;
  return posix.normalize(path);
}

async function liveReply(liveDir: string, relativeKey: string): Promise<Reply> {
  const extension = posix.extname(relativeKey);
  const contentType = LIVE_CONTENT_TYPES[extension];
  if (contentType === undefined) return notFound();
  let body: Buffer;
  try {
    body = await readFile(join(liveDir, ...relativeKey.split("/")));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return notFound();
    throw error;
  }
  const cacheControl = extension === ".m3u8" ? LIVE_CACHE_CONTROL.playlist : LIVE_CACHE_CONTROL.segment;
  return { status: 200, headers: { "Content-Type": contentType, "Cache-Control": cacheControl }, body };
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== undefined) headers["Content-Length"] = reply.body.length;
  response.writeHead(reply.status, headers);
  response.end(request.method === "HEAD" ? undefined : reply.body);
}

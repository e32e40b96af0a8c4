import { readFile } from "node:fs/promises";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { join, posix } from "node:path";
import type { PlayerBuild } from "../../player/build";
import {
  COGNITO_AUTH_ROUTE,
  ROUTE_METHODS,
  ROUTES,
  type RouteSpec,
} from "../../stacks/media/api-routes";
import { BUCKET_PREFIXES } from "../../stacks/naming";
import { PLAYER_CONFIG_KEY } from "../../stacks/storage/player-assets";

/** Decision of the `authorizeLive` hook for one request under `live/`. */
export interface LiveAuthorization {
  readonly allowed: boolean;
  /** Status sent when not allowed. @default 403 */
  readonly status?: 401 | 403;
  /** `message` of the JSON body sent when not allowed. @default "Unauthorized" for 401, "Forbidden" for 403 */
  readonly message?: string;
}

export interface LocalOriginOptions {
  /** The built player, served with each file's content type and Cache-Control. */
  readonly player: PlayerBuild;
  /** Folder in place of the bucket's `live/` prefix: `<liveDir>/<channel>/index.m3u8` is `live/<channel>/index.m3u8`. */
  readonly liveDir: string;
  /** Contents of `config.json`, as the storage stack generates it; without it, `config.json` is 404. */
  readonly playerConfig?: unknown;
  /**
   * Returns the contents of `auth.json`, as the media stack writes it with
   * Cognito sign-in. Called on every request, so a caller can name the
   * origin's own URL in it once the server listens. With it, the origin
   * has the `/auth.json` route (COGNITO_AUTH_ROUTE), like the API in
   * `cognito` mode; without it, the path has no route and returns 404.
   */
  readonly authJson?: () => unknown;
  /** API stage name: the first path segment. @default "watch" */
  readonly stageName?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Called for each request under `live/`, like the API's authorizer; allows everything when absent. */
  readonly authorizeLive?: (
    request: IncomingMessage,
  ) => LiveAuthorization | Promise<LiveAuthorization>;
}

/** One request the origin handled. */
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
  /** Every request handled so far, oldest first. Tests may read and clear it. */
  readonly requests: OriginRequest[];
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

/**
 * Content types of the HLS output. The private API passes on the type that
 * MediaLive stored with each object; these are the registered types.
 */
export const LIVE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".ts": "video/mp2t",
};

/**
 * Starts an HTTP server on 127.0.0.1 that responds like the private API.
 * It has the same routes (`ROUTES` of the media stack: `/<stage>/`,
 * `config.json`, `assets/...`, `live/...`, and `auth.json` when `authJson`
 * is given), GET and HEAD only, and each route's Cache-Control. A missing object or a path without a route gets
 * 404, and a path outside the stage 403. Like API Gateway, it also serves
 * the page at `/<stage>` without the trailing slash, where the page's
 * relative asset URLs leave the stage.
 */
export async function startLocalOrigin(
  options: LocalOriginOptions,
): Promise<LocalOrigin> {
  const stageName = options.stageName ?? "watch";
  const requests: OriginRequest[] = [];
  const playerFiles = new Map(
    options.player.files.map((file) => [file.key, file]),
  );
  const playerConfig =
    options.playerConfig === undefined
      ? undefined
      : Buffer.from(`${JSON.stringify(options.playerConfig, null, 2)}\n`);
  const authJson = options.authJson;
  const routes =
    authJson === undefined ? ROUTES : [...ROUTES, COGNITO_AUTH_ROUTE];

  /** Reads an object the way the S3 integration does; undefined when the key does not exist. */
  const readObject = async (key: string): Promise<StoredObject | undefined> => {
    if (key.startsWith(BUCKET_PREFIXES.live)) {
      return readLiveObject(
        options.liveDir,
        key.slice(BUCKET_PREFIXES.live.length),
      );
    }
    const playerKey = key.slice(BUCKET_PREFIXES.player.length);
    if (playerKey === PLAYER_CONFIG_KEY) {
      return (
        playerConfig && {
          contentType: "application/json; charset=utf-8",
          body: playerConfig,
        }
      );
    }
    if (authJson !== undefined && key === COGNITO_AUTH_ROUTE.objectKey) {
      return {
        contentType: "application/json; charset=utf-8",
        body: Buffer.from(`${JSON.stringify(authJson(), null, 2)}\n`),
      };
    }
    const file = playerFiles.get(playerKey);
    return (
      file && {
        contentType: file.contentType,
        body: await readFile(file.absolutePath),
      }
    );
  };

  const route = async (request: IncomingMessage): Promise<Reply> => {
    // The raw path, not a URL-normalized one, so that ".." segments are seen and rejected.
    const path = (request.url ?? "/").split("?")[0];
    if (path !== `/${stageName}` && !path.startsWith(`/${stageName}/`)) {
      return jsonReply(403, { message: "Forbidden" });
    }
    const parts = decodePathParts(path.slice(stageName.length + 1));
    const match = parts && matchRoute(routes, parts);
    const methods: readonly string[] = ROUTE_METHODS;
    if (match === undefined || !methods.includes(request.method ?? ""))
      return notFound();

    if (match.objectKey.startsWith(BUCKET_PREFIXES.live)) {
      const decision = (await options.authorizeLive?.(request)) ?? {
        allowed: true,
      };
      if (!decision.allowed) {
        const status = decision.status ?? 403;
        return jsonReply(status, {
          message:
            decision.message ?? (status === 401 ? "Unauthorized" : "Forbidden"),
        });
      }
    }
    const object = await readObject(match.objectKey);
    if (object === undefined) return notFound();
    return {
      status: 200,
      headers: {
        "Content-Type": object.contentType,
        "Cache-Control": match.cacheControl,
      },
      body: object.body,
    };
  };

  const server = createServer((request, response) => {
    route(request)
      .catch((error: unknown) =>
        jsonReply(500, {
          message: `local origin failed: ${(error as Error).message}`,
        }),
      )
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

interface StoredObject {
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * Finds the route for the path parts below the stage and returns the
 * object key it reads, with `{proxy}` filled in, and its Cache-Control.
 */
function matchRoute(
  routes: readonly RouteSpec[],
  parts: readonly string[],
): { objectKey: string; cacheControl: string } | undefined {
  for (const route of routes) {
    const greedy = route.pathParts[route.pathParts.length - 1] === "{proxy+}";
    const fixed = greedy ? route.pathParts.slice(0, -1) : route.pathParts;
    const lengthMatches = greedy
      ? parts.length > fixed.length
      : parts.length === fixed.length;
    if (!lengthMatches || !fixed.every((part, index) => parts[index] === part))
      continue;
    const proxy = parts.slice(fixed.length).join("/");
    return {
      objectKey: route.objectKey.replace("{proxy}", proxy),
      cacheControl: route.cacheControl,
    };
  }
  return undefined;
}

/**
 * Splits and decodes the path below the stage (`""`, `"/"` or `"/a/b"`).
 * Returns undefined for `.`, `..` or empty segments, a backslash or NUL,
 * or invalid percent-encoding, which can never name an object.
 */
function decodePathParts(path: string): string[] | undefined {
  const trimmed = path.replace(/^\//, "");
  if (trimmed === "") return [];
  const parts: string[] = [];
  for (const encoded of trimmed.split("/")) {
    let part: string;
    try {
      part = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    if (part === "" || part === "." || part === ".." || /[\\/\0]/.test(part))
      return undefined;
    parts.push(part);
  }
  return parts;
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

function jsonReply(status: number, body: unknown): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json" },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function notFound(): Reply {
  return jsonReply(404, { message: "Not Found" });
}

async function readLiveObject(
  liveDir: string,
  relativeKey: string,
): Promise<StoredObject | undefined> {
  const contentType = LIVE_CONTENT_TYPES[posix.extname(relativeKey)];
  if (contentType === undefined) return undefined;
  try {
    return {
      contentType,
      body: await readFile(join(liveDir, ...relativeKey.split("/"))),
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR")
      return undefined;
    throw error;
  }
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  reply: Reply,
): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== undefined) headers["Content-Length"] = reply.body.length;
  response.writeHead(reply.status, headers);
  response.end(request.method === "HEAD" ? undefined : reply.body);
}

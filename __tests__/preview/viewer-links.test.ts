import type { IncomingMessage } from "node:http";
import { createLocalViewerLinks } from "../../scripts/lib/preview/viewer-links";
import { configWith } from "../support/synth";

const PLAYLIST = "/watch/live/preview-channel/index.m3u8";

/** Builds a request with the parts that the check reads. */
function request(authorization?: string): IncomingMessage {
  const headersDistinct: Record<string, string[]> =
    authorization === undefined ? {} : { authorization: [authorization] };
  return {
    url: PLAYLIST,
    method: "GET",
    headersDistinct,
  } as unknown as IncomingMessage;
}

describe("createLocalViewerLinks", () => {
  const lines: string[] = [];
  const links = createLocalViewerLinks(
    configWith({ environment: "preview", viewerAccess: "signed-links" }),
    (line) => lines.push(line),
  );

  beforeEach(() => {
    lines.length = 0;
  });

  test("printed token is allowed", async () => {
    await expect(
      links.authorizeLive(request(`Bearer ${links.token}`)),
    ).resolves.toEqual({ allowed: true });
    expect(lines).toEqual([]);
  });

  test.each([
    [undefined, "missing-token: no Authorization header"],
    [
      "Bearer a.b.c",
      "malformed-token: header is not a base64url-encoded JSON object",
    ],
    [
      "Basic dXNlcjpwYXNz",
      "missing-token: Authorization header is not a Bearer token",
    ],
  ])("%p is unauthorized", async (authorization, reason) => {
    await expect(links.authorizeLive(request(authorization))).resolves.toEqual({
      allowed: false,
      status: 401,
    });
    expect(lines).toEqual([
      `viewer link check: request rejected (${reason}) for /live/preview-channel/index.m3u8`,
    ]);
  });

  test("revoked viewer is denied", async () => {
    const revoked = createLocalViewerLinks(
      configWith({
        viewerAccess: "signed-links",
        signedLinks: { revokedViewers: ["Preview"] },
      }),
      (line) => lines.push(line),
    );
    await expect(
      revoked.authorizeLive(request(`Bearer ${revoked.token}`)),
    ).resolves.toEqual({ allowed: false, status: 403 });
    expect(lines[0]).toMatch(
      /^viewer link check: request denied \(revoked-viewer/,
    );
  });

  test("token lives at most 12 hours", () => {
    expect(links.validForSeconds).toBe(12 * 3_600);
    const short = createLocalViewerLinks(
      configWith({
        viewerAccess: "signed-links",
        signedLinks: { maxValidityHours: 2 },
      }),
      () => undefined,
    );
    expect(short.validForSeconds).toBe(2 * 3_600);
  });

  test("token never reaches the log", async () => {
    const other = createLocalViewerLinks(
      configWith({ viewerAccess: "signed-links" }),
      () => undefined,
    );
    await links.authorizeLive(request(`Bearer ${other.token}`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^viewer link check: request denied \((unknown-key|invalid-signature)/,
    );
    expect(lines[0]).not.toContain(other.token.split(".")[2]);
  });
});

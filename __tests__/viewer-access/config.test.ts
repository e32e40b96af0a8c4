import { parseConfig } from "../../stacks/config/load";
import { problemsOf } from "../support/config-problems";

const TOKEN_ID = "3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80";

describe("viewer access config", () => {
  test("defaults keep network access", () => {
    const config = parseConfig({});
    expect(config.viewerAccess).toBe("network");
    expect(config.signedLinks).toEqual({
      maxValidityHours: 24,
      revokedViewers: [],
      revokedTokenIds: [],
      cacheTtlSeconds: 60,
    });
  });

  test("valid signed-links settings are kept", () => {
    const config = parseConfig({
      viewerAccess: "signed-links",
      signedLinks: {
        maxValidityHours: 1.5,
        revokedViewers: ["alice", "ops.team-1", "bob@example.com"],
        revokedTokenIds: [TOKEN_ID, TOKEN_ID.toUpperCase()],
        cacheTtlSeconds: 0,
      },
    });
    expect(config.signedLinks.maxValidityHours).toBe(1.5);
    expect(config.signedLinks.revokedViewers).toEqual([
      "alice",
      "ops.team-1",
      "bob@example.com",
    ]);
    expect(config.signedLinks.revokedTokenIds).toHaveLength(2);
    expect(config.signedLinks.cacheTtlSeconds).toBe(0);
  });

  test("largest lists are accepted", () => {
    const config = parseConfig({
      signedLinks: {
        revokedViewers: Array.from(
          { length: 20 },
          (_, index) => `viewer-${index}`,
        ),
        revokedTokenIds: Array.from({ length: 50 }, () => TOKEN_ID),
      },
    });
    expect(config.signedLinks.revokedViewers).toHaveLength(20);
    expect(config.signedLinks.revokedTokenIds).toHaveLength(50);
  });

  const VALIDITY =
    "must be from 1/60 hour (one minute, the shortest link viewer-link issues) to 8760 hours (one year). Fix: set signedLinks.maxValidityHours to the longest link lifetime you allow, for example 24";
  const TTL =
    "must be a whole number of seconds from 0 to 3600, the range API Gateway accepts. Fix: set signedLinks.cacheTtlSeconds to 0 (no caching) up to 3600";
  const VIEWER =
    "must be 1-64 letters, digits, '.', '_', '@' or '-', starting and ending with a letter or digit. " +
    'Fix: use the name the link was issued for, such as "alice" or "alice@example.com"';
  const TOKEN =
    'must be a token id, a UUID such as "3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80". Fix: copy the token id that "npm run viewer-link" printed for the link';
  const ROTATE =
    "Fix: rotate the signing key, which revokes every link at once, then issue new links and empty the list";

  test.each<[string, unknown, string]>([
    [
      "mode misspelt",
      { viewerAccess: "signed_links" },
      'viewerAccess: received "signed_links"; must be "network", "signed-links" or "cognito". Fix: set viewerAccess to "network" (VPN only), "signed-links" or "cognito" (Cognito sign-in)',
    ],
    [
      "zero validity",
      { signedLinks: { maxValidityHours: 0 } },
      `signedLinks.maxValidityHours: received 0; ${VALIDITY}`,
    ],
    [
      "validity under a minute",
      { signedLinks: { maxValidityHours: 0.01 } },
      `signedLinks.maxValidityHours: received 0.01; ${VALIDITY}`,
    ],
    [
      "validity over a year",
      { signedLinks: { maxValidityHours: 8761 } },
      `signedLinks.maxValidityHours: received 8761; ${VALIDITY}`,
    ],
    [
      "validity as text",
      { signedLinks: { maxValidityHours: "24" } },
      `signedLinks.maxValidityHours: received "24"; ${VALIDITY}`,
    ],
    [
      "negative cache TTL",
      { signedLinks: { cacheTtlSeconds: -1 } },
      `signedLinks.cacheTtlSeconds: received -1; ${TTL}`,
    ],
    [
      "cache TTL over an hour",
      { signedLinks: { cacheTtlSeconds: 3601 } },
      `signedLinks.cacheTtlSeconds: received 3601; ${TTL}`,
    ],
    [
      "fractional cache TTL",
      { signedLinks: { cacheTtlSeconds: 1.5 } },
      `signedLinks.cacheTtlSeconds: received 1.5; ${TTL}`,
    ],
    [
      "viewer with a space",
      { signedLinks: { revokedViewers: ["alice", "Bob Smith"] } },
      `signedLinks.revokedViewers[1]: received "Bob Smith"; ${VIEWER}`,
    ],
    [
      "empty viewer",
      { signedLinks: { revokedViewers: [""] } },
      `signedLinks.revokedViewers[0]: received ""; ${VIEWER}`,
    ],
    [
      "viewer of 65 characters",
      { signedLinks: { revokedViewers: ["v".repeat(65)] } },
      `signedLinks.revokedViewers[0]: received "${"v".repeat(65)}"; ${VIEWER}`,
    ],
    [
      "21 viewers",
      {
        signedLinks: { revokedViewers: Array.from({ length: 21 }, () => "v") },
      },
      `signedLinks.revokedViewers: received ["v","v","v","v","v","v","v","v","v","v","v","v","v","v","v","v","v","v","v",...; must list at most 20 viewers, because the list travels in the authorizer's 4 KB of environment variables. ${ROTATE}`,
    ],
    [
      "token id not a UUID",
      { signedLinks: { revokedTokenIds: ["3f2b6c1e"] } },
      `signedLinks.revokedTokenIds[0]: received "3f2b6c1e"; ${TOKEN}`,
    ],
    [
      "token id with braces",
      { signedLinks: { revokedTokenIds: [`{${TOKEN_ID}}`] } },
      `signedLinks.revokedTokenIds[0]: received "{${TOKEN_ID}}"; ${TOKEN}`,
    ],
    [
      "51 token ids",
      {
        signedLinks: {
          revokedTokenIds: Array.from({ length: 51 }, () => TOKEN_ID),
        },
      },
      `signedLinks.revokedTokenIds: received ["3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80","3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80...; must list at most 50 token ids, because the list travels in the authorizer's 4 KB of environment variables. ${ROTATE}`,
    ],
  ])("%s is rejected", (_title, raw, message) => {
    expect(problemsOf(raw)).toEqual([message]);
  });
});

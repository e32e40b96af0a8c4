import { parseConfig } from "../../stacks/config/load";
import { problemsOf } from "../support/config-problems";

const COGNITO = { viewerAccess: "cognito" };

describe("cognito config defaults", () => {
  test("empty section gets every default", () => {
    const config = parseConfig(COGNITO);
    expect(config.viewerAccess).toBe("cognito");
    expect(config.cognito).toEqual({
      mfa: "ON",
      accessTokenMinutes: 15,
      idTokenMinutes: 15,
      refreshTokenDays: 1,
    });
    expect(config.cognito.domainPrefix).toBeUndefined();
  });

  test("other modes get the same defaults", () => {
    expect(parseConfig({}).cognito).toEqual(parseConfig(COGNITO).cognito);
  });

  test.each([
    ["mfa off", { mfa: "OFF" }],
    ["mfa optional", { mfa: "OPTIONAL" }],
    [
      "shortest token lifetimes",
      { accessTokenMinutes: 5, idTokenMinutes: 5, refreshTokenDays: 1 },
    ],
    [
      "longest token lifetimes",
      {
        accessTokenMinutes: 1440,
        idTokenMinutes: 1440,
        refreshTokenDays: 3650,
      },
    ],
    ["one-character prefix", { domainPrefix: "a" }],
    ["63-character prefix", { domainPrefix: `e${"-1".repeat(31)}` }],
  ])("accepts %s", (_title, cognito) => {
    expect(parseConfig({ ...COGNITO, cognito }).cognito).toMatchObject(cognito);
  });

  test("reserved environment with a prefix passes", () => {
    const config = parseConfig({
      ...COGNITO,
      environment: "amazon-day",
      cognito: { domainPrefix: "day-signin" },
    });
    expect(config.cognito.domainPrefix).toBe("day-signin");
  });

  test("reserved environment without Cognito passes", () => {
    expect(parseConfig({ environment: "laws-day" }).environment).toBe(
      "laws-day",
    );
  });

  test("full tunnel without the VPN passes", () => {
    const config = parseConfig({
      ...COGNITO,
      vpn: { enabled: false, splitTunnel: false },
      network: { corporateCidrs: ["192.168.0.0/16"] },
    });
    expect(config.vpn.splitTunnel).toBe(false);
  });

  test("full tunnel without Cognito passes", () => {
    expect(parseConfig({ vpn: { splitTunnel: false } }).vpn.splitTunnel).toBe(
      false,
    );
  });

  test("China region without Cognito passes", () => {
    expect(parseConfig({ region: "cn-north-1" }).region).toBe("cn-north-1");
  });
});

const MFA_RULE =
  'must be "OFF", "OPTIONAL" or "ON". Fix: set cognito.mfa to "ON" (every viewer uses an authenticator app), "OPTIONAL" or "OFF"';
const PREFIX_SHAPE_RULE =
  "must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit. Fix: use a prefix such as \"events-signin\"";
const PREFIX_RESERVED_RULE =
  'must not contain "aws", "amazon", "cognito", which Cognito reserves. Fix: choose another prefix, such as "events-signin"';
const minutesRule = (field: string) =>
  `must be a whole number of minutes from 5 to 1440, the range Cognito accepts. Fix: set ${field}, for example 15`;
const DAYS_RULE =
  "must be a whole number of days from 1 to 3650, the range Cognito accepts. Fix: set cognito.refreshTokenDays, for example 1";
const environmentRule = (word: string) =>
  `contains "${word}", which Cognito reserves, so it cannot start the default sign-in domain prefix. Fix: set cognito.domainPrefix to a prefix without it, such as "events-signin", or rename the environment`;

describe("invalid cognito configurations", () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      "MFA in lowercase",
      { cognito: { mfa: "on" } },
      [`cognito.mfa: received "on"; ${MFA_RULE}`],
    ],
    [
      "MFA as a boolean",
      { cognito: { mfa: true } },
      [`cognito.mfa: received true; ${MFA_RULE}`],
    ],
    [
      "prefix with a dot",
      { cognito: { domainPrefix: "events.signin" } },
      [`cognito.domainPrefix: received "events.signin"; ${PREFIX_SHAPE_RULE}`],
    ],
    [
      "prefix with a leading hyphen",
      { cognito: { domainPrefix: "-events" } },
      [`cognito.domainPrefix: received "-events"; ${PREFIX_SHAPE_RULE}`],
    ],
    [
      "prefix with a trailing hyphen",
      { cognito: { domainPrefix: "events-" } },
      [`cognito.domainPrefix: received "events-"; ${PREFIX_SHAPE_RULE}`],
    ],
    [
      "empty prefix",
      { cognito: { domainPrefix: "" } },
      [`cognito.domainPrefix: received ""; ${PREFIX_SHAPE_RULE}`],
    ],
    [
      "64-character prefix",
      { cognito: { domainPrefix: "e".repeat(64) } },
      [
        `cognito.domainPrefix: received "${"e".repeat(64)}"; ${PREFIX_SHAPE_RULE}`,
      ],
    ],
    [
      "prefix as a number",
      { cognito: { domainPrefix: 7 } },
      [
        'cognito.domainPrefix: received 7; must be a domain prefix. Fix: use a prefix such as "events-signin"',
      ],
    ],
    [
      "prefix with aws",
      { cognito: { domainPrefix: "myaws-events" } },
      [
        `cognito.domainPrefix: received "myaws-events"; ${PREFIX_RESERVED_RULE}`,
      ],
    ],
    [
      "prefix with amazon",
      { cognito: { domainPrefix: "amazon-day" } },
      [`cognito.domainPrefix: received "amazon-day"; ${PREFIX_RESERVED_RULE}`],
    ],
    [
      "access token of 4 minutes",
      { cognito: { accessTokenMinutes: 4 } },
      [
        `cognito.accessTokenMinutes: received 4; ${minutesRule("cognito.accessTokenMinutes")}`,
      ],
    ],
    [
      "fractional access token",
      { cognito: { accessTokenMinutes: 7.5 } },
      [
        `cognito.accessTokenMinutes: received 7.5; ${minutesRule("cognito.accessTokenMinutes")}`,
      ],
    ],
    [
      "access token as text",
      { cognito: { accessTokenMinutes: "15" } },
      [
        `cognito.accessTokenMinutes: received "15"; ${minutesRule("cognito.accessTokenMinutes")}`,
      ],
    ],
    [
      "ID token of 1441 minutes",
      { cognito: { idTokenMinutes: 1441 } },
      [
        `cognito.idTokenMinutes: received 1441; ${minutesRule("cognito.idTokenMinutes")}`,
      ],
    ],
    [
      "refresh token of 0 days",
      { cognito: { refreshTokenDays: 0 } },
      [`cognito.refreshTokenDays: received 0; ${DAYS_RULE}`],
    ],
    [
      "refresh token over 10 years",
      { cognito: { refreshTokenDays: 3651 } },
      [`cognito.refreshTokenDays: received 3651; ${DAYS_RULE}`],
    ],
    [
      "environment with cognito",
      { environment: "cognito-day" },
      [`environment: received "cognito-day"; ${environmentRule("cognito")}`],
    ],
    [
      "environment with amazon",
      { environment: "day-amazon" },
      [`environment: received "day-amazon"; ${environmentRule("amazon")}`],
    ],
    [
      "full-tunnel VPN",
      { vpn: { splitTunnel: false } },
      [
        'vpn.splitTunnel: received false; sends all VPN traffic into the VPC, which has no internet path, so viewers could not reach the Cognito sign-in pages. Fix: set vpn.splitTunnel to true, or use "network" or "signed-links" for viewerAccess',
      ],
    ],
    [
      "GovCloud region",
      { region: "us-gov-west-1" },
      [
        'region: received "us-gov-west-1"; is in partition aws-us-gov, whose Cognito sign-in domains this project does not support. Fix: use a region of the aws partition, such as "us-east-1", or another viewerAccess mode',
      ],
    ],
  ])("%s", (_title, raw, expected) => {
    expect(problemsOf({ ...COGNITO, ...raw })).toEqual(expected);
  });

  test("shape problems are listed together", () => {
    const problems = problemsOf({
      ...COGNITO,
      cognito: { mfa: "x", accessTokenMinutes: 0, refreshTokenDays: 0 },
    });
    expect(problems.map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "cognito.mfa",
      "cognito.accessTokenMinutes",
      "cognito.refreshTokenDays",
    ]);
  });

  test("cross-field problems are listed together", () => {
    const problems = problemsOf({
      ...COGNITO,
      environment: "aws-day",
      region: "cn-north-1",
    });
    expect(problems.map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "environment",
      "region",
    ]);
  });
});

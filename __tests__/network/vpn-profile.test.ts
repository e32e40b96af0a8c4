import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderVpnProfile } from "../../stacks/network/vpn-profile";
import { extractProfiles, writeProfiles } from "../../scripts/lib/vpn-profiles";

const CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----";
const CERT = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----";
const KEY = "-----BEGIN RSA PRIVATE KEY-----\nKEY\n-----END RSA PRIVATE KEY-----";

const profile = renderVpnProfile({
  remoteHost: "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com",
  port: 1194,
  transportProtocol: "tcp",
  serverName: "server.events.vpn.internal",
  caCertificatePem: CA,
  clientCertificatePem: CERT,
  clientPrivateKeyPem: KEY,
});
const lines = profile.split("\n");

describe("renderVpnProfile", () => {
  test("remote host, port and protocol", () => {
    expect(lines).toContain("remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com 1194");
    expect(lines).toContain("proto tcp");
    expect(lines).toContain("remote-random-hostname");
  });

  test("verifies the server by name", () => {
    expect(lines).toContain("remote-cert-tls server");
    expect(lines).toContain("verify-x509-name server.events.vpn.internal name");
  });

  test("inlines CA, certificate and key", () => {
    expect(profile).toContain(`<ca>\n${CA}\n</ca>`);
    expect(profile).toContain(`<cert>\n${CERT}\n</cert>`);
    expect(profile).toContain(`<key>\n${KEY}\n</key>`);
  });

  test("starts as a client and ends with a newline", () => {
    expect(lines[0]).toBe("client");
    expect(profile.endsWith("</key>\n")).toBe(true);
  });
});

describe("vpn profile files", () => {
  const outputs = { alice: profile, "ops.team-1": profile };

  test.each<[string, unknown]>([
    ["terraform output -json", { vpnClientProfiles: { sensitive: true, type: ["map", "string"], value: outputs } }],
    ["terraform output -json NAME", outputs],
    ["cdktf output --outputs-file", { network: { vpnClientProfiles: outputs } }],
  ])("extracts from %s", (_shape, data) => {
    expect(extractProfiles(data)).toEqual(outputs);
  });

  test("rejects input without profiles", () => {
    expect(() => extractProfiles({ vpcId: { sensitive: false, value: "vpc-1" } })).toThrow(
      /holds no vpnClientProfiles output/,
    );
  });

  test("rejects an unsafe user name", () => {
    expect(() => extractProfiles({ "../evil": profile })).toThrow(
      'user name "../evil" is not safe as a file name. Fix: rename the user in vpn.users and deploy again',
    );
  });

  test("rejects an incomplete profile", () => {
    expect(() => extractProfiles({ alice: "client\n" })).toThrow(/profile of "alice" is not a complete OpenVPN profile/);
  });

  test("writes files with mode 0600", () => {
    const directory = mkdtempSync(join(tmpdir(), "protected-streaming-profiles-"));
    try {
      const target = join(directory, "profiles");
      const paths = writeProfiles(outputs, target);
      expect(paths).toEqual([join(target, "alice.ovpn"), join(target, "ops.team-1.ovpn")]);
      for (const path of paths) {
        expect(statSync(path).mode & 0o777).toBe(0o600);
        expect(readFileSync(path, "utf8")).toBe(profile);
      }
      expect(statSync(target).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

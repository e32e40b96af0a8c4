import { createServer, type Server } from "node:net";
import {
  checkPortsAvailable,
  portProblem,
} from "../../scripts/lib/preview/ports";
import { PreviewError } from "../../scripts/lib/preview/errors";
import { freePort } from "../support/processes";

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("checkPortsAvailable", () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busyPort = await freePort();
    busy = await listen(busyPort);
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
  });

  test("accepts free ports", async () => {
    const free = await freePort();
    await expect(
      checkPortsAvailable([
        { port: free, option: "--http-port", purpose: "the player server" },
      ]),
    ).resolves.toBeUndefined();
  });

  test("names the busy port and its flag", async () => {
    const free = await freePort();
    await expect(
      checkPortsAvailable([
        { port: busyPort, option: "--rtmp-port", purpose: "the RTMP ingest" },
        { port: free, option: "--http-port", purpose: "the player server" },
      ]),
    ).rejects.toThrow(
      new PreviewError(
        `port ${busyPort} on 127.0.0.1 (the RTMP ingest) is already in use. Fix: stop the program that uses it, or pass --rtmp-port with a free port`,
      ),
    );
  });

  test("leaves a free port unbound", async () => {
    const free = await freePort();
    await checkPortsAvailable([
      { port: free, option: "--http-port", purpose: "the player server" },
    ]);
    const server = await listen(free);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("portProblem", () => {
  const request = {
    port: 80,
    option: "--http-port",
    purpose: "the player server",
  };

  test.each([
    [
      "EADDRINUSE",
      "port 80 on 127.0.0.1 (the player server) is already in use. Fix: stop the program that uses it, or pass --http-port with a free port",
    ],
    [
      "EACCES",
      "port 80 on 127.0.0.1 (the player server) needs more privileges than this user has. Fix: pass --http-port with a port from 1024 to 65535",
    ],
    [
      "EADDRNOTAVAIL",
      "port 80 on 127.0.0.1 (the player server) cannot be opened (EADDRNOTAVAIL). Fix: pass --http-port with another port",
    ],
  ])("%s gives its advice", (code, message) => {
    expect(portProblem(request, code)).toBe(message);
  });
});

import { createHash, webcrypto } from "node:crypto";
import {
  CognitoSession,
  refreshDelayMs,
  type SignInEnvironment,
  type SignInProblem,
} from "../../player/src/cognito-session";
import type { TokenStorage } from "../../player/src/link-token";
import { createLogger, type LogSink } from "../../player/src/logger";
import { pendingSignInKey } from "../../player/src/sign-in-redirect";
import type { Timers } from "../../player/src/timers";
import { startFakeCognito, type FakeCognito } from "../support/fake-cognito";

/** Access token lifetime of the fake, in seconds. */
const LIFETIME_SECONDS = 300;

let fake: FakeCognito;
let page: string;

beforeAll(async () => {
  fake = await startFakeCognito({ accessTokenSeconds: LIFETIME_SECONDS });
  page = "http://127.0.0.1:9/watch/";
  fake.allowPage(page);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.signedIn = true;
});

/** Timers that run only when a test fires them; `now` is the real clock. */
class ManualTimers implements Timers {
  readonly pending = new Map<
    number,
    { readonly callback: () => void; readonly delayMs: number }
  >();
  private nextId = 1;

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { callback, delayMs });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  setInterval(): unknown {
    throw new Error("the session uses no intervals");
  }

  clearInterval(): void {}

  now(): number {
    return Date.now();
  }

  /** Delays of the timers still pending, in milliseconds. */
  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.delayMs);
  }

  /** Runs the one pending timer with this delay. */
  fire(delayMs: number): void {
    const entry = [...this.pending.entries()].find(
      ([, timer]) => timer.delayMs === delayMs,
    );
    if (entry === undefined)
      throw new Error(
        `no timer with ${delayMs} ms; pending: ${this.delays().join(", ")}`,
      );
    this.pending.delete(entry[0]);
    entry[1].callback();
  }
}

/** One browser tab: its address, history, session storage and navigations. */
interface Tab {
  readonly environment: SignInEnvironment;
  readonly location: { href: string };
  readonly storage: Map<string, string>;
  readonly navigations: string[];
  readonly replacedAddresses: string[];
  /** Lines the session logged with debug logging on. */
  readonly logLines: string[];
  readonly timers: ManualTimers;
  readonly problems: Array<{
    readonly problem: SignInProblem;
    readonly detail: string;
  }>;
}

function openTab(
  href: string,
  options: { readonly storageBlocked?: boolean } = {},
): Tab {
  const location = { href };
  const storage = new Map<string, string>();
  const navigations: string[] = [];
  const replacedAddresses: string[] = [];
  const tokenStorage: TokenStorage = {
    getItem: (key) => storage.get(key) ?? null,
    setItem: (key, value) => void storage.set(key, value),
    removeItem: (key) => void storage.delete(key),
  };
  const environment: SignInEnvironment = {
    location,
    history: {
      state: null,
      replaceState: (_data, _unused, url) => {
        replacedAddresses.push(url ?? "");
        location.href = new URL(url ?? "", location.href).href;
      },
    },
    storage: () => (options.storageBlocked ? undefined : tokenStorage),
    navigate: (url) => void navigations.push(url),
    crypto: webcrypto,
  };
  return {
    environment,
    location,
    storage,
    navigations,
    replacedAddresses,
    logLines: [],
    timers: new ManualTimers(),
    problems: [],
  };
}

function sessionIn(
  tab: Tab,
  fetchFunction: typeof fetch = globalThis.fetch,
): CognitoSession {
  const record = (...args: unknown[]) =>
    void tab.logLines.push(args.map(String).join(" "));
  const sink: LogSink = {
    debug: record,
    info: record,
    warn: record,
    error: record,
  };
  return new CognitoSession({
    auth: fake.authConfig(),
    redirectUri: page,
    logoutUri: page,
    environment: tab.environment,
    fetch: fetchFunction,
    timers: tab.timers,
    logger: createLogger(true, sink),
    onSignInRequired: (problem, detail) =>
      void tab.problems.push({ problem, detail }),
  });
}

/** Follows the authorization request like the browser: the fake redirects back at once. */
async function followSignIn(tab: Tab): Promise<void> {
  const navigation = tab.navigations.at(-1);
  if (navigation === undefined) throw new Error("the session did not navigate");
  const response = await fetch(navigation, { redirect: "manual" });
  expect(response.status).toBe(302);
  tab.location.href = response.headers.get("location") ?? "";
}

/** Opens the page, is sent to sign in, and comes back signed in. */
async function signedIn(
  fetchFunction?: typeof fetch,
): Promise<{ tab: Tab; session: CognitoSession }> {
  const tab = openTab(`${page}?debug=1`);
  expect(await sessionIn(tab).start()).toBe("redirecting");
  await followSignIn(tab);
  const session = sessionIn(tab, fetchFunction);
  expect(await session.start()).toBe("signed-in");
  return { tab, session };
}

/** Waits until the promises of a fired timer have settled. */
async function settle(session: CognitoSession): Promise<void> {
  await session.refresh();
}

describe("refreshDelayMs", () => {
  test.each([
    [300, 240_000],
    [900, 720_000],
    [86_400, 69_120_000],
    [8, 6_400],
    [0.5, 400],
    [1e12, 2_147_483_647],
  ])("renews a %d s token after %d ms", (expiresInSeconds, delayMs) => {
    expect(refreshDelayMs(expiresInSeconds)).toBe(delayMs);
  });
});

describe("CognitoSession sign-in", () => {
  test("first visit redirects with PKCE", async () => {
    const tab = openTab(`${page}?debug=1`);
    expect(await sessionIn(tab).start()).toBe("redirecting");

    expect(tab.navigations).toHaveLength(1);
    const request = new URL(tab.navigations[0]);
    expect(`${request.origin}${request.pathname}`).toBe(
      `${fake.origin}/oauth2/authorize`,
    );
    const stored = JSON.parse(tab.storage.get(pendingSignInKey(page)) ?? "{}");
    expect(stored.state).toBe(request.searchParams.get("state"));
    expect(stored.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stored.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.searchParams.get("code_challenge")).toBe(
      createHash("sha256").update(stored.codeVerifier).digest("base64url"),
    );
    expect(request.searchParams.get("code_challenge_method")).toBe("S256");
    expect(stored.returnAddress).toBe("/watch/?debug=1");
  });

  test("return exchanges the code", async () => {
    const { tab, session } = await signedIn();
    const issued = fake.issued.at(-1);
    expect(issued?.grantType).toBe("authorization_code");
    expect(session.accessToken()).toBe(issued?.accessToken);
    expect(tab.storage.size).toBe(0);
    expect(tab.replacedAddresses).toEqual(["/watch/?debug=1"]);
    expect(tab.location.href).toBe(`${page}?debug=1`);
    expect(tab.timers.delays()).toEqual([refreshDelayMs(LIFETIME_SECONDS)]);
    expect(tab.problems).toEqual([]);
    session.destroy();
  });

  test("wrong state is rejected", async () => {
    const tab = openTab(`${page}?debug=1`);
    await sessionIn(tab).start();
    await followSignIn(tab);
    tab.location.href = tab.location.href.replace(
      /state=[^&]+/,
      "state=forged",
    );
    const requestsBefore = fake.requests.length;

    expect(await sessionIn(tab).start()).toBe("sign-in-required");
    expect(tab.problems).toEqual([
      {
        problem: "sign-in-failed",
        detail: "the sign-in response does not match the request",
      },
    ]);
    expect(fake.requests.slice(requestsBefore)).toEqual([]);
    expect(tab.location.href).toBe(`${page}?debug=1`);
    expect(tab.storage.size).toBe(0);
    expect(tab.navigations).toHaveLength(1);
  });

  test("error response is reported", async () => {
    const tab = openTab(`${page}?error=access_denied&state=x`);
    expect(await sessionIn(tab).start()).toBe("sign-in-required");
    expect(tab.problems).toEqual([
      {
        problem: "sign-in-failed",
        detail: "the sign-in page returned the error access_denied",
      },
    ]);
    expect(tab.location.href).toBe(page);
    expect(tab.navigations).toEqual([]);
  });

  test("reused code fails the exchange", async () => {
    const tab = openTab(page);
    await sessionIn(tab).start();
    await followSignIn(tab);
    const returnAddress = tab.location.href;
    const pending = tab.storage.get(pendingSignInKey(page)) ?? "";
    expect(await sessionIn(tab).start()).toBe("signed-in");

    // The same response a second time, as if replayed from the history.
    tab.location.href = returnAddress;
    tab.storage.set(pendingSignInKey(page), pending);
    expect(await sessionIn(tab).start()).toBe("sign-in-required");
    expect(tab.problems).toEqual([
      {
        problem: "sign-in-failed",
        detail: "the token request was rejected with HTTP 400 invalid_grant",
      },
    ]);
  });

  test("abandoned sign-in waits for the button", async () => {
    const tab = openTab(page);
    await sessionIn(tab).start();
    expect(tab.navigations).toHaveLength(1);
    // Back from the sign-in page: the address has no response.
    expect(await sessionIn(tab).start()).toBe("sign-in-required");
    expect(tab.problems).toEqual([
      {
        problem: "sign-in-abandoned",
        detail: "the sign-in page was left before signing in",
      },
    ]);
    expect(tab.navigations).toHaveLength(1);
    expect(tab.storage.size).toBe(0);
  });

  test("blocked storage stops before the redirect", async () => {
    const tab = openTab(page, { storageBlocked: true });
    expect(await sessionIn(tab).start()).toBe("sign-in-required");
    expect(tab.problems).toEqual([
      {
        problem: "storage-unavailable",
        detail: "session storage is not available",
      },
    ]);
    expect(tab.navigations).toEqual([]);
  });
});

describe("CognitoSession refresh", () => {
  test("scheduled refresh rotates the tokens", async () => {
    const { tab, session } = await signedIn();
    const first = fake.issued.at(-1);
    tab.timers.fire(refreshDelayMs(LIFETIME_SECONDS));
    await settle(session);
    const second = fake.issued.at(-1);
    expect(second?.grantType).toBe("refresh_token");
    expect(second?.redeemedRefreshToken).toBe(first?.refreshToken);
    expect(session.accessToken()).toBe(second?.accessToken);

    tab.timers.fire(refreshDelayMs(LIFETIME_SECONDS));
    await settle(session);
    const third = fake.issued.at(-1);
    expect(third?.redeemedRefreshToken).toBe(second?.refreshToken);
    expect(session.accessToken()).toBe(third?.accessToken);
    expect(tab.timers.delays()).toEqual([refreshDelayMs(LIFETIME_SECONDS)]);
    session.destroy();
  });

  test("lifetime from the response sets the timer", async () => {
    fake.accessTokenSeconds = 8;
    try {
      const { tab, session } = await signedIn();
      expect(tab.timers.delays()).toEqual([6_400]);
      session.destroy();
    } finally {
      fake.accessTokenSeconds = LIFETIME_SECONDS;
    }
  });

  test("concurrent refreshes share one request", async () => {
    const { session } = await signedIn();
    const before = fake.issued.length;
    const results = await Promise.all([session.refresh(), session.refresh()]);
    expect(results).toEqual([true, true]);
    expect(fake.issued.length).toBe(before + 1);
    session.destroy();
  });

  test("invalid_grant requires sign-in", async () => {
    const { tab, session } = await signedIn();
    fake.revokeRefreshTokens();
    tab.timers.fire(refreshDelayMs(LIFETIME_SECONDS));
    expect(await session.refresh()).toBe(false);
    expect(tab.problems).toEqual([
      {
        problem: "session-ended",
        detail: "the sign-in has expired or was revoked",
      },
    ]);
    expect(session.accessToken()).toBeUndefined();
    expect(session.signedIn).toBe(false);
    expect(tab.timers.delays()).toEqual([]);
    expect(tab.navigations).toHaveLength(1);
  });

  test("server error requires sign-in", async () => {
    let failing = false;
    const flaky: typeof fetch = (input, init) =>
      failing
        ? Promise.resolve(new Response("{}", { status: 500 }))
        : globalThis.fetch(input, init);
    const { tab, session } = await signedIn(flaky);
    failing = true;
    tab.timers.fire(refreshDelayMs(LIFETIME_SECONDS));
    expect(await session.refresh()).toBe(false);
    expect(tab.problems).toEqual([
      {
        problem: "session-ended",
        detail:
          "renewing it failed: the token request was rejected with HTTP 500",
      },
    ]);
    expect(session.accessToken()).toBeUndefined();
    expect(tab.timers.delays()).toEqual([]);
  });
});

describe("CognitoSession sign-out", () => {
  test("revokes, forgets and redirects", async () => {
    const { tab, session } = await signedIn();
    const refreshToken = fake.issued.at(-1)?.refreshToken;
    const before = fake.requests.length;
    await session.signOut();

    const revocations = fake.requests
      .slice(before)
      .filter((request) => request.path === "/oauth2/revoke");
    expect(revocations.map((request) => request.form)).toEqual([
      { token: refreshToken, client_id: fake.clientId },
    ]);
    expect(revocations[0].status).toBe(200);
    expect(session.accessToken()).toBeUndefined();
    expect(tab.timers.delays()).toEqual([]);
    const logout = new URL(tab.navigations.at(-1) ?? "");
    expect(`${logout.origin}${logout.pathname}`).toBe(`${fake.origin}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: fake.clientId,
      logout_uri: page,
    });
    expect(await session.refresh()).toBe(false);
  });

  test("failed revocation still logs out", async () => {
    const { tab } = await signedIn();
    const session = new CognitoSession({
      auth: {
        ...fake.authConfig(),
        revocationEndpoint: "http://127.0.0.1:9/oauth2/revoke",
      },
      redirectUri: page,
      logoutUri: page,
      environment: tab.environment,
      fetch: globalThis.fetch,
      timers: tab.timers,
      logger: createLogger(false),
      onSignInRequired: () => undefined,
    });
    await session.signOut();
    expect(new URL(tab.navigations.at(-1) ?? "").pathname).toBe("/logout");
  });
});

describe("CognitoSession destroy", () => {
  test("clears the timer and tokens", async () => {
    const { tab, session } = await signedIn();
    expect(tab.timers.delays()).toHaveLength(1);
    session.destroy();
    expect(tab.timers.delays()).toEqual([]);
    expect(session.accessToken()).toBeUndefined();
    expect(tab.problems).toEqual([]);
  });
});

describe("CognitoSession logging", () => {
  test("logs no token, code or verifier", async () => {
    const tab = openTab(`${page}?debug=1`);
    await sessionIn(tab).start();
    const verifier = JSON.parse(tab.storage.get(pendingSignInKey(page)) ?? "{}")
      .codeVerifier as string;
    const state = new URL(tab.navigations[0]).searchParams.get("state") ?? "";
    await followSignIn(tab);
    const code = new URL(tab.location.href).searchParams.get("code") ?? "";
    const session = sessionIn(tab);
    await session.start();
    tab.timers.fire(refreshDelayMs(LIFETIME_SECONDS));
    await settle(session);
    await session.signOut();

    const secrets = [verifier, state, code];
    for (const issued of fake.issued.slice(-2))
      secrets.push(issued.accessToken, issued.refreshToken);
    expect(tab.logLines.length).toBeGreaterThan(3);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(tab.logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

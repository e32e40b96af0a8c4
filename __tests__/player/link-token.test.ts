import {
  addressWithoutFragment,
  isLinkTokenShape,
  LinkTokenStore,
  MAX_LINK_TOKEN_LENGTH,
  readFragmentToken,
  sessionStorageOf,
  storageKeyFor,
  STORAGE_KEY_PREFIX,
  type TokenStorage,
} from "../../player/src/link-token";
import { createLogger, type LogSink } from "../../player/src/logger";
import { MAX_TOKEN_LENGTH } from "../../stacks/viewer-access/token";

/** The shape of a viewer token; the player checks only the shape, never the signature. */
const TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlX19fXy0";
const OTHER_TOKEN =
  "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJib2IifQ.b3RoZXItc2lnbmF0dXJl";
const PAGE = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/watch/";
const KEY = `${STORAGE_KEY_PREFIX}/watch/`;

describe("isLinkTokenShape", () => {
  test.each([
    ["three segments", TOKEN, true],
    ["longest allowed", `a.b.${"c".repeat(MAX_LINK_TOKEN_LENGTH - 4)}`, true],
    [
      "one character too long",
      `a.b.${"c".repeat(MAX_LINK_TOKEN_LENGTH - 3)}`,
      false,
    ],
    ["two segments", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9", false],
    ["four segments", `${TOKEN}.x`, false],
    ["empty segment", "eyJhbGciOiJFUzI1NiJ9..c2ln", false],
    ["base64 padding", "a.b.c2ln=", false],
    ["standard base64", "a+b.c/d.e", false],
    ["whitespace", "a.b.c d", false],
    ["header injection", "a.b.c\r\nX-Injected: 1", false],
    ["empty", "", false],
  ])("%s is %p", (_case, token, valid) => {
    expect(isLinkTokenShape(token)).toBe(valid);
  });

  test("length cap matches the authorizer", () => {
    expect(MAX_LINK_TOKEN_LENGTH).toBe(MAX_TOKEN_LENGTH);
  });
});

describe("readFragmentToken", () => {
  test.each([
    ["#token=T", { kind: "valid", token: TOKEN }],
    ["token=T", { kind: "valid", token: TOKEN }],
    ["#debug=1&token=T", { kind: "valid", token: TOKEN }],
    ["", { kind: "none" }],
    ["#", { kind: "none" }],
    ["#section-2", { kind: "none" }],
    ["#tokens=T", { kind: "none" }],
    ["#token=", { kind: "invalid" }],
    ["#token", { kind: "invalid" }],
    ["#token=abc", { kind: "invalid" }],
    ["#token=T&token=T", { kind: "invalid" }],
    ["#token=T%20", { kind: "invalid" }],
  ])("%s gives %p", (hash, expected) => {
    expect(readFragmentToken(hash.replace(/T/g, TOKEN))).toEqual(expected);
  });
});

describe("addressWithoutFragment", () => {
  test.each([
    [`${PAGE}#token=${TOKEN}`, "/watch/"],
    [`${PAGE}?debug=1#token=${TOKEN}`, "/watch/?debug=1"],
    [
      `https://api.example/watch?debug=1&x=2#token=${TOKEN}&a=b`,
      "/watch?debug=1&x=2",
    ],
    [PAGE, "/watch/"],
  ])("%s becomes %s", (href, address) => {
    expect(addressWithoutFragment(href)).toBe(address);
  });
});

describe("storageKeyFor", () => {
  test.each([
    [`${PAGE}#token=${TOKEN}`, KEY],
    ["https://api.example/watch?debug=1", KEY],
    ["https://api.example/rehearsal/", `${STORAGE_KEY_PREFIX}/rehearsal/`],
  ])("key of %s is %s", (href, key) => {
    expect(storageKeyFor(href)).toBe(key);
  });
});

/** Session storage backed by a Map, with switches that make it throw like a browser can. */
class MemoryStorage implements TokenStorage {
  readonly items = new Map<string, string>();
  failWrites = false;
  failReads = false;

  getItem(key: string): string | null {
    if (this.failReads)
      throw new DOMException("storage is blocked", "SecurityError");
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failWrites)
      throw new DOMException(`cannot store ${value}`, "QuotaExceededError");
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    if (this.failWrites)
      throw new DOMException("storage is blocked", "SecurityError");
    this.items.delete(key);
  }
}

/** A page's location and history: replaceState changes the location like a browser does. */
class FakePage {
  href: string;
  readonly replaced: Array<{ state: unknown; url: string }> = [];
  readonly state = { scrollRestoration: "kept" };

  constructor(href: string) {
    this.href = href;
  }
  get hash(): string {
    return new URL(this.href).hash;
  }
  readonly history = {
    state: this.state,
    replaceState: (
      state: unknown,
      _unused: string,
      url?: string | URL | null,
    ) => {
      this.replaced.push({ state, url: String(url) });
      this.href = new URL(String(url), this.href).href;
    },
  };
}

function recordingSink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push(`${level} ${args.map(String).join(" ")}`);
  return {
    lines,
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  };
}

function storeFor(
  href: string,
  storage: TokenStorage | undefined = new MemoryStorage(),
) {
  const page = new FakePage(href);
  const events = new EventTarget();
  const sink = recordingSink();
  const openStorage = jest.fn(() => storage);
  const store = new LinkTokenStore({
    location: page,
    history: page.history,
    storage: openStorage,
    events,
    logger: createLogger(true, sink),
  });
  return { store, page, events, sink, openStorage };
}

describe("LinkTokenStore", () => {
  test("link token is stored and removed from the address", () => {
    const storage = new MemoryStorage();
    const { store, page } = storeFor(`${PAGE}?debug=1#token=${TOKEN}`, storage);
    expect(store.captureFromAddress()).toBe("valid");
    expect(store.token()).toBe(TOKEN);
    expect(storage.items.get(KEY)).toBe(TOKEN);
    expect(page.replaced).toEqual([
      { state: page.state, url: "/watch/?debug=1" },
    ]);
    expect(page.href).toBe(`${PAGE}?debug=1`);
  });

  test("stored token survives a reload", () => {
    const storage = new MemoryStorage();
    storeFor(`${PAGE}#token=${TOKEN}`, storage).store.captureFromAddress();
    const reloaded = storeFor(PAGE, storage);
    expect(reloaded.store.captureFromAddress()).toBe("none");
    expect(reloaded.store.token()).toBe(TOKEN);
    expect(reloaded.page.replaced).toEqual([]);
  });

  test("new link replaces the stored token", () => {
    const storage = new MemoryStorage();
    const { store, page } = storeFor(`${PAGE}#token=${TOKEN}`, storage);
    store.captureFromAddress();
    page.href = `${PAGE}#token=${OTHER_TOKEN}`;
    expect(store.captureFromAddress()).toBe("valid");
    expect(store.token()).toBe(OTHER_TOKEN);
    expect(storage.items.get(KEY)).toBe(OTHER_TOKEN);
    expect(page.href).toBe(PAGE);
  });

  test("malformed link clears the stored token", () => {
    const storage = new MemoryStorage();
    storage.items.set(KEY, TOKEN);
    const { store, page, sink } = storeFor(
      `${PAGE}#token=not-a-token`,
      storage,
    );
    expect(store.captureFromAddress()).toBe("invalid");
    expect(store.token()).toBeUndefined();
    expect(storage.items.has(KEY)).toBe(false);
    expect(page.href).toBe(PAGE);
    expect(sink.lines).toEqual([
      "warn [player] the link's token parameter is empty, repeated or not a viewer token, so no token is sent",
    ]);
  });

  test("fragment without a token is left alone", () => {
    const { store, page } = storeFor(`${PAGE}#section-2`);
    expect(store.captureFromAddress()).toBe("none");
    expect(page.replaced).toEqual([]);
    expect(store.token()).toBeUndefined();
  });

  test("other stage keeps its own token", () => {
    const storage = new MemoryStorage();
    storeFor(`${PAGE}#token=${TOKEN}`, storage).store.captureFromAddress();
    expect(
      storeFor(
        "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/rehearsal/",
        storage,
      ).store.token(),
    ).toBeUndefined();
  });

  test("malformed stored value is ignored", () => {
    const storage = new MemoryStorage();
    storage.items.set(KEY, "tampered value");
    const { store, sink } = storeFor(PAGE, storage);
    expect(store.token()).toBeUndefined();
    expect(sink.lines).toEqual([
      "warn [player] the viewer token in session storage is invalid and is ignored",
    ]);
  });

  test("failing storage keeps the token in memory", () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    storage.failReads = true;
    const { store, sink } = storeFor(`${PAGE}#token=${TOKEN}`, storage);
    expect(store.captureFromAddress()).toBe("valid");
    expect(store.token()).toBe(TOKEN);
    expect(sink.lines).toContain(
      "warn [player] writing to session storage failed, so the viewer token lasts only until the page is closed QuotaExceededError",
    );
  });

  test("missing storage keeps the token in memory", () => {
    const { store } = storeFor(`${PAGE}#token=${TOKEN}`, undefined);
    store.captureFromAddress();
    expect(store.token()).toBe(TOKEN);
  });

  test("storage is opened only on use", () => {
    const { store, openStorage } = storeFor(PAGE);
    expect(openStorage).not.toHaveBeenCalled();
    store.token();
    store.token();
    expect(openStorage).toHaveBeenCalledTimes(1);
  });

  test("token never reaches the log", () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    const { store, page, sink } = storeFor(`${PAGE}#token=${TOKEN}`, storage);
    store.captureFromAddress();
    page.href = `${PAGE}#token=${OTHER_TOKEN}x.y`;
    store.captureFromAddress();
    expect(sink.lines.length).toBeGreaterThanOrEqual(3);
    for (const segment of [...TOKEN.split("."), ...OTHER_TOKEN.split(".")]) {
      expect(sink.lines.join("\n")).not.toContain(segment);
    }
  });

  test("address change calls the listener until disposed", () => {
    const { store, events } = storeFor(PAGE);
    const listener = jest.fn();
    const dispose = store.onAddressChange(listener);
    events.dispatchEvent(new Event("hashchange"));
    expect(listener).toHaveBeenCalledTimes(1);
    dispose();
    events.dispatchEvent(new Event("hashchange"));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("sessionStorageOf", () => {
  test("returns the window's storage", () => {
    const storage = new MemoryStorage();
    expect(
      sessionStorageOf({ sessionStorage: storage }, createLogger(false)),
    ).toBe(storage);
  });

  test("blocked storage gives undefined", () => {
    const sink = recordingSink();
    const window = {
      get sessionStorage(): TokenStorage {
        throw new DOMException("access denied", "SecurityError");
      },
    };
    expect(sessionStorageOf(window, createLogger(true, sink))).toBeUndefined();
    expect(sink.lines).toEqual([
      "warn [player] session storage is not available, so the viewer token lasts only until the page is closed SecurityError",
    ]);
  });
});

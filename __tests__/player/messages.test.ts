import {
  INVALID_LINK_TITLE,
  SIGN_IN_REQUIRED_TITLE,
  statusMessage,
} from "../../player/src/messages";

describe("statusMessage", () => {
  test.each([
    [
      401,
      "The server rejected the viewer link (HTTP 401). Ask the organiser for a new link and open it.",
    ],
    [
      403,
      "The server rejected the viewer link (HTTP 403). Ask the organiser for a new link and open it.",
    ],
  ] as const)("signed link rejected with %d", (httpStatus, detail) => {
    expect(
      statusMessage({ kind: "access-denied", httpStatus }, "signed-links"),
    ).toEqual({
      title: "This link has expired or is not valid",
      detail,
    });
  });

  test.each([401, 403] as const)(
    "network mode keeps access denied on %d",
    (httpStatus) => {
      const message = statusMessage(
        { kind: "access-denied", httpStatus },
        "network",
      );
      expect(message?.title).toBe("Access denied");
      expect(message?.title).not.toBe(INVALID_LINK_TITLE);
      expect(message?.detail).toContain(`HTTP ${httpStatus}`);
    },
  );

  test("mode defaults to network", () => {
    expect(
      statusMessage({ kind: "access-denied", httpStatus: 403 })?.title,
    ).toBe("Access denied");
  });

  test("other statuses ignore the mode", () => {
    const status = { kind: "waiting", nextCheckMs: 3000 } as const;
    expect(statusMessage(status, "signed-links")).toEqual(
      statusMessage(status, "network"),
    );
  });

  test.each([
    [
      "session-ended",
      "the sign-in has expired or was revoked",
      SIGN_IN_REQUIRED_TITLE,
      "Your session has ended (the sign-in has expired or was revoked). Press Sign in again to continue.",
    ],
    [
      "sign-in-failed",
      "the sign-in response does not match the request",
      "Sign-in did not complete",
      "The sign-in failed: the sign-in response does not match the request. Press Sign in again to retry.",
    ],
    [
      "sign-in-abandoned",
      "ignored",
      SIGN_IN_REQUIRED_TITLE,
      "The sign-in page was closed before the sign-in finished. Press Sign in again to continue.",
    ],
  ] as const)("sign-in required after %s", (problem, detail, title, text) => {
    expect(
      statusMessage({ kind: "sign-in-required", problem, detail }, "cognito"),
    ).toEqual({ title, detail: text });
  });

  test("blocked storage names the fix", () => {
    const message = statusMessage(
      { kind: "sign-in-required", problem: "storage-unavailable", detail: "" },
      "cognito",
    );
    expect(message?.detail).toContain("Allow site data for this address");
  });

  test.each([
    ["redirecting", "Opening the sign-in page…"],
    ["completing", "Completing the sign-in…"],
  ] as const)("signing in while %s", (step, detail) => {
    expect(statusMessage({ kind: "signing-in", step }, "cognito")).toEqual({
      title: "Signing in",
      detail,
    });
  });

  test("cognito mode words access denied", () => {
    expect(
      statusMessage({ kind: "access-denied", httpStatus: 401 }, "cognito")
        ?.detail,
    ).toBe(
      "The server rejected the sign-in (HTTP 401). Reload the page to sign in again.",
    );
  });
});

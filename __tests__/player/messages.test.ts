import { INVALID_LINK_TITLE, statusMessage } from "../../player/src/messages";

describe("statusMessage", () => {
  test.each([
    [401, "The server rejected the viewer link (HTTP 401). Ask the organiser for a new link and open it."],
    [403, "The server rejected the viewer link (HTTP 403). Ask the organiser for a new link and open it."],
  ] as const)("signed link rejected with %d", (httpStatus, detail) => {
    expect(statusMessage({ kind: "access-denied", httpStatus }, "signed-links")).toEqual({
      title: "This link has expired or is not valid",
      detail,
    });
  });

  test.each([401, 403] as const)("network mode keeps access denied on %d", (httpStatus) => {
    const message = statusMessage({ kind: "access-denied", httpStatus }, "network");
    expect(message?.title).toBe("Access denied");
    expect(message?.title).not.toBe(INVALID_LINK_TITLE);
    expect(message?.detail).toContain(`HTTP ${httpStatus}`);
  });

  test("mode defaults to network", () => {
    expect(statusMessage({ kind: "access-denied", httpStatus: 403 })?.title).toBe("Access denied");
  });

  test("other statuses ignore the mode", () => {
    const status = { kind: "waiting", nextCheckMs: 3000 } as const;
    expect(statusMessage(status, "signed-links")).toEqual(statusMessage(status, "network"));
  });
});

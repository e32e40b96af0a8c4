import {
  authorizationHeaders,
  isValidBearerToken,
} from "../../player/src/access-token";

describe("authorizationHeaders", () => {
  test("sends the token as a bearer header", () => {
    expect(authorizationHeaders(() => "eyJhbGciOi.eyJzdWIi.c2ln")).toEqual({
      Authorization: "Bearer eyJhbGciOi.eyJzdWIi.c2ln",
    });
  });

  test("reads the provider on every call", () => {
    let token = "first";
    const provider = () => token;
    expect(authorizationHeaders(provider).Authorization).toBe("Bearer first");
    token = "second";
    expect(authorizationHeaders(provider).Authorization).toBe("Bearer second");
  });

  test.each([
    ["no provider", undefined],
    ["no token", () => undefined],
    ["empty token", () => ""],
  ])("sends nothing with %s", (_case, provider) => {
    expect(authorizationHeaders(provider)).toEqual({});
  });

  test("writes the header with the given value", () => {
    const bare = (token: string) => token;
    expect(
      authorizationHeaders(() => "eyJhbGciOi.eyJzdWIi.c2ln", undefined, bare),
    ).toEqual({ Authorization: "eyJhbGciOi.eyJzdWIi.c2ln" });
  });

  test("checks the token before a custom value", () => {
    const onInvalid = jest.fn();
    const bare = jest.fn((token: string) => token);
    expect(authorizationHeaders(() => "a b", onInvalid, bare)).toEqual({});
    expect(bare).not.toHaveBeenCalled();
    expect(onInvalid).toHaveBeenCalledTimes(1);
  });

  test("drops an invalid token and reports it", () => {
    const onInvalid = jest.fn();
    expect(
      authorizationHeaders(() => "abc\r\nX-Injected: 1", onInvalid),
    ).toEqual({});
    expect(onInvalid).toHaveBeenCalledTimes(1);
    expect(onInvalid).toHaveBeenCalledWith();
  });
});

describe("isValidBearerToken", () => {
  test.each([
    ["abc-._~+/123", true],
    ["YWJj==", true],
    ["a b", false],
    ["a=b", false],
    ["tök", false],
  ])("%p is %p", (token, valid) => {
    expect(isValidBearerToken(token)).toBe(valid);
  });
});

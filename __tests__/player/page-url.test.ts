import { pageFolderUrl, resolveFromPage } from "../../player/src/page-url";

describe("pageFolderUrl", () => {
  test.each([
    ["https://api.example/watch/", "https://api.example/watch/"],
    ["https://api.example/watch", "https://api.example/watch/"],
    ["https://api.example/watch/index.html", "https://api.example/watch/"],
    ["https://api.example/watch?debug=1", "https://api.example/watch/"],
    ["https://api.example/watch/#token=abc", "https://api.example/watch/"],
    ["https://api.example/", "https://api.example/"],
  ])("returns the folder of %s", (href, folder) => {
    expect(pageFolderUrl(href)).toBe(folder);
  });
});

describe("resolveFromPage", () => {
  test.each([
    ["https://api.example/watch/", "https://api.example/watch/config.json"],
    ["https://api.example/watch", "https://api.example/watch/config.json"],
    [
      "https://api.example/watch/index.html?debug=1",
      "https://api.example/watch/config.json",
    ],
  ])("resolves config.json against %s", (href, url) => {
    expect(resolveFromPage("config.json", href)).toBe(url);
  });

  test("keeps the stage prefix for the manifest", () => {
    expect(
      resolveFromPage(
        "live/demo-channel/index.m3u8",
        "https://api.example/watch",
      ),
    ).toBe("https://api.example/watch/live/demo-channel/index.m3u8");
  });
});

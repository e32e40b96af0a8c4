/**
 * Returns the URL of the folder that contains the page, without query or
 * fragment. The private API serves `index.html` for both `/<stage>/` and
 * `/<stage>`, so a last path segment without a dot is taken as a folder:
 * stage names cannot contain dots, while file names such as `index.html` do.
 */
export function pageFolderUrl(pageHref: string): string {
  const url = new URL(pageHref);
  url.search = "";
  url.hash = "";
  const lastSegment = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  if (lastSegment !== "" && !lastSegment.includes(".")) {
    url.pathname = `${url.pathname}/`;
  }
  return new URL(".", url).href;
}

/** Resolves a path such as `config.json` against the page's folder. */
export function resolveFromPage(path: string, pageHref: string): string {
  return new URL(path, pageFolderUrl(pageHref)).href;
}

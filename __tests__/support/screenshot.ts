import { PNG } from "pngjs";

/** Pixel statistics of a screenshot. */
export interface PixelStats {
  readonly width: number;
  readonly height: number;
  /** Share of pixels whose luma (BT.601) is above 32 of 255. */
  readonly nonBlackShare: number;
  /** Number of distinct colors after reducing each channel to 3 bits. */
  readonly colorBuckets: number;
}

/** Decodes a PNG and measures how much of it is not black. */
export function pixelStats(png: Buffer): PixelStats {
  const image = PNG.sync.read(png);
  const pixels = image.width * image.height;
  const buckets = new Set<number>();
  let nonBlack = 0;
  for (let offset = 0; offset < image.data.length; offset += 4) {
    const red = image.data[offset];
    const green = image.data[offset + 1];
    const blue = image.data[offset + 2];
    if (0.299 * red + 0.587 * green + 0.114 * blue > 32) nonBlack += 1;
    buckets.add(((red >> 5) << 6) | ((green >> 5) << 3) | (blue >> 5));
  }
  return {
    width: image.width,
    height: image.height,
    nonBlackShare: pixels === 0 ? 0 : nonBlack / pixels,
    colorBuckets: buckets.size,
  };
}

/**
 * A frame code: the encoder draws each frame's number into the top of the
 * picture as black and white blocks, so a page can read which frame is
 * shown without knowing how the player maps media time to `currentTime`.
 * Row 0 holds the bits of the number, least significant on the left, and
 * row 1 their complement, so a misread block is detected.
 */
export const FRAME_CODE_BITS = 16;

/** Height of one row of blocks, as a fraction of the picture height. */
export const FRAME_CODE_ROW_FRACTION = 1 / 12;

/** Luma on a 0-255 scale above which a block reads as white. */
const WHITE_THRESHOLD = 128;

/**
 * Returns an ffmpeg filter chain that draws the frame code over the top
 * two rows of block height, using the filter's frame counter `n`. Bit k is
 * set when `n mod 2^(k+1) >= 2^k`. With 16 bits the number wraps after
 * 65536 frames (36 minutes at 30 fps).
 */
export function frameCodeFilter(): string {
  const rowHeight = `ih/${1 / FRAME_CODE_ROW_FRACTION}`;
  const blockWidth = `iw/${FRAME_CODE_BITS}`;
  const filters = [`drawbox=x=0:y=0:w=iw:h=2*${rowHeight}:color=black:t=fill`];
  for (let bit = 0; bit < FRAME_CODE_BITS; bit += 1) {
    const weight = 2 ** bit;
    const box = `x=${bit}*${blockWidth}:w=${blockWidth}:h=${rowHeight}:color=white:t=fill`;
    filters.push(
      `drawbox=${box}:y=0:enable='gte(mod(n,${2 * weight}),${weight})'`,
    );
    filters.push(
      `drawbox=${box}:y=${rowHeight}:enable='lt(mod(n,${2 * weight}),${weight})'`,
    );
  }
  return filters.join(",");
}

/**
 * Decodes a frame number from the mean luma of each block's centre:
 * `FRAME_CODE_BITS` values for row 0, then as many for row 1. Returns
 * undefined when a row 1 block does not read as the complement of the one
 * above it, which happens when the picture is scaled badly or blurred.
 */
export function decodeFrameCode(lumas: readonly number[]): number | undefined {
  if (lumas.length !== 2 * FRAME_CODE_BITS) {
    throw new RangeError(
      `a frame code has ${2 * FRAME_CODE_BITS} blocks; received ${lumas.length}`,
    );
  }
  let frame = 0;
  for (let bit = 0; bit < FRAME_CODE_BITS; bit += 1) {
    const set = lumas[bit] > WHITE_THRESHOLD;
    const complementSet = lumas[FRAME_CODE_BITS + bit] > WHITE_THRESHOLD;
    if (set === complementSet) return undefined;
    if (set) frame += 2 ** bit;
  }
  return frame;
}

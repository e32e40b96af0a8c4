import type { Config, Rendition } from "../../../stacks/config/schema";
import { INPUT_RESOLUTION_LIMITS } from "../../../stacks/media/ladder";

export type ResolutionClass = keyof typeof INPUT_RESOLUTION_LIMITS;

/**
 * MediaLive bills each output by codec, resolution class and frame rate.
 * The classes use the same frame size limits as the input classes:
 * SD up to 1024x576, HD up to 1920x1080, UHD above.
 */
export function resolutionClass(
  rendition: Pick<Rendition, "width" | "height">,
): ResolutionClass {
  for (const name of ["SD", "HD"] as const) {
    const limit = INPUT_RESOLUTION_LIMITS[name];
    if (rendition.width <= limit.width && rendition.height <= limit.height)
      return name;
  }
  return "UHD";
}

/** Frame rate tier of MediaLive's output prices. */
export function framerateTier(framesPerSecond: number): string {
  if (framesPerSecond <= 30) return "UP_TO_30FPS";
  if (framesPerSecond <= 60) return "UP_TO_60FPS";
  return "ABOVE_60FPS";
}

/** Price table key of the channel's input: `<codec>-<resolution>-<maximum bitrate>`. */
export function inputPriceKey(media: Config["media"]): string {
  return `${media.inputCodec}-${media.inputResolution}-${media.maximumInputBitrate}`;
}

/** Price table key of one rendition's output; the channel encodes every rendition as H.264 (AVC). */
export function outputPriceKey(
  rendition: Rendition,
  framesPerSecond: number,
): string {
  return `AVC-${resolutionClass(rendition)}-${framerateTier(framesPerSecond)}`;
}

/** Renditions grouped by the output price that applies to them, in ladder order. */
export function outputsByPrice(
  media: Config["media"],
): Map<string, Rendition[]> {
  const groups = new Map<string, Rendition[]>();
  for (const rendition of media.renditions) {
    const key = outputPriceKey(rendition, media.framerate);
    groups.set(key, [...(groups.get(key) ?? []), rendition]);
  }
  return groups;
}

/** A rendition as the quality menu needs it; `index` is its hls.js level index. */
export interface RenditionLevel {
  readonly index: number;
  readonly width?: number;
  readonly height?: number;
  /** Peak bitrate in bits per second (the playlist's `BANDWIDTH`). */
  readonly bitrate: number;
}

export interface RenditionMenuItem {
  /** `auto`, or the level index as a decimal string. */
  readonly value: string;
  readonly label: string;
}

export interface RenditionMenu {
  readonly items: readonly RenditionMenuItem[];
  readonly selectedValue: string;
}

/** Menu value that turns adaptive bitrate selection back on. */
export const AUTO_VALUE = "auto";

/** hls.js level index meaning "automatic". */
export const AUTO_LEVEL = -1;

export interface RenditionMenuState {
  /** Level the viewer picked, or AUTO_LEVEL. */
  readonly manualLevel: number;
  /** Level now playing, or -1 before the first switch. */
  readonly playingLevel: number;
}

/**
 * Builds the quality menu: "Auto" first (with the playing rendition in
 * brackets), then every rendition from the highest to the lowest.
 */
export function buildRenditionMenu(
  levels: readonly RenditionLevel[],
  state: RenditionMenuState,
): RenditionMenu {
  const labels = renditionLabels(levels);
  const playing = levels.find((level) => level.index === state.playingLevel);
  const autoLabel = playing ? `Auto (${labels.get(playing.index)})` : "Auto";
  const sorted = [...levels].sort(
    (a, b) => (b.height ?? 0) - (a.height ?? 0) || b.bitrate - a.bitrate,
  );
  const items: RenditionMenuItem[] = [
    { value: AUTO_VALUE, label: autoLabel },
    ...sorted.map((level) => ({
      value: String(level.index),
      label: labels.get(level.index) ?? "",
    })),
  ];
  const manual = levels.some((level) => level.index === state.manualLevel);
  return {
    items,
    selectedValue: manual ? String(state.manualLevel) : AUTO_VALUE,
  };
}

/**
 * Labels each rendition by its height ("720p"); renditions that share a
 * height, or have none, are distinguished by bitrate ("720p, 2.5 Mbps").
 */
export function renditionLabels(
  levels: readonly RenditionLevel[],
): Map<number, string> {
  const heightCounts = new Map<number, number>();
  for (const level of levels) {
    if (level.height)
      heightCounts.set(level.height, (heightCounts.get(level.height) ?? 0) + 1);
  }
  const labels = new Map<number, string>();
  for (const level of levels) {
    const rate = formatBitrate(level.bitrate);
    if (!level.height) labels.set(level.index, rate);
    else if ((heightCounts.get(level.height) ?? 0) > 1)
      labels.set(level.index, `${level.height}p, ${rate}`);
    else labels.set(level.index, `${level.height}p`);
  }
  return labels;
}

/** Converts a menu value back to an hls.js level index; throws for a value the menu never offers. */
export function levelForMenuValue(
  value: string,
  levels: readonly RenditionLevel[],
): number {
  if (value === AUTO_VALUE) return AUTO_LEVEL;
  const index = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!levels.some((level) => level.index === index)) {
    throw new RangeError(`quality menu value "${value}" names no rendition`);
  }
  return index;
}

/** Formats bits per second as "800 kbps" or "2.5 Mbps". */
export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000)
    return `${Number((bitsPerSecond / 1_000_000).toFixed(1))} Mbps`;
  return `${Math.round(bitsPerSecond / 1000)} kbps`;
}

import type {
  MedialiveChannelEncoderSettings,
  MedialiveChannelEncoderSettingsAudioDescriptions,
  MedialiveChannelEncoderSettingsOutputGroups,
  MedialiveChannelEncoderSettingsVideoDescriptions,
  MedialiveChannelInputAttachmentsInputSettings,
} from "@cdktf/provider-aws/lib/medialive-channel";
import type { Config } from "../config/schema";
import type { LadderPlan, PlannedRendition } from "./ladder";

/**
 * Encoder settings of the channel: one H.264 video description, one AAC
 * audio description and one HLS output per rendition. Every settings block
 * carries at least one value, because an empty block has crashed the AWS
 * provider.
 */

/** Id of the channel destination the HLS output group writes to. */
export const HLS_DESTINATION_ID = "hls_s3";

/** Name of the input's audio selector that every audio description reads. */
export const AUDIO_SELECTOR_NAME = "program_audio";

/** Shortest playlist window, in segments. */
const MIN_PLAYLIST_SEGMENTS = 5;

/** Playlist window the HLS group aims for, in seconds, so a briefly stalled viewer can catch up. */
const PLAYLIST_WINDOW_SECONDS = 30;

export const videoDescriptionName = (rendition: PlannedRendition) =>
  `video_${rendition.name}`;
export const audioDescriptionName = (rendition: PlannedRendition) =>
  `audio_${rendition.name}`;

/** Number of segments in each media playlist: about 30 seconds, and at least 5. */
export function playlistSegments(plan: LadderPlan): number {
  return Math.max(
    MIN_PLAYLIST_SEGMENTS,
    Math.ceil(PLAYLIST_WINDOW_SECONDS / plan.segmentLengthSeconds),
  );
}

/** Builds the channel's encoder settings from the ladder plan. */
export function encoderSettings(
  media: Config["media"],
  plan: LadderPlan,
): MedialiveChannelEncoderSettings {
  return {
    // The RTMP source carries no timecode, so the output uses the system
    // clock, and the HLS program date time follows it.
    timecodeConfig: { source: "SYSTEMCLOCK" },
    videoDescriptions: plan.renditions.map((rendition) =>
      videoDescription(plan, rendition),
    ),
    audioDescriptions: plan.renditions.map(audioDescription),
    outputGroups: [hlsOutputGroup(media, plan)],
  };
}

/** Input settings of the RTMP attachment: one audio selector, and keep running when the push stops. */
export function rtmpInputSettings(): MedialiveChannelInputAttachmentsInputSettings {
  return {
    audioSelector: [{ name: AUDIO_SELECTOR_NAME }],
    sourceEndBehavior: "CONTINUE",
    inputFilter: "AUTO",
    deblockFilter: "DISABLED",
    denoiseFilter: "DISABLED",
  };
}

/**
 * Input settings of a file attachment: the same audio selector as the RTMP
 * input, because every audio description reads it by name. At the end of
 * the file the channel continues with the next scheduled input, or with
 * its input-loss behavior when the schedule names none.
 */
export function fileInputSettings(): MedialiveChannelInputAttachmentsInputSettings {
  return {
    audioSelector: [{ name: AUDIO_SELECTOR_NAME }],
    sourceEndBehavior: "CONTINUE",
    inputFilter: "AUTO",
    deblockFilter: "DISABLED",
    denoiseFilter: "DISABLED",
  };
}

function videoDescription(
  plan: LadderPlan,
  rendition: PlannedRendition,
): MedialiveChannelEncoderSettingsVideoDescriptions {
  return {
    name: videoDescriptionName(rendition),
    width: rendition.width,
    height: rendition.height,
    respondToAfd: "NONE",
    scalingBehavior: "DEFAULT",
    sharpness: 50,
    codecSettings: {
      h264Settings: {
        profile: "HIGH",
        level: rendition.level.mediaLiveLevel,
        rateControlMode: "CBR",
        bitrate: rendition.videoBitrate,
        // One second of buffer. Every level's maximum buffer is at least its
        // maximum bitrate, so this stays within the level.
        bufSize: rendition.videoBitrate,
        bufFillPct: 90,
        // A fixed output frame rate, the same for every rendition, so the
        // GOP length in frames is the same length in time everywhere.
        framerateControl: "SPECIFIED",
        framerateNumerator: plan.frameRate.numerator,
        framerateDenominator: plan.frameRate.denominator,
        // Closed GOPs of a fixed length that divides the segment: every
        // segment of every rendition starts on an IDR frame at the same
        // time, so the player can switch renditions at any segment.
        gopSize: plan.gopFrames,
        gopSizeUnits: "FRAMES",
        gopClosedCadence: 1,
        gopNumBFrames: 2,
        gopBReference: "ENABLED",
        // Scene-change key frames would break the fixed GOP cadence.
        sceneChangeDetect: "DISABLED",
        entropyEncoding: "CABAC",
        scanType: "PROGRESSIVE",
        parControl: "SPECIFIED",
        parNumerator: 1,
        parDenominator: 1,
        colorMetadata: "INSERT",
        afdSignaling: "NONE",
        timecodeInsertion: "DISABLED",
        lookAheadRateControl: "MEDIUM",
        syntax: "DEFAULT",
      },
    },
  };
}

function audioDescription(
  rendition: PlannedRendition,
): MedialiveChannelEncoderSettingsAudioDescriptions {
  return {
    name: audioDescriptionName(rendition),
    audioSelectorName: AUDIO_SELECTOR_NAME,
    audioTypeControl: "FOLLOW_INPUT",
    languageCodeControl: "FOLLOW_INPUT",
    codecSettings: {
      aacSettings: {
        bitrate: rendition.audioBitrate,
        codingMode: "CODING_MODE_2_0",
        inputType: "NORMAL",
        profile: "LC",
        rateControlMode: "CBR",
        rawFormat: "NONE",
        sampleRate: 48_000,
        spec: "MPEG4",
      },
    },
  };
}

function hlsOutputGroup(
  media: Config["media"],
  plan: LadderPlan,
): MedialiveChannelEncoderSettingsOutputGroups {
  const segments = playlistSegments(plan);
  return {
    name: "hls",
    outputGroupSettings: {
      hlsGroupSettings: {
        destination: { destinationRefId: HLS_DESTINATION_ID },
        mode: "LIVE",
        outputSelection: "MANIFESTS_AND_SEGMENTS",
        segmentLength: plan.segmentLengthSeconds,
        indexNSegments: segments,
        keepSegments: segments * 2,
        // A date-time tag on every segment lets the player and operators
        // measure end-to-end latency.
        programDateTime: "INCLUDE",
        programDateTimePeriod: plan.segmentLengthSeconds,
        manifestDurationFormat: "FLOATING_POINT",
        streamInfResolution: "INCLUDE",
        codecSpecification: "RFC_4281",
        directoryStructure: "SINGLE_DIRECTORY",
        tsFileMode: "SEGMENTED_FILES",
        iframeOnlyPlaylists: "DISABLED",
        inputLossAction: "EMIT_OUTPUT",
        // With two pipelines, each master playlist also lists the other
        // pipeline's media playlists, so the player fails over between them.
        redundantManifest:
          media.channelClass === "STANDARD" ? "ENABLED" : "DISABLED",
        ...(media.s3CannedAcl !== undefined
          ? {
              hlsCdnSettings: [
                { hlsS3Settings: { cannedAcl: media.s3CannedAcl } },
              ],
            }
          : {}),
      },
    },
    outputs: plan.renditions.map((rendition) => ({
      outputName: rendition.name,
      videoDescriptionName: videoDescriptionName(rendition),
      audioDescriptionNames: [audioDescriptionName(rendition)],
      outputSettings: {
        hlsOutputSettings: {
          nameModifier: `_${rendition.name}`,
          hlsSettings: {
            standardHlsSettings: {
              // MediaLive's default transport stream layout, written out
              // so that the block is not empty.
              m3U8Settings: {
                programNum: 1,
                pmtPid: "480",
                videoPid: "481",
                audioPids: "492-498",
                audioFramesPerPes: 4,
                pcrControl: "PCR_EVERY_PES_PACKET",
                scte35Behavior: "NO_PASSTHROUGH",
                timedMetadataBehavior: "NO_PASSTHROUGH",
                nielsenId3Behavior: "NO_PASSTHROUGH",
              },
            },
          },
        },
      },
    })),
  };
}

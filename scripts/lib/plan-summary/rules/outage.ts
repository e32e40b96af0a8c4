import { booleanTransition } from "../attributes";
import { LABEL_ATTRIBUTES, REPLACE_OR_DESTROY, type ImpactRule } from "./rule";

/**
 * Changes that stop a running stream or change the address viewers or the
 * encoder use.
 *
 * The channel rules follow terraform-provider-aws
 * (internal/service/medialive/channel.go). resourceChannelUpdate stops a
 * RUNNING channel before any change other than tags and start_channel, and
 * starts it again only when start_channel is true. resourceChannelDelete
 * stops a RUNNING channel before deleting it.
 */
export const OUTAGE_RULES: readonly ImpactRule[] = [
  {
    id: "medialive-channel-settings",
    category: "outage",
    resourceTypes: ["aws_medialive_channel"],
    actions: ["update"],
    attributes: { except: [...LABEL_ATTRIBUTES, "start_channel"] },
    explain: () =>
      "The provider stops a running channel to apply new settings and starts it again only when start_channel is true, so the stream drops for the restart.",
  },
  {
    id: "medialive-channel-stopped",
    category: "outage",
    resourceTypes: ["aws_medialive_channel"],
    actions: ["update"],
    when: (change) => {
      const { before, after } = booleanTransition(
        change.resource,
        "start_channel",
      );
      return before === true && after === false;
    },
    explain: () =>
      "start_channel changes from true to false, so the provider stops the running channel.",
  },
  {
    id: "medialive-channel-replaced",
    category: "outage",
    resourceTypes: ["aws_medialive_channel"],
    actions: REPLACE_OR_DESTROY,
    explain: (change) =>
      change.kind === "replace"
        ? "The channel is stopped, deleted and created again with a new id; the stream is down until the new channel runs."
        : "The channel is stopped and deleted; the stream ends.",
  },
  {
    id: "medialive-input-replaced",
    category: "outage",
    resourceTypes: ["aws_medialive_input"],
    actions: REPLACE_OR_DESTROY,
    explain: (change) =>
      change.kind === "replace"
        ? "The RTMP input is created again with a new push URL: the encoder must be reconfigured before it can push."
        : "The RTMP input and its push URL are deleted.",
  },
  {
    id: "api-rest-api-replaced",
    category: "outage",
    resourceTypes: ["aws_api_gateway_rest_api"],
    actions: REPLACE_OR_DESTROY,
    explain: () =>
      "The REST API gets a new id, so every player and stream URL changes and old links stop working.",
  },
  {
    id: "api-deployment-replaced",
    category: "outage",
    resourceTypes: ["aws_api_gateway_deployment"],
    actions: REPLACE_OR_DESTROY,
    explain: () =>
      "The deployment behind the stage is replaced: check that the stage moves to the new deployment in the same apply, because requests fail while it has none.",
  },
  {
    id: "api-stage-replaced",
    category: "outage",
    resourceTypes: ["aws_api_gateway_stage"],
    actions: REPLACE_OR_DESTROY,
    explain: (change) =>
      change.kind === "replace"
        ? "The stage is deleted and created again; its URL fails until the new stage exists."
        : "The stage and its URL are deleted.",
  },
];
